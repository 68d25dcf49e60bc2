// Unread state as Mattermost's sidebar shows it (its calculateUnreadCount): a channel is unread when it
// has more messages than my membership has read, unless I muted it (then only its mentions show);
// mentions are the membership's own count. With collapsed reply threads on, only root posts count
// for the channel (the `_root` counts): replies count in the Threads item instead. A team's dot and
// badge sum its channels, and with collapsed threads its unread followed threads (direct and group
// messages belong to no team and count in no team's badge, as Mattermost's).
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { ChatState } from './chat-store.ts';
import type { ThreadUnreads } from './threads/thread-unread-counts.ts';

export interface Unread {
  unread: boolean;
  mentions: number;
}

export function channelUnread(channel: ServerChannel, member: ChannelMembership | undefined, collapsed: boolean): Unread {
  if (!member) return { unread: false, mentions: 0 };
  const messages = collapsed ? channel.total_msg_count_root - member.msg_count_root : channel.total_msg_count - member.msg_count;
  const mentions = collapsed ? member.mention_count_root : member.mention_count;
  const muted = member.notify_props?.mark_unread === 'mention';
  return { unread: mentions > 0 || (!muted && messages > 0), mentions };
}

export function teamUnread(state: Pick<ChatState, 'channels' | 'myMembers'>, teamId: string, collapsed: boolean, threads?: ThreadUnreads): Unread {
  let unread = false;
  let mentions = 0;
  for (const member of Object.values(state.myMembers)) {
    const channel = state.channels[member.channel_id];
    if (!channel || channel.team_id !== teamId || channel.delete_at !== 0) continue;
    const counts = channelUnread(channel, member, collapsed);
    unread ||= counts.unread;
    mentions += counts.mentions;
  }
  if (collapsed && threads) {
    unread ||= threads.threads > 0;
    mentions += threads.mentions;
  }
  return { unread, mentions };
}

/** How many channels have unread messages, for the tab title. */
export function unreadChannelCount(state: Pick<ChatState, 'channels' | 'myMembers'>, collapsed: boolean): number {
  let count = 0;
  for (const member of Object.values(state.myMembers)) {
    const channel = state.channels[member.channel_id];
    if (channel && channel.delete_at === 0 && channelUnread(channel, member, collapsed).unread) count++;
  }
  return count;
}

/**
 * What a new post does to the counts of its channel and my membership (Mattermost's new-post
 * handling): the channel gains a message (a root message too, when it is one); while I read the
 * channel my membership has read everything; a post of mine has read the messages as the server
 * records it (its mentions stay until the channel is viewed); else a post that mentions me adds a
 * mention (a root mention too, when it is a root post). Returns the changed channel and membership.
 */
export function countNewPost(
  channel: ServerChannel,
  member: ChannelMembership | undefined,
  post: { root_id: string; create_at: number },
  seen: { reading: boolean; mine: boolean; mentioned: boolean },
): { channel: ServerChannel; member: ChannelMembership | undefined } {
  const isRoot = post.root_id === '' ? 1 : 0;
  const counted: ServerChannel = {
    ...channel,
    total_msg_count: channel.total_msg_count + 1,
    total_msg_count_root: channel.total_msg_count_root + isRoot,
    last_post_at: Math.max(channel.last_post_at, post.create_at),
    last_root_post_at: isRoot ? Math.max(channel.last_root_post_at, post.create_at) : channel.last_root_post_at,
  };
  if (!member) return { channel: counted, member };
  if (seen.reading) return { channel: counted, member: readAll(counted, member, post.create_at) };
  if (seen.mine) {
    const read = { msg_count: counted.total_msg_count, msg_count_root: counted.total_msg_count_root, last_viewed_at: Math.max(member.last_viewed_at, post.create_at) };
    return { channel: counted, member: { ...member, ...read } };
  }
  if (!seen.mentioned) return { channel: counted, member };
  return { channel: counted, member: { ...member, mention_count: member.mention_count + 1, mention_count_root: member.mention_count_root + isRoot } };
}

/** My membership once I have read the whole channel (channel_viewed, or a post read as it arrived). */
export function readAll(channel: ServerChannel, member: ChannelMembership, at: number): ChannelMembership {
  return {
    ...member,
    msg_count: channel.total_msg_count,
    msg_count_root: channel.total_msg_count_root,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    last_viewed_at: Math.max(member.last_viewed_at, at),
  };
}
