// Who may change a channel's subscriptions. Mattermost's GitHub plugin lets anyone connected to
// GitHub who can see the repository subscribe any channel they are in; Parley asks that too
// (github-access.ts) and more, since a subscription posts into the channel for everyone: a system
// admin, or someone who may manage the channel (its properties, by its type); in a direct or group
// message, any of its members.
import type { PluginAPI } from '@parley/plugin-api';

export async function canManageSubscriptions(api: PluginAPI, userId: string, channelId: string): Promise<boolean> {
  if (await api.users.hasPermission(userId, 'manage_system')) return true;
  const channel = await api.channels.get(channelId);
  if (channel.type === 'D' || channel.type === 'G') {
    return api.channels.getMember(channelId, userId).then(
      () => true,
      () => false,
    );
  }
  const permission = channel.type === 'P' ? 'manage_private_channel_properties' : 'manage_public_channel_properties';
  return api.users.hasPermission(userId, permission, { channel_id: channelId });
}
