// The instance commands are for system admins (manage_system), as in Mattermost's plugin.
import { ephemeral, type PluginAPI } from '@parley/plugin-api';
import type { CommandResponse } from '@parley/plugin-api';

/** Null when the user is a system admin; else the answer refusing `command`. */
export async function refuseUnlessAdmin(api: PluginAPI, userId: string, command: string): Promise<CommandResponse | null> {
  if (await api.users.hasPermission(userId, 'manage_system')) return null;
  return ephemeral(`\`/jira ${command}\` can only be run by a system admin.`);
}
