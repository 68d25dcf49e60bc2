// Who may see and change a channel's Jira subscriptions (the REST routes, the dialog, the command):
// a member of a public or private channel of an allowed team (TeamIDs), holding the role the
// RolesAllowedToEditJiraSubscriptions setting asks for, and — when GroupsAllowedToEditJiraSubscriptions
// names Jira groups — a member of one of them, as their own Jira connection shows
// (`/rest/api/2/myself?expand=groups`).
import type { Channel } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import type { Instance } from '../instances/instance.ts';
import { userClient } from '../jira-api/user-client.ts';
import type { JiraSettings } from '../settings.ts';

/** The user may not manage the channel's subscriptions: a 403 with this message. */
export class SubscriptionForbiddenError extends Error {}

const ROLE_PERMISSION: Record<string, (channel: Channel) => { permission: string; scope?: { channel_id?: string; team_id?: string }; who: string }> = {
  channel_admin: (channel) => ({ permission: channel.type === 'P' ? 'manage_private_channel_properties' : 'manage_public_channel_properties', scope: { channel_id: channel.id }, who: 'channel admins' }),
  team_admin: (channel) => ({ permission: 'manage_team', scope: { team_id: channel.team_id }, who: 'team admins' }),
  system_admin: () => ({ permission: 'manage_system', who: 'system admins' }),
};

/** The comma-separated list of a setting, trimmed, without empty entries. */
export function settingList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/**
 * Answers the channel when `userId` may manage its subscriptions on `instance`.
 * @throws SubscriptionForbiddenError saying why not
 */
export async function checkSubscriptionEditor(deps: JiraDeps, settings: JiraSettings, userId: string, channelId: string, instance: Instance): Promise<Channel> {
  const { api } = deps;
  let channel: Channel;
  try {
    channel = await api.channels.get(channelId);
    await api.channels.getMember(channelId, userId);
  } catch {
    throw new SubscriptionForbiddenError('You are not a member of that channel.');
  }
  if (channel.type !== 'O' && channel.type !== 'P') throw new SubscriptionForbiddenError('Jira subscriptions are for public and private channels, not direct or group messages.');
  const teams = settingList(settings.TeamIDs);
  if (teams.length > 0 && !teams.includes(channel.team_id)) throw new SubscriptionForbiddenError('Jira subscriptions are not enabled for this team (the plugin\'s Team IDs setting).');
  const role = ROLE_PERMISSION[settings.RolesAllowedToEditJiraSubscriptions] ?? (settings.RolesAllowedToEditJiraSubscriptions === 'users' ? undefined : ROLE_PERMISSION.system_admin);
  if (role) {
    const { permission, scope, who } = role(channel);
    if (!(await api.users.hasPermission(userId, permission, scope))) throw new SubscriptionForbiddenError(`Only ${who} may manage this channel's Jira subscriptions.`);
  }
  const groups = settingList(settings.GroupsAllowedToEditJiraSubscriptions).map((group) => group.toLowerCase());
  if (groups.length === 0) return channel;
  const notConnected = new SubscriptionForbiddenError(`Only members of the Jira groups ${settings.GroupsAllowedToEditJiraSubscriptions} may manage Jira subscriptions: connect your Jira account (\`/jira connect\`) so the plugin can check.`);
  let me: { groups?: { items?: Array<{ name?: unknown }> } };
  try {
    const client = await userClient(api, deps.connections, instance, userId);
    if (!client) throw notConnected;
    me = await client.request('GET', '/rest/api/2/myself', 'read your Jira groups', { query: { expand: 'groups' } });
  } catch (err) {
    throw err instanceof SubscriptionForbiddenError ? err : new SubscriptionForbiddenError(`Your Jira groups could not be read: ${(err as Error).message}`);
  }
  const mine = (me.groups?.items ?? []).map((group) => (typeof group.name === 'string' ? group.name.toLowerCase() : ''));
  if (!mine.some((group) => groups.includes(group))) throw new SubscriptionForbiddenError(`Only members of the Jira groups ${settings.GroupsAllowedToEditJiraSubscriptions} may manage Jira subscriptions.`);
  return channel;
}
