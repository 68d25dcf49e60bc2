// A channel's posts, oldest at the top: date separators, a "New messages" line above the first post
// I had not read when I opened the channel, same-author runs within five minutes grouped, older
// pages loaded when scrolled to the top (or with the button there), and new posts announced politely.
// Only the rows near the view are drawn (virtual-list.tsx), so a channel of 10,000 posts scrolls freely.
import { memo, useCallback, useMemo, useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import { errorText } from '../client.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { loadOlderPosts } from './chat-loader.ts';
import { PostItem, isSystemPost } from './post-item.tsx';
import { VirtualList } from './virtual-list.tsx';
import { longDay } from './date-formats.ts';

/** Posts by one person this close together show one header, as in Mattermost. */
const GROUP_WINDOW_MS = 5 * 60 * 1000;
const EMPTY: string[] = [];

/** A row of the list: a post, or the date separator or "New messages" line above one. */
type Row = { kind: 'post'; key: string; post: Post; continued: boolean } | { kind: 'date'; key: string; time: number } | { kind: 'unread'; key: string };

/** Heights a row is taken to have until it has been drawn and measured. */
const ESTIMATED_HEIGHT = { post: 52, continued: 26, date: 40, unread: 40 };

/** Rows only change when their props do, so a window shift redraws only the rows it adds. */
const MemoPostItem = memo(PostItem);

export function PostList({ channelId, label, unreadSince, highlightPostId }: { channelId: string; label: string; unreadSince: number; highlightPostId?: string }) {
  const store = useChatStore();
  const order = useChat((s) => s.postsInChannel[channelId]?.order ?? EMPTY);
  const reachedOldest = useChat((s) => s.postsInChannel[channelId]?.reachedOldest ?? false);
  const posts = useChat((s) => s.posts);
  const me = useChat((s) => s.me.id);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [problem, setProblem] = useState('');

  const loadOlder = useCallback(async () => {
    if (loadingOlder || reachedOldest) return;
    setLoadingOlder(true);
    try {
      await loadOlderPosts(store, channelId);
    } catch (err) {
      setProblem(`Older messages could not be loaded: ${errorText(err)}`);
    } finally {
      setLoadingOlder(false);
    }
  }, [store, channelId, loadingOlder, reachedOldest]);

  const rows = useMemo(() => rowsOf(order, posts, unreadSince, me), [order, posts, unreadSince, me]);
  const renderRow = useCallback(
    (row: Row) => {
      switch (row.kind) {
        case 'date':
          return (
            <li key={row.key} className="date-separator">
              <span>{dayLabel(row.time)}</span>
            </li>
          );
        case 'unread':
          return (
            <li key={row.key} className="new-messages-line">
              <span>New messages</span>
            </li>
          );
        case 'post':
          return <MemoPostItem key={row.key} post={row.post} continued={row.continued} highlighted={row.key === highlightPostId} />;
      }
    },
    [highlightPostId],
  );

  return (
    <VirtualList
      rows={rows}
      rowKey={rowKey}
      renderRow={renderRow}
      estimateHeight={estimateHeight}
      focusKey={highlightPostId}
      onNearTop={() => void loadOlder()}
      scrollerClassName="post-scroll"
      header={
        <>
          {!reachedOldest && order.length > 0 && (
            <button type="button" className="quiet load-older" onClick={() => void loadOlder()} disabled={loadingOlder}>
              {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
            </button>
          )}
          {reachedOldest && <p className="channel-start">This is the beginning of {label}.</p>}
          {problem && <p role="alert" className="error">{problem}</p>}
        </>
      }
      listClassName="post-list"
      // Focusable, so PageUp/PageDown/Home/End scroll the messages.
      regionProps={{ className: 'post-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': `Messages in ${label}`, tabIndex: 0 }}
    />
  );
}

function rowKey(row: Row): string {
  return row.key;
}

function estimateHeight(row: Row): number {
  return row.kind === 'post' ? (row.continued ? ESTIMATED_HEIGHT.continued : ESTIMATED_HEIGHT.post) : ESTIMATED_HEIGHT[row.kind];
}

/** The channel's posts in order, each preceded by a date separator on a new day and the "New messages" line above the first one I had not read. */
function rowsOf(order: string[], posts: Record<string, Post>, unreadSince: number, me: string): Row[] {
  const firstUnread = order.find((id) => posts[id] && posts[id].create_at > unreadSince && posts[id].user_id !== me);
  const rows: Row[] = [];
  let previousPost: Post | undefined;
  let previousDay = '';
  for (const id of order) {
    const post = posts[id];
    if (!post) continue;
    const day = dayOf(post.create_at);
    const newDay = day !== previousDay;
    previousDay = day;
    const unreadLine = id === firstUnread;
    const continued =
      !newDay && !unreadLine && previousPost !== undefined && previousPost.user_id === post.user_id && !isSystemPost(post) && !isSystemPost(previousPost) && post.create_at - previousPost.create_at < GROUP_WINDOW_MS;
    if (newDay) rows.push({ kind: 'date', key: `date-${id}`, time: post.create_at });
    // Keyed by their post: a separator that moves to another post is another row, and the list keeps a row that stayed in place.
    if (unreadLine) rows.push({ kind: 'unread', key: `new-messages-${id}` });
    rows.push({ kind: 'post', key: id, post, continued });
    previousPost = post;
  }
  return rows;
}

function dayOf(time: number): string {
  return new Date(time).toDateString();
}

function dayLabel(time: number): string {
  const day = new Date(time);
  const today = new Date();
  if (day.toDateString() === today.toDateString()) return 'Today';
  const yesterday = new Date(today.getTime() - 24 * 60 * 60 * 1000);
  if (day.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return longDay(day);
}
