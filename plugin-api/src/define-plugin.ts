// How a plugin declares itself. Bundled into every plugin, so it stays small.
import type { PluginAPI } from './api.ts';
import { CommandHandlers } from './command-handlers.ts';
import { HOOK_NAMES, type Hooks } from './hooks.ts';

/**
 * Builds a plugin's hooks from the API it was granted. Called once per start of the plugin,
 * before any hook; keep start-up work (API calls) in `onActivate`, which may await.
 * @since 0.1.0
 */
export type PluginFactory = (api: PluginAPI) => Hooks;

/**
 * Declares a plugin: `export default definePlugin((api) => ({ ...hooks }))` in the plugin's
 * entry module. The sandbox calls the factory once per start with the API, and calls only the hooks
 * the returned object implements (read once, when the factory returns: hooks added later are never
 * called). Hooks run with `this` bound to that object, so a class instance works as well.
 *
 * definePlugin adds what makes handler binding work: the `api` it passes lets
 * `api.commands.register(command, handler)` bind a handler to the command, and the plugin always
 * exposes executeCommand, which runs the handler of the command typed, else the plugin's own
 * executeCommand, else answers 404 `api.command.execute_command.not_found.app_error`. The server
 * only ever calls executeCommand for commands this plugin registered.
 * @since 0.1.0
 */
export function definePlugin(factory: PluginFactory): PluginFactory {
  if (typeof factory !== 'function') throw new TypeError('definePlugin expects a function (api) => hooks');
  return (api) => {
    const commands = new CommandHandlers();
    const made: unknown = factory(commands.bindApi(api));
    // The sandbox also accepts a factory that resolves its hooks later; bind them once they come.
    if (typeof (made as PromiseLike<unknown> | null)?.then === 'function') return (made as PromiseLike<Hooks>).then((hooks) => bindHooks(hooks, commands)) as unknown as Hooks;
    return bindHooks(made as Hooks, commands);
  };
}

/** The hooks the sandbox sees: each implemented hook called on the plugin's own object, and executeCommand dispatching to bound handlers. */
function bindHooks(hooks: Hooks, commands: CommandHandlers): Hooks {
  // Left as it is for the sandbox to refuse with its own message.
  if (typeof hooks !== 'object' || hooks === null) return hooks;
  const bound: Record<string, unknown> = {};
  for (const name of HOOK_NAMES) {
    const hook: unknown = hooks[name];
    if (typeof hook === 'function') bound[name] = (...args: unknown[]) => hook.apply(hooks, args);
  }
  const own = hooks.executeCommand;
  bound.executeCommand = ((ctx, args) => commands.execute(ctx, args, own && ((c, a) => own.call(hooks, c, a)))) satisfies Hooks['executeCommand'];
  return bound as Hooks;
}
