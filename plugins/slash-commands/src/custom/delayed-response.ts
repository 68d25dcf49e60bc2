// POST /hooks/commands/<id>: an integration answering a command later, through its response_url.
// Delivered as the command's answer would have been: in the channel as the user who ran it, or
// only to that user (Mattermost's HandleCommandWebhook).
import type { CommandResponse, HttpRequest, HttpResponse, PluginAPI } from '@parley/plugin-api';
import { HttpError, textResponse } from '@parley/plugin-api';
import { integrationSettings, type IntegrationSettings } from '../server-config.ts';
import { integrationPost, parseIntegrationResponse, type IntegrationResponse } from './command-response.ts';
import type { CommandStore } from './command-store.ts';
import { useResponseUrl, type CommandRun } from './response-urls.ts';

export async function handleDelayedResponse(api: PluginAPI, store: CommandStore, id: string, request: HttpRequest): Promise<HttpResponse> {
  let response: IntegrationResponse;
  try {
    response = parseIntegrationResponse(request.headers['content-type'] ?? '', request.body);
  } catch (err) {
    throw new HttpError(400, 'web.command_webhook.parse.app_error', 'Unable to parse incoming data.', (err as Error).message);
  }
  const run = await useResponseUrl(api.kv, id);
  const command = await store.get(run.command_id);
  if (!command) throw new HttpError(400, 'web.command_webhook.command.app_error', 'Unable to find the command.', `command_id=${run.command_id}`);
  const settings = await integrationSettings(api);
  const answer = integrationPost(response, command);
  const channels = [response.channel_id, ...(response.extra_responses ?? []).map((extra) => (extra as IntegrationResponse).channel_id)];
  let failures = 0;
  for (const [i, part] of [answer, ...(answer.extra_responses ?? [])].entries()) {
    if (!(await deliver(api, run, part, channels[i], settings))) failures++;
  }
  if (failures > 0) {
    throw new HttpError(500, 'api.command.execute_command.create_post_failed.app_error', `Command '${command.trigger}' failed to post response. Please contact your System Administrator.`);
  }
  return textResponse(200, 'ok');
}

/** Posts one response; false when it could not be posted. */
async function deliver(api: PluginAPI, run: CommandRun, response: CommandResponse, channelId: string | undefined, settings: IntegrationSettings): Promise<boolean> {
  const text = response.text ?? '';
  const attachments = response.attachments ?? [];
  if (text === '' && attachments.length === 0) return true;
  let channel = run.channel_id;
  if (typeof channelId === 'string' && channelId !== '' && channelId !== channel) {
    // Another channel only when the user who ran the command is a member of it.
    if (!(await api.channels.getMember(channelId, run.user_id).then(() => true, () => false))) return false;
    channel = channelId;
  }
  const props: Record<string, unknown> = { ...response.props };
  if (attachments.length > 0) props.attachments = attachments;
  if (settings.enableUsernameOverride && response.username) props.override_username = response.username;
  if (settings.enableIconOverride && response.icon_url) props.override_icon_url = response.icon_url;
  const post = { user_id: run.user_id, channel_id: channel, root_id: run.root_id, message: text, type: response.type ?? '', props };
  try {
    if (response.response_type === 'in_channel') await api.posts.create(post);
    else await api.posts.sendEphemeral(run.user_id, post);
    return true;
  } catch (err) {
    await api.log.info('delayed slash command response not posted', { command_id: run.command_id, error: (err as Error).message });
    return false;
  }
}
