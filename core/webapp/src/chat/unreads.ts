// Unread state as Mattermost's sidebar shows it: a channel is unread when it has more messages than
// my membership has read; mentions are the membership's own count. A team's dot and badge sum its
// channels (direct and group messages belong to no team and count in every team's sidebar instead).
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { ChatState } from './chat-store.ts';

export interface Unread {
  unread: boolean;
  mentions: number;
}

export function channelUnread(channel: ServerChannel, member: ChannelMembership | undefined): Unread {
  if (!member) return { unread: false, mentions: 0 };
  return { unread: channel.total_msg_count > member.msg_count, mentions: member.mention_count };
}

export function teamUnread(state: Pick<ChatState, 'channels' | 'myMembers'>, teamId: string): Unread {
  let unread = false;
  let mentions = 0;
  for (const member of Object.values(state.myMembers)) {
    const channel = state.channels[member.channel_id];
    if (!channel || channel.team_id !== teamId || channel.delete_at !== 0) continue;
    const counts = channelUnread(channel, member);
    unread ||= counts.unread;
    mentions += counts.mentions;
  }
  return { unread, mentions };
}

/** How many channels have unread messages, for the tab title. */
export function unreadChannelCount(state: ChatState): number {
  let count = 0;
  for (const member of Object.values(state.myMembers)) {
    const channel = state.channels[member.channel_id];
    if (channel && channel.delete_at === 0 && channelUnread(channel, member).unread) count++;
  }
  return count;
}
