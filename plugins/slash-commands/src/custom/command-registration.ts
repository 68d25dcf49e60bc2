// Custom commands as registrations with the core (api.commands), each bound to the handler that
// runs it, so that `/trigger` in their team reaches it; and the check that a trigger is not another command's.
import type { Command, PluginAPI, RegisteredCommand } from '@parley/plugin-api';
import { PLUGIN_ID } from '../plugin-id.ts';
import type { CustomCommand } from './custom-command.ts';
import { customCommandHandler } from './command-request.ts';
import { duplicateTrigger, type CommandStore } from './command-store.ts';

function registration(command: CustomCommand): Command {
  return {
    trigger: command.trigger,
    team_id: command.team_id,
    display_name: command.display_name,
    description: command.description,
    auto_complete: command.auto_complete,
    auto_complete_desc: command.auto_complete_desc,
    auto_complete_hint: command.auto_complete_hint,
  };
}

/** Registers the command with the core; rejects when the core refuses it. */
export async function registerCustom(api: PluginAPI, store: CommandStore, command: CustomCommand): Promise<void> {
  await api.commands.register(registration(command), customCommandHandler(api, store));
}

/** Registers a command already stored (at start-up, after an edit): a refusal is logged, and the command stays editable. */
export async function registerOrLog(api: PluginAPI, store: CommandStore, command: CustomCommand): Promise<void> {
  try {
    await registerCustom(api, store, command);
  } catch (err) {
    await api.log.warn('custom slash command could not be registered', { command_id: command.id, trigger: command.trigger, error: (err as Error).message });
  }
}

export async function unregisterCustom(api: PluginAPI, command: Pick<CustomCommand, 'team_id' | 'trigger'>): Promise<void> {
  await api.commands.unregister(command.team_id, command.trigger);
}

/** A custom command of this plugin (registered for one team), as opposed to a built-in one or another plugin's. */
export function isCustomRegistration(command: RegisteredCommand): boolean {
  return command.plugin_id === PLUGIN_ID && (command.team_id ?? '') !== '';
}

/** Refuses a trigger a built-in command or another plugin's command uses in the team (custom ones are the store's to check). */
export async function requireFreeTrigger(api: PluginAPI, teamId: string, trigger: string): Promise<void> {
  const taken = (await api.commands.list(teamId)).some((c) => c.trigger === trigger && !isCustomRegistration(c));
  if (taken) throw duplicateTrigger();
}
