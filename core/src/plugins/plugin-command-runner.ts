// Runs slash commands registered by plugins (POST /commands/execute) and lists them for
// autocomplete. An ephemeral answer goes only to the caller; an `in_channel` answer is posted as
// the caller, through the normal post pipeline.
import type { CommandArgs, CommandResponse } from '@parley/plugin-api';
import type { EventBus } from '../cluster/event-bus.ts';
import type { Services } from '../app/services.ts';
import type { AuthSession } from '../app/auth-session.ts';
import { AppError } from '../app/app-error.ts';
import { isValidId, newId } from '../app/ids.ts';
import type { ActivePlugins } from './active-plugins.ts';
import type { HookDispatcher } from './hook-dispatcher.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { PluginCommand, PluginCommands } from './plugin-commands.ts';
import { ephemeralPost, publishEphemeral } from './ephemeral-post.ts';
import { isPlainObject } from './api/arguments.ts';

export interface CommandRunnerDeps {
  services: Services;
  events: EventBus;
  active: ActivePlugins;
  dispatcher: HookDispatcher;
  commands: PluginCommands;
}

const MAX_COMMAND_LENGTH = 4096;
const MAX_EXTRA_RESPONSES = 10;

export class PluginCommandRunner {
  #deps: CommandRunnerDeps;

  constructor(deps: CommandRunnerDeps) {
    this.#deps = deps;
  }

  async execute(session: AuthSession, input: Record<string, unknown>, ctx: HookContext): Promise<Record<string, unknown>> {
    const { services } = this.#deps;
    if (!isValidId(input.channel_id)) throw AppError.invalidParam('channel_id');
    const command = input.command;
    if (typeof command !== 'string' || !command.startsWith('/') || command.length > MAX_COMMAND_LENGTH) {
      throw AppError.badRequest('api.command.execute_command.start.app_error', `A command must start with "/" and be at most ${MAX_COMMAND_LENGTH} characters.`);
    }
    const rootId = isValidId(input.root_id) ? input.root_id : '';
    const channel = await services.channels.get(input.channel_id);
    await services.permissions.requireChannel(session, channel, 'create_post');
    const teamId = channel.teamId || (isValidId(input.team_id) ? input.team_id : '');
    const trigger = command.slice(1).split(/\s/, 1)[0].toLowerCase();
    const registered = this.#runnable(this.#deps.commands.find(teamId, trigger));
    if (!registered) {
      throw new AppError('api.command.execute_command.not_found.app_error', 404, `Command with a trigger of '/${trigger}' not found.`, { details: `trigger=${trigger}` });
    }
    const args: CommandArgs = { user_id: session.userId, channel_id: channel.id, team_id: teamId, root_id: rootId, trigger_id: newId(), command };
    const response = normalized(await this.#deps.dispatcher.executeCommand(registered.pluginId, ctx, args));
    const extras = (response.extra_responses as Array<Record<string, unknown>>).slice(0, MAX_EXTRA_RESPONSES);
    for (const answer of [response, ...extras]) await this.#deliver(session, channel.id, rootId, answer, ctx);
    return { ...response, trigger_id: args.trigger_id };
  }

  /** Autocomplete entries of the plugin commands usable in a team (GET /teams/{id}/commands/autocomplete). */
  async autocomplete(session: AuthSession, teamId: string): Promise<Array<Record<string, unknown>>> {
    await this.#deps.services.permissions.requireTeam(session, teamId, 'view_team');
    return this.#deps.commands
      .forTeam(teamId)
      .filter((c) => this.#runnable(c))
      .map((c) => ({
        id: '',
        token: '',
        create_at: 0,
        update_at: 0,
        delete_at: 0,
        creator_id: '',
        team_id: c.teamId,
        trigger: c.trigger,
        method: 'P',
        username: '',
        icon_url: '',
        auto_complete: c.autoComplete,
        auto_complete_desc: c.autoCompleteDesc,
        auto_complete_hint: c.autoCompleteHint,
        display_name: c.displayName,
        description: c.description,
        url: '',
        plugin_id: c.pluginId,
      }));
  }

  /** A command whose plugin is running now (registrations of a stopped plugin are dead). */
  #runnable(command: PluginCommand | undefined): PluginCommand | undefined {
    return command && this.#deps.active.get(command.pluginId) ? command : undefined;
  }

  async #deliver(session: AuthSession, channelId: string, rootId: string, answer: Record<string, unknown>, ctx: HookContext): Promise<void> {
    const text = answer.text as string;
    if (text === '') return;
    const props = answer.props as Record<string, unknown>;
    if (answer.response_type === 'in_channel') {
      await this.#deps.services.posts.create(session, { channel_id: channelId, root_id: rootId, message: text, props }, { ctx });
      return;
    }
    publishEphemeral(this.#deps.events, session.userId, ephemeralPost({ senderId: session.userId, channelId, rootId, message: text, props }));
  }
}

/** Mattermost's CommandResponse with every field present; what the plugin sent is checked, not trusted. */
function normalized(raw: CommandResponse | unknown, depth = 0): Record<string, unknown> {
  const r = isPlainObject(raw) ? raw : {};
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    response_type: r.response_type === 'in_channel' ? 'in_channel' : 'ephemeral',
    text: str(r.text),
    username: str(r.username),
    channel_id: '',
    icon_url: str(r.icon_url),
    type: str(r.type),
    props: isPlainObject(r.props) ? r.props : {},
    goto_location: str(r.goto_location),
    skip_slack_parsing: false,
    attachments: Array.isArray(r.attachments) ? r.attachments : [],
    extra_responses: depth === 0 && Array.isArray(r.extra_responses) ? r.extra_responses.map((e) => normalized(e, 1)) : [],
  };
}
