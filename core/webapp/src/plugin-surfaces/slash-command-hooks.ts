// Slash commands a plugin takes over in the client (ui.slash_command_hooks, Mattermost's
// SlashCommandWillBePostedHook): the composer hands such a command to the plugin's action instead
// of sending it.
import type { UiAction } from '@parley/plugin-api';
import type { PluginUi } from './plugin-ui-store.ts';

export interface MatchedCommandHook {
  pluginId: string;
  surfaceId: string;
  action: UiAction;
}

/** The hook for what was typed: its command followed by nothing or by a space; the longest command wins. */
export function matchSlashCommandHook(plugins: readonly PluginUi[], typed: string): MatchedCommandHook | undefined {
  const text = typed.trim();
  let best: (MatchedCommandHook & { length: number }) | undefined;
  for (const plugin of plugins) {
    for (const hook of plugin.ui.slash_command_hooks ?? []) {
      const command = hook.command.trim();
      const matches = text.toLowerCase() === command.toLowerCase() || text.toLowerCase().startsWith(`${command.toLowerCase()} `);
      if (matches && command.length > (best?.length ?? -1)) best = { pluginId: plugin.plugin_id, surfaceId: hook.id, action: hook.action, length: command.length };
    }
  }
  return best && { pluginId: best.pluginId, surfaceId: best.surfaceId, action: best.action };
}
