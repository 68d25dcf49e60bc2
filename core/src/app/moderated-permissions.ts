// Mattermost's channel moderation: four names the System Console shows for a channel, each standing
// for one or two permissions of the channel's member and guest roles. A channel may take them away
// from its members or guests (ModeratedOff, kept on the channel), never grant more than the roles do;
// channel admins and everyone above keep them (their roles grant them too, as in Mattermost).
import type { ModeratedOff } from '../store/entities/channel.ts';
import { CHANNEL_GUEST, CHANNEL_USER } from './roles.ts';

/** Mattermost's ChannelModeratedPermissions, in its order. */
export const MODERATED_PERMISSIONS = ['create_post', 'create_reactions', 'manage_members', 'use_channel_mentions'] as const;
export type ModeratedPermission = (typeof MODERATED_PERMISSIONS)[number];

/** Who a moderation applies to: the channel's members (channel_user) or guests (channel_guest). */
export type ModeratedRole = keyof ModeratedOff;

/** The role each moderated audience holds in the channel. */
export const MODERATED_ROLE_NAMES: Record<ModeratedRole, string> = { members: CHANNEL_USER, guests: CHANNEL_GUEST };

export function isModeratedPermission(name: string): name is ModeratedPermission {
  return (MODERATED_PERMISSIONS as readonly string[]).includes(name);
}

/** The permissions a moderated name stands for in a channel of `channelType` (manage_members: the public or private one). */
export function permissionsOf(name: ModeratedPermission, channelType: string): string[] {
  switch (name) {
    case 'create_reactions':
      return ['add_reaction', 'remove_reaction'];
    case 'manage_members':
      return [channelType === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members'];
    default:
      return [name];
  }
}

/** The roles (channel_user, channel_guest) from which the channel takes `permission` away. */
export function rolesWithout(channel: { type: string; moderatedOff?: ModeratedOff | null }, permission: string): string[] {
  const off = channel.moderatedOff;
  if (!off) return [];
  const roles: string[] = [];
  for (const audience of ['members', 'guests'] as const) {
    if (off[audience].some((name) => isModeratedPermission(name) && permissionsOf(name, channel.type).includes(permission))) roles.push(MODERATED_ROLE_NAMES[audience]);
  }
  return roles;
}
