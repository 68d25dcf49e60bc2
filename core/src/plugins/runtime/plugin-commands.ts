// Slash commands registered by running plugins. Kept in memory: a plugin registers its commands
// in onActivate, and they are forgotten when it stops (the supervisor calls forgetPlugin).
import { AppError } from '../../errors/app-error.ts';
import type { AutocompleteData } from './autocomplete-data.ts';

export interface PluginCommand {
  pluginId: string;
  trigger: string;
  /** Empty: every team. */
  teamId: string;
  displayName: string;
  description: string;
  autoComplete: boolean;
  autoCompleteDesc: string;
  autoCompleteHint: string;
  /** Sub-commands and arguments for suggestions; absent: the trigger, its hint and description only. */
  autocompleteData?: AutocompleteData;
  /** An icon shown beside its suggestions (a data URI, as Mattermost's AutocompleteIconData). */
  autocompleteIconData: string;
}

/** Enough for any real plugin; stops a hostile one from filling memory. */
const MAX_COMMANDS_PER_PLUGIN = 100;

export class PluginCommands {
  /** Keyed by `${teamId}/${trigger}`. */
  #commands = new Map<string, PluginCommand>();

  /** `unlimited`: a trusted plugin carrying a core feature (custom slash commands) is not held to the per-plugin cap. */
  register(command: PluginCommand, options: { unlimited?: boolean } = {}): void {
    const key = `${command.teamId}/${command.trigger}`;
    const existing = this.#commands.get(key) ?? (command.teamId === '' ? this.#anyTeam(command.trigger) : this.#commands.get(`/${command.trigger}`));
    if (existing && existing.pluginId !== command.pluginId) {
      throw new AppError('plugin.api.commands.trigger_taken', 409, `The command /${command.trigger} is already registered by plugin ${existing.pluginId}.`);
    }
    if (!options.unlimited && !this.#commands.has(key) && this.#ownedBy(command.pluginId).length >= MAX_COMMANDS_PER_PLUGIN) {
      throw new AppError('plugin.api.commands.too_many', 400, `A plugin may register at most ${MAX_COMMANDS_PER_PLUGIN} commands.`);
    }
    this.#commands.set(key, command);
  }

  /** Removes one of the plugin's commands; another plugin's command is left alone. */
  unregister(pluginId: string, teamId: string, trigger: string): void {
    const key = `${teamId}/${trigger}`;
    if (this.#commands.get(key)?.pluginId === pluginId) this.#commands.delete(key);
  }

  forgetPlugin(pluginId: string): void {
    for (const [key, command] of this.#commands) if (command.pluginId === pluginId) this.#commands.delete(key);
  }

  /** The command a `/trigger` typed in `teamId` runs: the team's own, else one for every team. */
  find(teamId: string, trigger: string): PluginCommand | undefined {
    return this.#commands.get(`${teamId}/${trigger}`) ?? this.#commands.get(`/${trigger}`);
  }

  /** Commands usable in a team, by trigger. */
  forTeam(teamId: string): PluginCommand[] {
    return [...this.#commands.values()].filter((c) => c.teamId === '' || c.teamId === teamId).sort((a, b) => a.trigger.localeCompare(b.trigger));
  }

  #anyTeam(trigger: string): PluginCommand | undefined {
    return [...this.#commands.values()].find((c) => c.trigger === trigger);
  }

  #ownedBy(pluginId: string): PluginCommand[] {
    return [...this.#commands.values()].filter((c) => c.pluginId === pluginId);
  }
}
