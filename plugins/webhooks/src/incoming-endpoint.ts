// POST /hooks/{id}: an integration posts a message through an incoming webhook (Mattermost's
// HandleIncomingWebhook). No session: the hook's id is the secret. Answers `ok` as text/plain.
import type { Channel, HttpResponse, PluginAPI } from '@parley/plugin-api';
import { canInChannel } from './access.ts';
import { apiErrorId, badRequest, isNotFound, notFound } from './http-error.ts';
import { HttpError } from '@parley/plugin-api';
import { isValidId } from '@parley/plugin-api';
import type { IncomingWebhook } from './incoming-webhook.ts';
import { parseIncomingRequest } from './incoming-request.ts';
import type { RouteScope } from './route-scope.ts';
import { deliver } from './webhook-delivery.ts';

const SLACK_ATTACHMENT_TYPE = 'slack_attachment';

export async function postIncomingWebhook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  const { api, request, settings } = scope;
  const hookId = params.id;
  if (!settings.incomingEnabled) throw new HttpError(501, 'web.incoming_webhook.disabled.app_error', 'Incoming webhooks have been disabled by the system admin.');
  const payload = parseIncomingRequest(request.headers['content-type'], request.body);
  if (payload.text === '' && (payload.attachments === null || payload.attachments.length === 0)) {
    throw badRequest('web.incoming_webhook.text.app_error', 'No text specified: the payload needs text or attachments.', `hook_id=${hookId}`);
  }
  const hook = isValidId(hookId) ? await scope.incoming.get(hookId) : null;
  if (!hook) throw badRequest('web.incoming_webhook.invalid.app_error', 'Invalid webhook.', `hook_id=${hookId}`);
  const channel = await targetChannel(api, hook, payload.channel);
  if (hook.channel_locked && hook.channel_id !== channel.id) {
    throw new HttpError(403, 'web.incoming_webhook.channel_locked.app_error', 'This webhook is not permitted to post to the requested channel.', `hook_id=${hookId}`);
  }
  if (channel.type !== 'O' && !(await canInChannel(api, hook.user_id, 'read_channel_content', channel.id))) {
    throw new HttpError(403, 'web.incoming_webhook.permissions.app_error', "The webhook's owner may not post in this channel.", `hook_id=${hookId}`);
  }
  await deliver(
    api,
    {
      userId: hook.user_id,
      channel,
      rootId: '',
      text: payload.text,
      username: payload.username || hook.username,
      iconUrl: payload.icon_url || hook.icon_url,
      iconEmoji: payload.icon_emoji,
      props: payload.props,
      attachments: payload.attachments ?? [],
      attachmentsType: SLACK_ATTACHMENT_TYPE,
      type: payload.type,
      priority: payload.priority,
      displayName: hook.display_name,
    },
    settings,
  );
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' };
}

/** The hook's channel, or the one `channel` names: `@username` (a direct message with the hook's owner), `#name` or `name` in the hook's team. */
async function targetChannel(api: PluginAPI, hook: IncomingWebhook, name: string): Promise<Channel> {
  try {
    if (name === '') return await api.channels.get(hook.channel_id);
    if (name.startsWith('@')) {
      const user = await api.users.getByUsername(name.slice(1)).catch((err: unknown) => {
        throw isNotFound(err) ? badRequest('web.incoming_webhook.user.app_error', `Couldn't find the user ${name}.`) : err;
      });
      return await api.channels.getDirect(hook.user_id, user.id);
    }
    return await api.channels.getByName(hook.team_id, name.startsWith('#') ? name.slice(1) : name);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // A name no channel can have is refused by the server as an invalid argument.
    if (isNotFound(err) || apiErrorId(err).includes('invalid')) throw notFound('web.incoming_webhook.channel.app_error', `Couldn't find the channel${name ? ` ${name}` : ''}.`);
    throw err;
  }
}
