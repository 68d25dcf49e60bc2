// The body of PATCH /playbooks/{id} (Mattermost's patchPlaybook): the two settings it changes apart
// from a whole PUT, each optional, nothing else allowed — read and checked as Mattermost's
// NormalizeRunNumberPrefix, ValidateRunNumberPrefix and ValidateChannelNameTemplate do.
import { badRequest } from '../http/playbooks-error.ts';
import { parseBody } from './playbook.ts';

export interface PlaybookPatch {
  run_number_prefix?: string;
  channel_name_template?: string;
}

const FIELDS = ['run_number_prefix', 'channel_name_template'] as const;
const MAX_RUN_NUMBER_PREFIX = 32;
const MAX_CHANNEL_NAME_TEMPLATE = 1024;
const RUN_NUMBER_PREFIX = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function decodePlaybookPatch(body: string): PlaybookPatch {
  const json = parseBody(body === '' ? '{}' : body, 'the request');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('the body must be a JSON object');
  const patch: PlaybookPatch = {};
  for (const [name, value] of Object.entries(json)) {
    if (!(FIELDS as readonly string[]).includes(name)) throw invalid(`unknown field "${name}": only ${FIELDS.join(' and ')} may be patched`);
    if (value === null) continue;
    if (typeof value !== 'string') throw invalid(`${name} must be a string`);
    patch[name as (typeof FIELDS)[number]] = value;
  }
  if (patch.run_number_prefix !== undefined) patch.run_number_prefix = checkedRunNumberPrefix(patch.run_number_prefix);
  if (patch.channel_name_template !== undefined) checkChannelNameTemplate(patch.channel_name_template);
  return patch;
}

/** Trimmed of spaces and outer hyphens; empty (no prefix) or letters, digits and inner hyphens, at most 32. */
function checkedRunNumberPrefix(value: string): string {
  const prefix = value.trim().replace(/^-+|-+$/g, '');
  if (prefix === '') return prefix;
  if ([...prefix].length > MAX_RUN_NUMBER_PREFIX) throw badRequest('playbooks.playbook.run_number_prefix', `run_number_prefix must be at most ${MAX_RUN_NUMBER_PREFIX} characters`);
  if (!RUN_NUMBER_PREFIX.test(prefix)) throw badRequest('playbooks.playbook.run_number_prefix', 'run_number_prefix must start and end with a letter or digit and hold only letters, digits and hyphens');
  return prefix;
}

function checkChannelNameTemplate(template: string): void {
  if (template !== '' && template.trim() === '') throw badRequest('playbooks.playbook.channel_name_template', 'channel_name_template must not be only spaces');
  if ([...template].length > MAX_CHANNEL_NAME_TEMPLATE) throw badRequest('playbooks.playbook.channel_name_template', `channel_name_template must be at most ${MAX_CHANNEL_NAME_TEMPLATE} characters`);
}

function invalid(reason: string) {
  return badRequest('playbooks.playbook.patch_decode', `unable to decode request body: ${reason}`);
}
