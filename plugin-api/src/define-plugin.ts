// How a plugin declares itself. Bundled into every plugin, so it stays tiny.
import type { PluginAPI } from './api.ts';
import type { Hooks } from './hooks.ts';

/**
 * Builds a plugin's hooks from the API it was granted. Called once per start of the plugin,
 * before any hook; keep start-up work in `onActivate`, which may await the API.
 * @since 0.1.0
 */
export type PluginFactory = (api: PluginAPI) => Hooks;

/**
 * Declares a plugin: `export default definePlugin((api) => ({ ...hooks }))` in the plugin's
 * entry module. The default export is the factory itself; the sandbox calls it with the API and
 * calls only the hooks the returned object implements.
 * @since 0.1.0
 */
export function definePlugin(factory: PluginFactory): PluginFactory {
  if (typeof factory !== 'function') throw new TypeError('definePlugin expects a function (api) => hooks');
  return factory;
}
