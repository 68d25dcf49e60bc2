// commands.*: slash commands the plugin handles in its executeCommand hook.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, type Arguments } from './arguments.ts';
import { isValidId } from '../../../app/ids.ts';
import { decodeAutocompleteData, toWireAutocompleteData } from '../autocomplete-data.ts';

/** Room for a large autocomplete tree and its icon. */
const MAX_COMMAND_BYTES = 256 * 1024;

export function commandsApi({ commands }: ApiDeps): ApiGroup<'commands'> {
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
