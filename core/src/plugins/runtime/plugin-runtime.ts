// What the HTTP layer needs of the plugin runtime to reach plugins: the running plugins, the hook
// dispatcher (serveHttp), the slash commands plugins registered, interactive messages and dialogs
// (whose integrations are often plugins), the core paths plugins own and the plugins' folders.
import type { ActivePlugins } from './active-plugins.ts';
import type { HookDispatcher } from './hook-dispatcher.ts';
import type { PluginCommands } from './plugin-commands.ts';
import type { PluginCommandRunner } from './plugin-command-runner.ts';
import type { CoreRouteOwners } from './core-route-owners.ts';
import type { IntegrationActions } from './integration-actions.ts';
import type { EphemeralPosts } from './ephemeral-post.ts';

export interface PluginRuntime {
  /** Settles once the installed plugins are known (the plugin directory has been read at start-up). */
  installedKnown: Promise<void>;
  active: ActivePlugins;
  dispatcher: HookDispatcher;
  commands: PluginCommands;
  commandRunner: PluginCommandRunner;
  /** Interactive messages and dialogs: what their routes call. */
  integrationActions: IntegrationActions;
  /** Posts shown to one user and never stored (POST /posts/ephemeral). */
  ephemeral: EphemeralPosts;
  /** Which trusted plugin serves which core paths. */
  routeOwners: CoreRouteOwners;
  /** The unpacked folder of an installed plugin (holds plugin.json and public/). */
  folderOf(pluginId: string): string | undefined;
}
