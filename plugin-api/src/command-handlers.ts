// Slash commands answered by a handler bound when they are registered
// (`api.commands.register(command, handler)`), so a plugin need not route executeCommand itself.
// definePlugin wires it in: the API it hands the plugin keeps the handlers here (only the command
// crosses to the server), and the executeCommand hook it exposes runs the handler of the command
// typed, else the plugin's own executeCommand. The server's side of the protocol is unchanged.
import type { PluginAPI } from './api.ts';
import { HttpError } from './http.ts';
import type { Command, CommandArgs, CommandResponse, HookContext } from './types.ts';

/**
 * Answers one slash command: the same context, arguments and answer as the executeCommand hook.
 * Throw an HttpError to answer with an error (e.g. 403 when the caller may not do this).
 * @since 0.1.0
 */
export type CommandHandler = (ctx: HookContext, args: CommandArgs) => Promise<CommandResponse> | CommandResponse;

/**
 * The handlers of one plugin instance, by `${team_id}/${trigger}` (team_id empty: every team), as
 * the server keys commands. Internal to definePlugin (not exported from the package).
 * @since 0.1.0
 */
export class CommandHandlers {
  #handlers = new Map<string, CommandHandler>();

  /** `api` with commands.register taking an optional handler and commands.unregister forgetting it. @since 0.1.0 */
  bindApi(api: PluginAPI): PluginAPI {
    const commands = api.commands;
    const register = async (command: Command, handler?: CommandHandler): Promise<void> => {
      if (handler !== undefined && typeof handler !== 'function') throw new TypeError(`the handler of /${command?.trigger} must be a function`);
      await commands.register(command);
      const key = commandKey(command.team_id ?? '', command.trigger);
      if (handler) this.#handlers.set(key, handler);
      else this.#handlers.delete(key);
    };
    const unregister = async (teamId: string, trigger: string): Promise<void> => {
      await commands.unregister(teamId, trigger);
      this.#handlers.delete(commandKey(teamId, trigger));
    };
    return Object.freeze({ ...api, commands: Object.freeze({ ...commands, register, unregister }) });
  }

  /**
   * Runs the handler bound to the command typed (the team's own registration first, then the one
   * for every team, as the server looks commands up), else `fallback` (the plugin's own
   * executeCommand); 404 `api.command.execute_command.not_found.app_error` when there is neither.
   * @since 0.1.0
   */
  async execute(ctx: HookContext, args: CommandArgs, fallback: CommandHandler | undefined): Promise<CommandResponse> {
    const trigger = triggerOf(args.command);
    const handler = this.#handlers.get(commandKey(args.team_id ?? '', trigger)) ?? this.#handlers.get(commandKey('', trigger));
    if (handler) return handler(ctx, args);
    if (fallback) return fallback(ctx, args);
    throw new HttpError(404, 'api.command.execute_command.not_found.app_error', `Command with a trigger of '/${trigger}' not found.`);
  }
}

function commandKey(teamId: string, trigger: string): string {
  return `${teamId}/${String(trigger).toLowerCase()}`;
}

/** The trigger of a command line: its first word without the slash, lower-cased (the server's rule). */
function triggerOf(command: string): string {
  return String(command ?? '')
    .replace(/^\//, '')
    .split(/\s/, 1)[0]
    .toLowerCase();
}
