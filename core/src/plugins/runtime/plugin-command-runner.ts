// Runs slash commands registered by plugins (POST /commands/execute) and lists them for
// autocomplete. An ephemeral answer goes only to the caller; an `in_channel` answer is posted as
// the caller, through the normal post pipeline. Built-in and custom slash commands are plugin
// commands too (the prepackaged parley.slash-commands plugin), so every command runs this way.
import type { CommandArgs, CommandResponse } from '@parley/plugin-api';
import type { ConfigService } from '../../config/config-service.ts';
import type { Services } from '../../app/services.ts';
import type { Actor } from '../../app/actor.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import type { ActivePlugins } from './active-plugins.ts';
import type { HookDispatcher } from './hook-dispatcher.ts';
import type { HookContext } from '../../app/plugin-hooks.ts';
import type { PluginCommand, PluginCommands } from './plugin-commands.ts';
import type { EphemeralPosts } from './ephemeral-post.ts';
import type { Logger } from '../../logger.ts';
import type { AutocompleteItem } from './autocomplete-data.ts';
import { toWireAutocompleteData } from './autocomplete-data.ts';
import { CommandSuggestions, type ListFetcher, type Suggestion } from './command-suggestions.ts';
import { isPlainObject } from './api/arguments.ts';

export interface CommandRunnerDeps {
  services: Services;
  config: ConfigService;
  ephemeral: EphemeralPosts;
  logger: Logger;
  active: ActivePlugins;
  dispatcher: HookDispatcher;
  commands: PluginCommands;
}

const MAX_COMMAND_LENGTH = 4096;
const MAX_EXTRA_RESPONSES = 10;
/** More items than a suggestion list can show. */
const MAX_LIST_ITEMS = 200;

/** Where the user is typing (GET /teams/{id}/commands/autocomplete_suggestions). */
export interface SuggestionPlace {
  userInput: string;
  channelId: string;
  rootId: string;
}

export class PluginCommandRunner {
  #deps: CommandRunnerDeps;

  constructor(deps: CommandRunnerDeps) {
    this.#deps = deps;
  }

  /** `siteUrl`: where clients reach this server (ServiceSettings.SiteURL, else the request's origin), for response URLs. */
  async execute(actor: Actor, input: Record<string, unknown>, ctx: HookContext, siteUrl: string): Promise<Record<string, unknown>> {
    const { services } = this.#deps;
    if (!isValidId(input.channel_id)) throw AppError.invalidParam('channel_id');
    const command = input.command;
    if (typeof command !== 'string' || !command.startsWith('/') || command.length > MAX_COMMAND_LENGTH) {
      throw AppError.badRequest('api.command.execute_command.start.app_error', `A command must start with "/" and be at most ${MAX_COMMAND_LENGTH} characters.`);
    }
    const rootId = isValidId(input.root_id) ? input.root_id : '';
    const channel = await services.channels.get(actor, input.channel_id);
    await services.permissions.requireChannel(actor, channel, 'create_post');
    const teamId = channel.teamId || (isValidId(input.team_id) ? input.team_id : '');
    const trigger = command.slice(1).split(/\s/, 1)[0].toLowerCase();
    const registered = this.#runnable(this.#deps.commands.find(teamId, trigger));
    if (!registered) {
      throw new AppError('api.command.execute_command.not_found.app_error', 404, `Command with a trigger of '/${trigger}' not found.`, { details: `trigger=${trigger}` });
    }
    // The plugin gets the signed trigger id (to open a dialog for this user); the client its short id.
    const triggerIds = await services.integrationSecrets.newTriggerId(actor.userId);
    const args: CommandArgs = { user_id: actor.userId, channel_id: channel.id, team_id: teamId, root_id: rootId, trigger_id: triggerIds.triggerId, command, site_url: siteUrl };
    const response = normalized(await this.#deps.dispatcher.executeCommand(registered.pluginId, ctx, args));
    const extras = (response.extra_responses as Array<Record<string, unknown>>).slice(0, MAX_EXTRA_RESPONSES);
    for (const answer of [response, ...extras]) await this.#deliver(actor, channel.id, rootId, answer, ctx);
    return { ...response, trigger_id: triggerIds.clientTriggerId };
  }

  /** Autocomplete entries of the plugin commands usable in a team (GET /teams/{id}/commands/autocomplete). */
  async autocomplete(actor: Actor, teamId: string): Promise<Array<Record<string, unknown>>> {
    await this.#deps.services.permissions.requireTeam(actor, teamId, 'view_team');
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
        ...(c.autocompleteData ? { autocomplete_data: toWireAutocompleteData(c.autocompleteData, c.pluginId) } : {}),
        autocomplete_icon_data: c.autocompleteIconData,
        display_name: c.displayName,
        description: c.description,
        url: '',
        plugin_id: c.pluginId,
      }));
  }

  /**
   * Mattermost's AutocompleteSuggestion list for what the user typed so far (`/ec` → `echo`,
   * `/jira cr` → `jira create`), read against each command's autocomplete tree
   * (command-suggestions.ts). A dynamic list argument asks its plugin's route, as the user, with
   * Mattermost's query parameters; the channel is passed on only when the user may read it.
   */
  async suggestions(actor: Actor, teamId: string, where: SuggestionPlace, ctx: HookContext, siteUrl: string): Promise<Suggestion[]> {
    const { permissions } = this.#deps.services;
    await permissions.requireTeam(actor, teamId, 'view_team');
    const channelId = where.channelId !== '' && (await permissions.canReadChannel(actor, where.channelId)) ? where.channelId : '';
    const commands = this.#deps.commands.forTeam(teamId).filter((c) => c.autoComplete && this.#runnable(c));
    const trees = commands.map((c) => c.autocompleteData ?? { trigger: c.trigger, hint: c.autoCompleteHint, helpText: c.autoCompleteDesc, roleId: '', args: [], subCommands: [] });
    const fetchList: ListFetcher = (arg, parsed, toBeParsed) =>
      this.#listItems(arg.pluginId, arg.fetchPath, { user_input: parsed + toBeParsed, parsed, channel_id: channelId, team_id: teamId, root_id: where.rootId, user_id: actor.userId, site_url: siteUrl }, ctx);
    const suggestions = await new CommandSuggestions(fetchList, permissions.hasSystem(actor, 'manage_system')).forInput(trees, where.userInput.replace(/^\//, ''));
    return suggestions.map((s) => ({ ...s, IconData: commands.find((c) => s.Complete.startsWith(c.trigger))?.autocompleteIconData ?? '' }));
  }

  /** A dynamic list's items from its plugin; none (and a log line) when the plugin does not answer with a list. */
  async #listItems(pluginId: string, path: string, query: Record<string, string>, ctx: HookContext): Promise<AutocompleteItem[]> {
    const failed = (why: string) => {
      this.#deps.logger.warn('a dynamic autocomplete list could not be fetched', { plugin_id: pluginId, path, why });
      return [];
    };
    if (!this.#deps.active.get(pluginId)) return failed('the plugin is not running');
    try {
      const response = await this.#deps.dispatcher.serveHttp(pluginId, ctx, { method: 'GET', path, query, headers: { accept: 'application/json', 'mattermost-user-id': query.user_id }, user_id: query.user_id, body: '' });
      if ((response.status ?? 200) !== 200) return failed(`status ${String(response.status)}`);
      const items: unknown = JSON.parse(typeof response.body === 'string' && response.body !== '' ? response.body : '[]');
      if (!Array.isArray(items)) return failed('the answer is not a JSON array');
      const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 1024) : '');
      return items.slice(0, MAX_LIST_ITEMS).filter(isPlainObject).map((item) => ({ item: text(item.Item), hint: text(item.Hint), helpText: text(item.HelpText) }));
    } catch (err) {
      return failed(err instanceof Error ? err.message : String(err));
    }
  }

  /** A command whose plugin is running now (registrations of a stopped plugin are dead). */
  #runnable(command: PluginCommand | undefined): PluginCommand | undefined {
    return command && this.#deps.active.get(command.pluginId) ? command : undefined;
  }

  /**
   * Mattermost's HandleCommandResponsePost: `in_channel` answers are posted as the caller through the
   * normal pipeline, ephemeral ones reach only the caller. Username and icon overrides apply only
   * where the server allows them, and mark the post from_webhook as Mattermost does.
   */
  async #deliver(actor: Actor, channelId: string, rootId: string, answer: Record<string, unknown>, ctx: HookContext): Promise<void> {
    const text = answer.text as string;
    const attachments = answer.attachments as unknown[];
    if (text === '' && attachments.length === 0) return;
    const props: Record<string, unknown> = { ...(answer.props as Record<string, unknown>) };
    if (attachments.length > 0) props.attachments = attachments;
    const settings = this.#deps.config.get().ServiceSettings;
    if (answer.username !== '' && settings.EnablePostUsernameOverride) {
      props.override_username = answer.username;
      props.from_webhook = 'true';
    }
    if (answer.icon_url !== '' && settings.EnablePostIconOverride) {
      props.override_icon_url = answer.icon_url;
      props.from_webhook = 'true';
    }
    if (answer.response_type === 'in_channel') {
      // Mattermost posts to the answer's channel_id instead when the caller may post there.
      const elsewhere = answer.channel_id as string;
      const target = elsewhere !== '' && elsewhere !== channelId && (await this.#deps.services.permissions.hasChannel(actor, elsewhere, 'create_post')) ? elsewhere : channelId;
      await this.#deps.services.posts.create(actor, { channelId: target, rootId: target === channelId ? rootId : '', message: text, type: String(answer.type ?? ''), props, fileIds: [], pendingPostId: '', priority: null }, { ctx });
      return;
    }
    await this.#deps.ephemeral.send(actor.userId, { senderId: actor.userId, channelId, rootId, message: text, props });
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
    channel_id: isValidId(r.channel_id) ? r.channel_id : '',
    icon_url: str(r.icon_url),
    type: str(r.type),
    props: isPlainObject(r.props) ? r.props : {},
    goto_location: str(r.goto_location),
    skip_slack_parsing: r.skip_slack_parsing === true,
    attachments: Array.isArray(r.attachments) ? r.attachments : [],
    extra_responses: depth === 0 && Array.isArray(r.extra_responses) ? r.extra_responses.map((e) => normalized(e, 1)) : [],
  };
}
