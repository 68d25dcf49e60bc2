// Counting a reader's unread mentions again from the posts themselves, when a channel or a thread is
// marked unread from a point (Mattermost's countMentionsFromPost and countThreadMentions): the same
// rule as when the posts were made (post-service.ts #mentionedUserIds), applied to one reader.
import type { Post } from '../store/entities/post.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import type { User } from '../store/entities/user.ts';
import { MENTION_HIGHLIGHT_DISABLED, parseMentions } from './post-text.ts';

/** Who reads, where: what decides whether a post mentions them. */
export interface MentionReader {
  user: User;
  /** Their membership in the posts' channel (its ignore_channel_mentions setting), if any. */
  member: ChannelMember | null;
  /** Every message in a direct or group message channel mentions the other members. */
  channelType: string;
}

/** How many of `posts` by others mention the reader: in all, and among root posts. */
export function countMentions(posts: readonly Post[], reader: MentionReader): { all: number; root: number } {
  let all = 0;
  let root = 0;
  for (const post of posts) {
    if (post.userId === reader.user.id || !mentions(post, reader)) continue;
    all++;
    if (post.rootId === '') root++;
  }
  return { all, root };
}

function mentions({ message, props }: Post, reader: MentionReader): boolean {
  if (reader.channelType === 'D' || reader.channelType === 'G') return true;
  if (!message.includes('@')) return false;
  const { names, channelWide } = parseMentions(message);
  if (names.has(reader.user.username)) return true;
  return channelWide && props[MENTION_HIGHLIGHT_DISABLED] !== true && !ignoresChannelMentions(reader);
}

// The member's channel setting wins; "default" (or none) falls back to the user's account setting.
function ignoresChannelMentions({ member, user }: MentionReader): boolean {
  const channelSetting = member?.notifyProps.ignore_channel_mentions;
  if (channelSetting && channelSetting !== 'default') return channelSetting === 'on';
  return user.notifyProps.channel === 'false';
}
