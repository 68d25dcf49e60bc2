// Mattermost's IncomingWebhook: its wire shape (also how it is stored) and its rules.
import { badRequest, invalidBody } from './http-error.ts';
import { HttpError, parseJsonBody } from '@parley/plugin-api';
import { isValidUsername } from './webhook-username.ts';

export interface IncomingWebhook {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  team_id: string;
  display_name: string;
  description: string;
  username: string;
  icon_url: string;
  channel_locked: boolean;
}

/** What a client may set on create and update. */
export type IncomingWebhookInput = Omit<IncomingWebhook, 'create_at' | 'update_at' | 'delete_at'>;

const LIMITS: ReadonlyArray<[keyof IncomingWebhookInput, number]> = [
  ['display_name', 64],
  ['description', 500],
  ['username', 64],
  ['icon_url', 1024],
];

/** Reads a request body as a hook; 400 when it is not one. */
export function incomingInput(body: string): IncomingWebhookInput {
  const raw = parseJsonBody(body, 'incoming_webhook');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidBody('incoming_webhook', 'the body must be a JSON object');
  const value = raw as Record<string, unknown>;
  const text = (name: keyof IncomingWebhookInput): string => {
    const field = value[name];
    if (field === undefined || field === null) return '';
    if (typeof field !== 'string') throw invalidBody('incoming_webhook', `${name} must be a string`);
    return field;
  };
  if (value.channel_locked !== undefined && value.channel_locked !== null && typeof value.channel_locked !== 'boolean') {
    throw invalidBody('incoming_webhook', 'channel_locked must be a boolean');
  }
  return {
    id: text('id'),
    user_id: text('user_id'),
    channel_id: text('channel_id'),
    team_id: text('team_id'),
    display_name: text('display_name'),
    description: text('description'),
    username: text('username'),
    icon_url: text('icon_url'),
    channel_locked: value.channel_locked === true,
  };
}

/** Mattermost's IncomingWebhook.IsValid for the fields a client sets, and the username rule. */
export function checkIncoming(hook: IncomingWebhookInput): void {
  for (const [field, max] of LIMITS) {
    if ([...hook[field] as string].length > max) throw invalidField(field, `${field} must be at most ${max} characters`);
  }
  if (hook.username !== '' && !isValidUsername(hook.username)) {
    throw badRequest('api.incoming_webhook.invalid_username.app_error', `The username "${hook.username}" is not valid: it must be 3 to 22 lowercase letters, digits, ".", "-" or "_", starting with a letter.`);
  }
}

function invalidField(field: string, message: string): HttpError {
  return badRequest(`model.incoming_hook.${field}.app_error`, `Invalid ${field.replace('_', ' ')}: ${message}.`);
}
