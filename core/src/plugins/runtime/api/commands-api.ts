// commands.*: slash commands the plugin handles in its executeCommand hook, and commands it runs
// as a user (execute), with that user's own permissions.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, type Arguments } from './arguments.ts';
import { asUser, pluginContext } from './plugin-actor.ts';
import { isValidId } from '../../../app/ids.ts';
import { AppError } from '../../../errors/app-error.ts';
import { decodeAutocompleteData, toWireAutocompleteData } from '../autocomplete-data.ts';

/** Room for a large autocomplete tree and its icon. */
const MAX_COMMAND_BYTES = 256 * 1024;

/**
 * A plugin's commands.execute calls waiting for their answer at once. A command whose handler runs
 * itself again never answers until a call is refused, so this bound is what ends such a loop (the
 * sandbox gives no way to tell a nested call from a parallel one; four at once is plenty for both).
 */
export const MAX_EXECUTIONS_IN_FLIGHT = 4;

export function commandsApi({ commands, commandRunner, services, config }: ApiDeps): ApiGroup<'commands'> {
  const inFlight = new Map<string, number>();
  return {
    async register(call) {
      const input = call.args.object(0, 'command', { maxBytes: MAX_COMMAND_BYTES });
      const text = (name: string, max: number): string => {
        const value = input[name] ?? '';
        if (typeof value !== 'string' || value.length > max) throw invalidArguments(call.args.method, `command.${name} must be a string of at most ${max} characters`);
        return value;
      };
      if (input.auto_complete !== undefined && typeof input.auto_complete !== 'boolean') throw invalidArguments(call.args.method, 'command.auto_complete must be a boolean');
      commands.register({
        pluginId: call.manifest.id,
        trigger: trigger(call.args, input.trigger),
        teamId: teamId(call.args, input.team_id),
        displayName: text('display_name', 64),
        description: text('description', 128),
        autoComplete: input.auto_complete === true,
        autoCompleteDesc: text('auto_complete_desc', 1024),
        autoCompleteHint: text('auto_complete_hint', 1024),
        autocompleteData: input.autocomplete_data === undefined || input.autocomplete_data === null ? undefined : decodeAutocompleteData(input.autocomplete_data, call.manifest.id, call.args.method),
        autocompleteIconData: text('autocomplete_icon_data', 64 * 1024),
      }, { unlimited: call.trusted });
      return null;
    },
    async unregister(call) {
      commands.unregister(call.manifest.id, teamId(call.args, call.args.raw(0)), trigger(call.args, call.args.raw(1)));
      return null;
    },
    async list(call) {
      return commands.forTeam(call.args.id(0, 'teamId')).map((c) => ({
        trigger: c.trigger,
        team_id: c.teamId,
        display_name: c.displayName,
        description: c.description,
        auto_complete: c.autoComplete,
        auto_complete_desc: c.autoCompleteDesc,
        auto_complete_hint: c.autoCompleteHint,
        ...(c.autocompleteData ? { autocomplete_data: toWireAutocompleteData(c.autocompleteData, c.pluginId) } : {}),
        autocomplete_icon_data: c.autocompleteIconData,
        plugin_id: c.pluginId,
      }));
    },
    async execute(call) {
      const input = call.args.object(0, 'args');
      const optionalId = (name: string): string => {
        const value = input[name] ?? '';
        if (value !== '' && !isValidId(value)) throw invalidArguments(call.args.method, `args.${name} must be a 26-character id or empty`);
        return value as string;
      };
      if (!isValidId(input.user_id)) throw invalidArguments(call.args.method, 'args.user_id must be a 26-character id');
      if (!isValidId(input.channel_id)) throw invalidArguments(call.args.method, 'args.channel_id must be a 26-character id');
      const teamId = optionalId('team_id');
      const rootId = optionalId('root_id');
      const pluginId = call.manifest.id;
      const running = inFlight.get(pluginId) ?? 0;
      if (running >= MAX_EXECUTIONS_IN_FLIGHT) {
        throw new AppError('plugin.api.commands.too_deep', 429, `${pluginId} already has ${running} commands running through commands.execute; a command that runs itself again is stopped here. Let one answer before running another.`);
      }
      const user = await services.users.get(input.user_id);
      // A deactivated account runs nothing, as it could not sign in to run it.
      if (user.deleteAt > 0) throw AppError.forbidden('create_post');
      inFlight.set(pluginId, running + 1);
      try {
        const siteUrl = config.get().ServiceSettings.SiteURL.replace(/\/+$/, '');
        const command = { channel_id: input.channel_id, team_id: teamId, root_id: rootId, command: input.command };
        // Its trigger_id is the one the user's client knows, for a plugin route to hand back to it
        // (a dialog the command opens shows on that client).
        return await commandRunner.execute(asUser(user), command, pluginContext(pluginId), siteUrl);
      } finally {
        const left = (inFlight.get(pluginId) ?? 1) - 1;
        if (left > 0) inFlight.set(pluginId, left);
        else inFlight.delete(pluginId);
      }
    },
  };
}

/** Mattermost's trigger rule: 1 to 128 characters, no leading slash, no spaces; matched lowercased. */
function trigger(args: Arguments, value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 128 || value.startsWith('/') || /\s/.test(value)) {
    throw invalidArguments(args.method, 'the trigger must have 1 to 128 characters, without a leading "/" or spaces');
  }
  return value.toLowerCase();
}

function teamId(args: Arguments, value: unknown): string {
  if (value === undefined || value === '') return '';
  if (!isValidId(value)) throw invalidArguments(args.method, 'team_id must be a 26-character id or empty (every team)');
  return value;
}
