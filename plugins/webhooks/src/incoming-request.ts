// Reads the body of POST /hooks/{id} into Mattermost's IncomingWebhookRequest: JSON (also when no
// Content-Type is given), a form with the JSON in `payload` (Slack's style), or multipart/form-data
// with either a `payload` field or the request's fields one by one.
import { badRequest } from './http-error.ts';
import { HttpError, jsonInputProblem } from '@parley/plugin-api';
import { contentTypeParameter, mediaType, parseMultipart, parseUrlEncoded } from './form-encoding.ts';
import { AttachmentError, normalizeAttachments, type SlackAttachment } from './slack-format.ts';

/** Mattermost's IncomingWebhookRequest, checked. */
export interface IncomingWebhookRequest {
  text: string;
  username: string;
  icon_url: string;
  channel: string;
  props: Record<string, unknown>;
  /** null when the payload had none (Mattermost tells "none" from "empty"). */
  attachments: SlackAttachment[] | null;
  type: string;
  icon_emoji: string;
  priority: Record<string, unknown> | null;
}

const STRING_FIELDS = ['text', 'username', 'icon_url', 'channel', 'type', 'icon_emoji'] as const;
/** Keys whose raw newlines and tabs Mattermost escapes when the JSON does not parse as sent. */
const ESCAPED_VALUES = /"(text|fallback|pretext|author_name|title|value)"\s*:\s*"(\\"|[^"])*"/gs;

export function parseIncomingRequest(contentType: string | undefined, body: string): IncomingWebhookRequest {
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') {
    let fields: Record<string, string>;
    try {
      fields = parseUrlEncoded(body);
    } catch {
      throw parseError('the form is not correctly encoded');
    }
    return fromJson(fields.payload ?? '');
  }
  if (type === 'multipart/form-data') {
    let fields: Record<string, string>;
    try {
      fields = parseMultipart(body, contentTypeParameter(contentType ?? '', 'boundary'));
    } catch (err) {
      throw badRequest('api.webhook.incoming.error', 'Could not decode the multipart payload of the incoming webhook.', (err as Error).message);
    }
    if (fields.payload !== undefined) return fromJson(fields.payload);
    return fromObject({ text: fields.text, username: fields.username, icon_url: fields.icon_url, channel: fields.channel, type: fields.type, icon_emoji: fields.icon_emoji });
  }
  return fromJson(body);
}

function fromJson(text: string): IncomingWebhookRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = JSON.parse(text.replace(ESCAPED_VALUES, (pair) => pair.replace(/\n/g, '\\n').replace(/\t/g, '\\t')));
    } catch {
      throw parseError(text.trim() === '' ? 'the payload is empty' : 'the payload is not valid JSON');
    }
  }
  if (value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) throw parseError('the payload must be a JSON object');
  const problem = jsonInputProblem(value);
  if (problem) throw parseError(`the payload ${problem}`);
  return fromObject(value as Record<string, unknown>);
}

function fromObject(raw: Record<string, unknown>): IncomingWebhookRequest {
  const request: IncomingWebhookRequest = {
    text: '',
    username: '',
    icon_url: '',
    channel: '',
    type: '',
    icon_emoji: '',
    props: {},
    attachments: null,
    priority: null,
  };
  for (const name of STRING_FIELDS) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw parseError(`${name} must be a string`);
    request[name] = value;
  }
  if (raw.props !== undefined && raw.props !== null) {
    if (!isObject(raw.props)) throw parseError('props must be an object');
    request.props = { ...raw.props };
  }
  if (raw.priority !== undefined && raw.priority !== null) {
    if (!isObject(raw.priority)) throw parseError('priority must be an object');
    request.priority = raw.priority;
  }
  if (raw.attachments !== undefined && raw.attachments !== null) {
    try {
      request.attachments = normalizeAttachments(raw.attachments);
    } catch (err) {
      if (err instanceof AttachmentError) throw parseError(err.message);
      throw err;
    }
  }
  return request;
}

function parseError(detail: string): HttpError {
  return badRequest('model.incoming_hook.parse_data.app_error', `Unable to parse the incoming data: ${detail}.`, detail);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
