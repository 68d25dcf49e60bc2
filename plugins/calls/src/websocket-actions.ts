// The client's side of the protocol: `custom_com.mattermost.calls_<action>` WebSocket actions, with
// the data Mattermost's Calls clients send, decoded and checked here before the CallsService acts
// on them. Malformed data is dropped (and logged at debug), as Mattermost's plugin drops it; only a
// refused join is answered, with an `error` event to the connection, since the client waits for
// `join` or `error`.
import { HttpError, isValidId, type PluginAPI, type WebSocketRequest } from '@parley/plugin-api';
import type { CallEvents } from './call-events.ts';
import type { CallsService, UserStateChange } from './calls-service.ts';
import type { RateLimiter } from './rate-limiter.ts';

export const PLUGIN_ID = 'com.mattermost.calls';
const ACTION_PREFIX = `custom_${PLUGIN_ID}_`;

const MAX_TITLE = 256;
const MAX_ICE_JSON = 4096;
/** A compressed SDP offer fits the hub's 64 KB frames; its base64 is a third longer than its bytes. */
const MAX_SDP_BASE64 = 88 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const EMOJI_NAME = /^[a-z0-9_+-]{1,64}$/;
const EMOJI_UNIFIED = /^[0-9a-fA-F-]{1,64}$/;

const STATE_CHANGES = new Set<string>(['mute', 'unmute', 'voice_on', 'voice_off', 'screen_on', 'screen_off', 'raise_hand', 'unraise_hand']);

export interface WebSocketActionDeps {
  api: PluginAPI;
  calls: CallsService;
  events: CallEvents;
  limiter: RateLimiter;
}

class MalformedAction extends Error {}

function optionalId(value: unknown, name: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (!isValidId(value)) throw new MalformedAction(`${name} must be a 26-character id`);
  return value;
}

function requiredId(value: unknown, name: string): string {
  if (!isValidId(value)) throw new MalformedAction(`${name} must be a 26-character id`);
  return value;
}

function jsonObject(value: unknown, max: number, name: string): Record<string, unknown> {
  if (typeof value !== 'string' || value.length > max) throw new MalformedAction(`${name} must be JSON text of at most ${max} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new MalformedAction(`${name} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MalformedAction(`${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

function emojiOf(data: Record<string, unknown>): { name: string; unified: string; skin?: string; literal?: string } {
  const emoji = jsonObject(data.data, 1024, 'data');
  const { name, unified, skin, literal } = emoji;
  if (typeof name !== 'string' || !EMOJI_NAME.test(name)) throw new MalformedAction('emoji name must be an emoji name');
  if (typeof unified !== 'string' || !EMOJI_UNIFIED.test(unified)) throw new MalformedAction('emoji unified must be code points in hex');
  if (skin !== undefined && (typeof skin !== 'string' || skin.length > 16)) throw new MalformedAction('emoji skin must be short text');
  if (literal !== undefined && (typeof literal !== 'string' || literal.length > 32)) throw new MalformedAction('emoji literal must be short text');
  return { name, unified, ...(typeof skin === 'string' ? { skin } : {}), ...(typeof literal === 'string' ? { literal } : {}) };
}

/** The webSocketMessageHasBeenPosted hook: every calls action, checked, limited and dispatched. */
export function websocketActions(deps: WebSocketActionDeps): (connectionId: string, userId: string, request: WebSocketRequest) => Promise<void> {
  const { api, calls, events, limiter } = deps;
  /**
   * The server calls the hook for each frame as it arrives, without waiting for the previous call;
   * a connection's messages are handled one after the other, in the order sent (a `reconnect` is
   * done before the `unmute` that follows it), as Mattermost's per-session reader does.
   */
  const chains = new Map<string, Promise<void>>();
  return (connectionId, userId, request) => {
    if (typeof request?.action !== 'string' || !request.action.startsWith(ACTION_PREFIX)) return Promise.resolve();
    const previous = chains.get(connectionId) ?? Promise.resolve();
    const next = previous.then(() => handle(connectionId, userId, request));
    const settled = next.catch(() => undefined);
    chains.set(connectionId, settled);
    void settled.then(() => {
      if (chains.get(connectionId) === settled) chains.delete(connectionId);
    });
    return next;
  };

  async function handle(connectionId: string, userId: string, request: WebSocketRequest): Promise<void> {
    const action = request.action.slice(ACTION_PREFIX.length);
    const data = (typeof request.data === 'object' && request.data !== null ? request.data : {}) as Record<string, unknown>;
    if (!limiter.allow(connectionId)) {
      await api.log.debug('calls message dropped: the connection sends too many', { action, user_id: userId });
      return;
    }
    try {
      await dispatch(action, data);
    } catch (err) {
      if (err instanceof MalformedAction) {
        await api.log.debug('calls message dropped: malformed', { action, user_id: userId, reason: err.message });
        if (action === 'join') await events.toConnection('error', connectionId, { data: `Invalid join request: ${err.message}.` });
        return;
      }
      if (!(err instanceof HttpError)) throw err;
      await api.log.debug('calls message refused', { action, user_id: userId, reason: err.message });
      if (action === 'join') await events.toConnection('error', connectionId, { data: err.message });
    }

    async function dispatch(name: string, body: Record<string, unknown>): Promise<void> {
      switch (name) {
        case 'join': {
          const title = body.title ?? '';
          if (typeof title !== 'string' || title.length > MAX_TITLE) throw new MalformedAction(`title must be text of at most ${MAX_TITLE} characters`);
          await calls.join(connectionId, userId, { channelId: requiredId(body.channelID, 'channelID'), title, threadId: optionalId(body.threadID, 'threadID') });
          return;
        }
        case 'leave':
          await calls.leave(connectionId);
          return;
        case 'reconnect':
          await calls.reconnect(connectionId, userId, {
            channelId: requiredId(body.channelID, 'channelID'),
            originalConnId: requiredId(body.originalConnID, 'originalConnID'),
            prevConnId: requiredId(body.prevConnID, 'prevConnID'),
          });
          return;
        case 'call_state':
          await calls.sendState(connectionId, userId, requiredId(body.channelID, 'channelID'));
          return;
        case 'react':
          await calls.react(connectionId, emojiOf(body));
          return;
        case 'sdp': {
          const bytes = body.data;
          if (typeof bytes !== 'string' || bytes.length === 0 || bytes.length > MAX_SDP_BASE64 || !BASE64.test(bytes)) throw new MalformedAction('data must be the compressed SDP as binary');
          await calls.signal(connectionId, { kind: 'sdp', zlibBase64: bytes });
          return;
        }
        case 'ice': {
          jsonObject(body.data, MAX_ICE_JSON, 'data');
          await calls.signal(connectionId, { kind: 'ice', json: body.data as string });
          return;
        }
        default:
          if (STATE_CHANGES.has(name)) {
            if (name === 'screen_on' && body.data !== undefined) jsonObject(body.data, 1024, 'data');
            await calls.changeState(connectionId, name as UserStateChange);
          }
      }
    }
  }
}
