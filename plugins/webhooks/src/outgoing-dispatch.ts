// Outgoing webhooks at work (Mattermost's handleWebhookEvents and TriggerWebhook): a post in a
// public channel calls every callback URL of the hooks it triggers, in parallel, and a response
// with text or attachments is posted back as the hook's creator.
import type { Channel, PluginAPI, Post } from '@parley/plugin-api';
import type { HookTable } from './hook-table.ts';
import { encodeUrlEncoded } from './form-encoding.ts';
import { apiErrorId } from './http-error.ts';
import { CONTENT_TYPE_JSON, triggeredHooks, type OutgoingWebhook } from './outgoing-webhook.ts';
import { readSettings, type WebhookSettings } from './server-settings.ts';
import { normalizeAttachments } from './slack-format.ts';
import { deliver } from './webhook-delivery.ts';

/** Left of the hook's own deadline, so that the hook always ends before the server gives up on it. */
const HOOK_DEADLINE_MARGIN_MS = 2000;
const MIN_REQUEST_TIMEOUT_MS = 1000;

/** Mattermost's OutgoingWebhookPayload. */
export interface OutgoingPayload {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  /** Milliseconds. */
  timestamp: number;
  user_id: string;
  user_name: string;
  post_id: string;
  text: string;
  trigger_word: string;
  file_ids: string;
}

/** Runs the outgoing webhooks a new post triggers; returns once every callback has answered or failed. */
export async function dispatchOutgoing(api: PluginAPI, outgoing: HookTable<OutgoingWebhook>, post: Post): Promise<void> {
  // Webhook posts (and the answers to outgoing webhooks) never trigger webhooks; system messages neither.
  if (post.props?.from_webhook === 'true' || post.type.startsWith('system_')) return;
  // One read answers the common case of a server without outgoing webhooks.
  if (!(await outgoing.anyTeam())) return;
  const settings = await readSettings(api);
  if (!settings.outgoingEnabled) {
    await api.log.debug('outgoing webhooks are off (ServiceSettings.EnableOutgoingWebhooks): the post calls none', { post_id: post.id });
    return;
  }
  const channel = await api.channels.get(post.channel_id);
  if (channel.type !== 'O') return;
  const hooks = await outgoing.byTeam(channel.team_id);
  const triggered = triggeredHooks(hooks, post.channel_id, post.message);
  if (triggered.length === 0) return;
  const [team, user] = await Promise.all([api.teams.get(channel.team_id), api.users.get(post.user_id)]);
  await Promise.all(
    triggered.map(({ hook, triggerWord }) =>
      callHook(api, settings, hook, channel, post, {
        token: hook.token,
        team_id: hook.team_id,
        team_domain: team.name,
        channel_id: post.channel_id,
        channel_name: channel.name,
        timestamp: post.create_at,
        user_id: post.user_id,
        user_name: user.username,
        post_id: post.id,
        text: post.message,
        trigger_word: triggerWord,
        file_ids: (post.file_ids ?? []).join(','),
      }),
    ),
  );
}

/** The request body and its Content-Type; the form encoding gives `timestamp` in seconds, as Mattermost does. */
export function encodePayload(payload: OutgoingPayload, contentType: string): { contentType: string; body: string } {
  if (contentType === CONTENT_TYPE_JSON) return { contentType: CONTENT_TYPE_JSON, body: JSON.stringify(payload) };
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) fields[name] = name === 'timestamp' ? String(Math.floor(payload.timestamp / 1000)) : String(value);
  return { contentType: 'application/x-www-form-urlencoded', body: encodeUrlEncoded(fields) };
}

async function callHook(api: PluginAPI, settings: WebhookSettings, hook: OutgoingWebhook, channel: Channel, post: Post, payload: OutgoingPayload): Promise<void> {
  const { contentType, body } = encodePayload(payload, hook.content_type);
  const timeoutMs = Math.max(MIN_REQUEST_TIMEOUT_MS, Math.min(settings.outgoingTimeoutMs, settings.hookTimeoutMs - HOOK_DEADLINE_MARGIN_MS));
  await Promise.all(
    hook.callback_urls.map(async (url) => {
      try {
        const response = await api.http.fetch(url, { method: 'POST', headers: { 'Content-Type': contentType, Accept: 'application/json' }, body, timeoutMs });
        await postResponse(api, settings, hook, channel, post, response.body);
      } catch (err) {
        await api.log.warn('outgoing webhook call failed', { outgoing_webhook_id: hook.id, post_id: post.id, error_id: apiErrorId(err), error: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
}

/** Posts the callback's answer when it has text or attachments (Mattermost's OutgoingWebhookResponse). */
async function postResponse(api: PluginAPI, settings: WebhookSettings, hook: OutgoingWebhook, channel: Channel, post: Post, body: string): Promise<void> {
  if (body.trim() === '') return;
  const response = JSON.parse(body) as unknown;
  if (typeof response !== 'object' || response === null || Array.isArray(response)) throw new Error('the callback did not answer with a JSON object');
  const answer = response as Record<string, unknown>;
  const attachments = normalizeAttachments(answer.attachments);
  const text = typeof answer.text === 'string' ? answer.text : undefined;
  if (text === undefined && attachments.length === 0) return;
  const string = (value: unknown) => (typeof value === 'string' ? value : '');
  const props = typeof answer.props === 'object' && answer.props !== null && !Array.isArray(answer.props) ? (answer.props as Record<string, unknown>) : {};
  const priority = typeof answer.priority === 'object' && answer.priority !== null && !Array.isArray(answer.priority) ? (answer.priority as Record<string, unknown>) : null;
  await deliver(
    api,
    {
      userId: hook.creator_id,
      channel,
      rootId: answer.response_type === 'comment' ? post.root_id || post.id : '',
      text: text ?? '',
      username: string(answer.username) || (settings.usernameOverride ? hook.username : ''),
      iconUrl: string(answer.icon_url) || (settings.iconOverride ? hook.icon_url : ''),
      iconEmoji: '',
      props,
      attachments,
      attachmentsType: '',
      type: string(answer.type),
      priority,
      displayName: hook.display_name,
    },
    settings,
  );
}
