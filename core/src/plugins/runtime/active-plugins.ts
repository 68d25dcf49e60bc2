// What the plugin supervisor offers the rest of the core: the plugins running now, and a place to
// report that one misbehaved. Hook dispatch, the plugin API host and HTTP routing use only this.
import type { HookName } from '@parley/plugin-api';
import type { Manifest } from '@parley/plugin-api/manifest';
import type { PluginProcess, SandboxErrorShape } from '@parley/sandbox';

export interface ActivePlugin {
  manifest: Manifest;
  process: PluginProcess;
}

export interface ActivePlugins {
  /** Running plugins that implement `hook`, ordered by plugin id. */
  implementing(hook: HookName): ActivePlugin[];
  get(pluginId: string): ActivePlugin | undefined;
  /**
   * The plugin as soon as it runs: at once when it does; after the start, restart or replacement
   * under way (bounded by the plugin's activation budget) when it is on its way; undefined when it
   * is not coming. Requests for a plugin's paths wait here instead of failing while it starts.
   */
  whenRunning(pluginId: string): Promise<ActivePlugin | undefined>;
  /** A hook call failed (timeout, crash, memory): the supervisor restarts or disables the plugin. */
  reportFailure(pluginId: string, error: SandboxErrorShape): void;
}
