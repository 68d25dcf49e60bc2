// What one `/github <name> ...` subcommand is. Each feature (connect, subscriptions, todo, ...) lives
// in its own module and exports one of these; github-command.ts dispatches to them by name.
import type { AutocompleteData, CommandArgs, CommandResponse, PluginAPI } from '@parley/plugin-api';

export interface SubcommandContext {
  api: PluginAPI;
  args: CommandArgs;
  /** The words after the subcommand's name, split on white space. */
  words: string[];
}

export interface Subcommand {
  /** The word after `/github`. */
  name: string;
  /** One line for `/github help` and the autocomplete list. */
  help: string;
  /** The autocomplete entry (arguments and their hints); the dispatcher fills in name and help when absent. */
  autocomplete?: AutocompleteData;
  run(ctx: SubcommandContext): Promise<CommandResponse> | CommandResponse;
}

export function ephemeral(text: string): CommandResponse {
  return { response_type: 'ephemeral', text };
}
