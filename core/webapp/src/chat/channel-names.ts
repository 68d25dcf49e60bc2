// The name a person sees for a channel: its display name, or for a direct message the other
// person's username (a DM's own name is the two user ids), for a group message the other members'.
import type { ServerChannel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { groupLabel } from './people/group-message.ts';

export function isDirect(channel: ServerChannel): boolean {
  return channel.type === 'D' || channel.type === 'G';
}

/** The other member of a direct message channel (myself for a DM with myself). */
export function directPartnerId(channel: ServerChannel, myId: string): string {
  const [first = '', second = ''] = channel.name.split('__');
  return first === myId ? second : first;
}

export function channelLabel(channel: ServerChannel, users: Record<string, UserProfile>, myId: string): string {
  if (channel.type === 'G') return groupLabel(channel.display_name, users[myId]?.username ?? '');
  if (channel.type !== 'D') return channel.display_name || channel.name;
  const partner = users[directPartnerId(channel, myId)];
  return partner ? partner.username : 'Someone';
}
