// Running a custom command: the outbound request to its URL with Mattermost's fields (POST
// form-encoded, or GET with them in the query), `Authorization: Token <token>`, and the answer
// turned into the response the core delivers.
import type { CommandArgs, CommandHandler, CommandResponse, PluginAPI } from '@parley/plugin-api';
import { HttpError } from '@parley/plugin-api';
import { splitCommandLine } from '../command-line.ts';
import { integrationSettings, siteUrlOf, type IntegrationSettings } from '../server-config.ts';
import type { CommandStore } from './command-store.ts';
import type { CustomCommand } from './custom-command.ts';
import { encodeForm, withQuery } from './form-encoding.ts';
import { integrationPost, parseIntegrationResponse } from './command-response.ts';
import { createResponseUrl } from './response-urls.ts';
import { mentionFields } from './mentions.ts';

export interface CommandRequest {
  command: CustomCommand;
  args: CommandArgs;
  /** The text after the trigger. */
  text: string;
  siteUrl: string;
  settings: IntegrationSettings;
}

function failed(trigger: string, detail: string): HttpError {
  return new HttpError(500, 'api.command.execute_command.failed.app_error', `Command with a trigger of '${trigger}' failed.`, detail);
}

/** The request's fields (Mattermost's tryExecuteCustomCommand): mentions and `response_url` included. */
export async function requestFields(api: PluginAPI, request: CommandRequest): Promise<Record<string, string>> {
  const { command, args, text, siteUrl } = request;
  const [team, channel, user] = await Promise.all([api.teams.get(command.team_id), api.channels.get(args.channel_id), api.users.get(args.user_id)]);
  const responseUrlId = await createResponseUrl(api.kv, { command_id: command.id, user_id: args.user_id, channel_id: args.channel_id, root_id: args.root_id });
  return {
    ...(await mentionFields(api, text, command.team_id)),
    token: command.token,
    team_id: command.team_id,
    team_domain: team.name,
    channel_id: args.channel_id,
    channel_name: channel.name,
    user_id: args.user_id,
    user_name: user.username,
    command: `/${command.trigger}`,
    text,
    trigger_id: args.trigger_id ?? '',
    root_id: args.root_id,
    response_url: `${siteUrl}/hooks/commands/${responseUrlId}`,
  };
}

/**
 * The handler bound to every custom command's registration. The command is read from the store
 * when it runs, not when it was registered: its token or URL may have changed since.
 */
export function customCommandHandler(api: PluginAPI, store: CommandStore): CommandHandler {
  return async (_ctx, args) => {
    const { trigger, message } = splitCommandLine(args.command);
    const command = await store.findByTrigger(args.team_id, trigger);
    if (!command) throw new HttpError(404, 'api.command.execute_command.not_found.app_error', `Command with a trigger of '/${trigger}' not found.`);
    const settings = await integrationSettings(api);
    return runCustomCommand(api, { command, args, text: message, siteUrl: siteUrlOf(args, settings), settings });
  };
}

export async function runCustomCommand(api: PluginAPI, request: CommandRequest): Promise<CommandResponse> {
  const { command, settings } = request;
  if (!settings.enableCommands) throw new HttpError(501, 'api.command.disabled.app_error', 'Commands have been disabled by the system admin.');
  const fields = await requestFields(api, request);
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Token ${command.token}` };
  const post = command.method === 'P';
  if (post) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  let answer;
  try {
    answer = await api.http.fetch(post ? command.url : withQuery(command.url, fields), {
      method: post ? 'POST' : 'GET',
      headers,
      body: post ? encodeForm(fields) : undefined,
      timeoutMs: settings.requestTimeoutMs,
    });
  } catch (err) {
    await api.log.info('custom slash command request failed', { command_id: command.id, error: (err as Error).message });
    throw failed(command.trigger, (err as Error).message);
  }
  if (answer.status !== 200) {
    throw new HttpError(500, 'api.command.execute_command.failed_resp.app_error', `Command with a trigger of '${command.trigger}' returned response ${answer.status}.`);
  }
  const contentType = Object.entries(answer.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  try {
    return integrationPost(parseIntegrationResponse(contentType, answer.body), command);
  } catch (err) {
    throw failed(command.trigger, (err as Error).message);
  }
}
