// Mattermost's OutgoingWebhook: its wire shape (also how it is stored), its rules, and which hooks
// a post triggers.
import { badRequest, invalidBody } from './http-error.ts';
import { parseJsonBody, type HttpError } from '@parley/plugin-api';

export interface OutgoingWebhook {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  channel_id: string;
  team_id: string;
  trigger_words: string[];
  /** 0: the first word equals a trigger word; 1: it starts with one. */
  trigger_when: number;
  callback_urls: string[];
  display_name: string;
  description: string;
  content_type: string;
  username: string;
  icon_url: string;
}

export type OutgoingWebhookInput = Omit<OutgoingWebhook, 'token' | 'create_at' | 'update_at' | 'delete_at'>;

export const TRIGGER_EXACT_MATCH = 0;
export const TRIGGER_STARTS_WITH = 1;
export const CONTENT_TYPE_JSON = 'application/json';

/** Reads a request body as a hook; 400 when it is not one. */
export function outgoingInput(body: string): OutgoingWebhookInput {
  const raw = parseJsonBody(body, 'outgoing_webhook');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidBody('outgoing_webhook', 'the body must be a JSON object');
  const value = raw as Record<string, unknown>;
  const text = (name: string): string => {
    const field = value[name];
    if (field === undefined || field === null) return '';
    if (typeof field !== 'string') throw invalidBody('outgoing_webhook', `${name} must be a string`);
    return field;
  };
  const list = (name: string): string[] => {
    const field = value[name];
    if (field === undefined || field === null) return [];
    if (!Array.isArray(field) || !field.every((item) => typeof item === 'string')) throw invalidBody('outgoing_webhook', `${name} must be an array of strings`);
    return field as string[];
  };
  const when = value.trigger_when ?? 0;
  if (typeof when !== 'number' || !Number.isInteger(when)) throw invalidBody('outgoing_webhook', 'trigger_when must be an integer');
  return {
    id: text('id'),
    creator_id: text('creator_id'),
    channel_id: text('channel_id'),
    team_id: text('team_id'),
    trigger_words: list('trigger_words'),
    trigger_when: when,
    callback_urls: list('callback_urls'),
    display_name: text('display_name'),
    description: text('description'),
    content_type: text('content_type'),
    username: text('username'),
    icon_url: text('icon_url'),
  };
}

/** Mattermost's OutgoingWebhook.IsValid for the fields a client sets. */
export function checkOutgoing(hook: OutgoingWebhookInput): void {
  if ([...hook.display_name].length > 64) throw invalidField('display_name', 'The display name must be at most 64 characters.');
  if ([...hook.description].length > 500) throw invalidField('description', 'The description must be at most 500 characters.');
  if (hook.trigger_words.join(',').length > 1024) throw invalidField('words', 'The trigger words must be at most 1024 characters together.');
  if (hook.trigger_words.some((word) => word === '')) throw invalidField('words', 'A trigger word must not be empty.');
  if (hook.callback_urls.length === 0 || hook.callback_urls.join(',').length > 1024) {
    throw invalidField('callback', 'At least one callback URL is required, and the callback URLs must be at most 1024 characters together.');
  }
  for (const url of hook.callback_urls) if (!isHttpUrl(url)) throw invalidField('url', `The callback URL "${url}" is not a valid http or https URL.`);
  if (hook.content_type.length > 128) throw invalidField('content_type', 'The content type must be at most 128 characters.');
  if (hook.trigger_when !== TRIGGER_EXACT_MATCH && hook.trigger_when !== TRIGGER_STARTS_WITH) {
    throw invalidField('trigger_when', 'trigger_when must be 0 (the first word is a trigger word) or 1 (it starts with one).');
  }
  if ([...hook.username].length > 64) throw invalidField('username', 'The username must be at most 64 characters.');
  if ([...hook.icon_url].length > 1024) throw invalidField('icon_url', 'The icon URL must be at most 1024 characters.');
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url);
}

function invalidField(field: string, message: string): HttpError {
  return badRequest(`model.outgoing_hook.${field}.app_error`, message);
}

/** True when the two hooks would both answer the same post: same channel, a shared callback URL and a shared trigger word. */
export function hooksIntersect(a: Pick<OutgoingWebhook, 'channel_id' | 'callback_urls' | 'trigger_words'>, b: Pick<OutgoingWebhook, 'channel_id' | 'callback_urls' | 'trigger_words'>): boolean {
  return a.channel_id === b.channel_id && a.callback_urls.some((url) => b.callback_urls.includes(url)) && a.trigger_words.some((word) => b.trigger_words.includes(word));
}

/** A hook a post triggers, and the trigger word it matched ('' for a channel hook without words). */
export interface TriggeredHook {
  hook: OutgoingWebhook;
  triggerWord: string;
}

/** The hooks of the post's team that a post in `channelId` with `message` triggers (Mattermost's handleWebhookEvents). */
export function triggeredHooks(hooks: readonly OutgoingWebhook[], channelId: string, message: string): TriggeredHook[] {
  const firstWord = message.trim().split(/\s+/)[0] ?? '';
  const triggered: TriggeredHook[] = [];
  for (const hook of hooks) {
    if (hook.channel_id !== channelId && hook.channel_id !== '') continue;
    if (hook.channel_id === channelId && hook.trigger_words.length === 0) {
      triggered.push({ hook, triggerWord: '' });
      continue;
    }
    if (firstWord === '') continue;
    const word =
      hook.trigger_when === TRIGGER_EXACT_MATCH
        ? hook.trigger_words.find((w) => w === firstWord)
        : hook.trigger_when === TRIGGER_STARTS_WITH
          ? hook.trigger_words.find((w) => firstWord.startsWith(w))
          : undefined;
    if (word !== undefined) triggered.push({ hook, triggerWord: word });
  }
  return triggered;
}
