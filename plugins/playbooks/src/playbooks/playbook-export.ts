// Mattermost's playbook export (server/app/export.go): the fields that make sense on another server
// (no ids, team, members or channels to broadcast to), each only when it is not its zero value,
// with `version` 1; import reads the same shape back.
import { badRequest } from '../http/playbooks-error.ts';
import { decodePlaybookObject, parseBody, type Playbook, type PlaybookInput } from './playbook.ts';

export const EXPORT_VERSION = 1;

const PLAYBOOK_FIELDS = [
  'title', 'description', 'reminder_message_template', 'reminder_timer_default_seconds', 'status_update_enabled',
  'message_on_join', 'message_on_join_enabled', 'retrospective_reminder_interval_seconds', 'retrospective_template',
  'retrospective_enabled', 'signal_any_keywords', 'signal_any_keywords_enabled', 'categorize_channel_enabled',
  'category_name', 'run_summary_template_enabled', 'run_summary_template', 'channel_name_template',
  'create_channel_member_on_new_participant', 'remove_channel_member_on_removed_participant', 'channel_id',
  'channel_mode', 'run_number_prefix', 'owner_group_only_actions', 'new_channel_only', 'auto_archive_channel',
] as const;
const CHECKLIST_FIELDS = ['title'] as const;
const ITEM_FIELDS = ['title', 'command', 'description', 'due_date'] as const;
const METRIC_FIELDS = ['title', 'description', 'type', 'target'] as const;

/** The export document of a playbook. */
export function exportPlaybook(playbook: Playbook): Record<string, unknown> {
  // Mattermost's channel mode is a number whose zero is create_new_channel: left out like other zeros.
  const fields = nonZero(playbook, PLAYBOOK_FIELDS);
  if (fields.channel_mode === 'create_new_channel') delete fields.channel_mode;
  return {
    ...fields,
    version: EXPORT_VERSION,
    checklists: playbook.checklists.map((checklist) => ({ ...nonZero(checklist, CHECKLIST_FIELDS), items: checklist.items.map((item) => nonZero(item, ITEM_FIELDS)) })),
    metrics: playbook.metrics.map((metric) => nonZero(metric, METRIC_FIELDS)),
  };
}

/** An export document read back as a playbook to create; 400 for another version or anything malformed. */
export function decodeImport(body: string): PlaybookInput {
  const value = parseBody(body, 'playbook import');
  const playbook = decodePlaybookObject(value);
  if ((value as Record<string, unknown>).version !== EXPORT_VERSION) throw badRequest('playbooks.playbook.import_version', `Unsupported import version: this server imports version ${EXPORT_VERSION}`);
  return playbook;
}

function nonZero<T extends object>(value: T, fields: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const entry = value[field];
    const zero = entry === '' || entry === 0 || entry === false || entry === null || entry === undefined || (Array.isArray(entry) && entry.length === 0);
    if (!zero) out[field as string] = entry;
  }
  return out;
}
