// "Mark as Unread" (the post menu's item, or Alt+click on a post), as Mattermost's web app: POST
// /users/{id}/posts/{post_id}/set_unread makes my channel unread from that post on, with its mentions
// counted again. The server tells every tab of mine with post_unread: the sidebar shows the channel
// unread, and the open channel moves its "New messages" line to that post. As in Mattermost, the
// channel then stays unread while it is open (new posts are not read on arrival) until it is opened
// again.
import { useEffect, useState, type MouseEvent } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { ChannelMembership } from '@mattermost/types/channels';
import { client } from '../../client.ts';
import { useChatStore, type ChatStore } from '../chat-store.ts';
import type { LiveEvent } from '../live-events.ts';
import { onViewEvent } from './view-events.ts';

type UnreadCounts = Partial<Pick<ChannelMembership, 'msg_count' | 'msg_count_root' | 'mention_count' | 'mention_count_root' | 'urgent_mention_count' | 'last_viewed_at'>>;
const COUNTS = ['msg_count', 'msg_count_root', 'mention_count', 'mention_count_root', 'urgent_mention_count', 'last_viewed_at'] as const;

/** The channels marked unread by hand since they were last opened. */
const manuallyUnread = new Set<string>();

/** Whether the channel was marked unread by hand: then it is not marked read while it stays open. */
export function isManuallyUnread(channelId: string): boolean {
  return manuallyUnread.has(channelId);
}

export async function markAsUnread(store: ChatStore, post: Post): Promise<void> {
  const unread = (await client.markPostAsUnread(store.state.me.id, post.id)) as unknown as UnreadCounts;
  patchUnread(store, post.channel_id, unread);
}

/** post_unread from the server: another tab or device of mine (or this tab) marked a post unread. */
export function applyPostUnread(store: ChatStore, live: LiveEvent): void {
  const channelId = live.broadcast.channel_id;
  if (!channelId) return;
  patchUnread(store, channelId, live.data as UnreadCounts);
}

/** The membership's counts as the server has them after the mark (plain and, for collapsed threads, root). */
function patchUnread(store: ChatStore, channelId: string, counts: UnreadCounts): void {
  manuallyUnread.add(channelId);
  store.patchMember(channelId, Object.fromEntries(COUNTS.filter((name) => typeof counts[name] === 'number').map((name) => [name, counts[name]])));
}

/**
 * What I had read of the open channel: when it opened, then wherever I mark it unread. The
 * "New messages" line stays above the first post after it.
 */
export function useUnreadSince(channelId: string): number {
  const store = useChatStore();
  const [since, setSince] = useState(() => store.state.myMembers[channelId]?.last_viewed_at ?? 0);
  // Opening the channel reads it: it is no longer unread by hand.
  useEffect(() => {
    manuallyUnread.delete(channelId);
  }, [channelId]);
  useEffect(
    () =>
      onViewEvent((live) => {
        if (live.event === 'post_unread' && live.broadcast.channel_id === channelId) setSince(Number(live.data.last_viewed_at));
      }),
    [channelId],
  );
  return since;
}

/** Alt+click on a post marks it unread, as in Mattermost (not on its links and buttons). */
export function useAltClickUnread(post: Post): (event: MouseEvent) => void {
  const store = useChatStore();
  return (event) => {
    if (!event.altKey || (event.target as Element).closest('a, button, input, textarea')) return;
    event.preventDefault();
    markAsUnread(store, post).catch(() => undefined); // the menu's item reports failures; a click has nowhere to
  };
}
