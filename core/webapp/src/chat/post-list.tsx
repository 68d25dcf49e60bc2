// A channel's posts, oldest at the top: date separators, a "New messages" line above the first post
// I had not read when I opened the channel, same-author runs within five minutes grouped, older
// pages loaded when scrolled to the top (or with the button there), and new posts announced politely.
import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import { errorText } from '../client.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { loadOlderPosts } from './chat-loader.ts';
import { PostItem, isSystemPost } from './post-item.tsx';

/** Posts by one person this close together show one header, as in Mattermost. */
const GROUP_WINDOW_MS = 5 * 60 * 1000;
/** Within this many pixels of the bottom, new posts keep the view at the bottom. */
const STICK_TO_BOTTOM_PX = 120;
const EMPTY: string[] = [];

export function PostList({ channelId, label, unreadSince, highlightPostId }: { channelId: string; label: string; unreadSince: number; highlightPostId?: string }) {
  const store = useChatStore();
  const order = useChat((s) => s.postsInChannel[channelId]?.order ?? EMPTY);
  const reachedOldest = useChat((s) => s.postsInChannel[channelId]?.reachedOldest ?? false);
  const posts = useChat((s) => s.posts);
  const me = useChat((s) => s.me.id);
  const scroller = useRef<HTMLDivElement>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [problem, setProblem] = useState('');
  const previous = useRef({ first: '', last: '', height: 0, atBottom: true });

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

  // Older posts added above keep what was on screen in place; new posts below follow when at the bottom.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const first = order[0] ?? '';
    const last = order[order.length - 1] ?? '';
    const before = previous.current;
    if (before.first && first !== before.first && last === before.last) element.scrollTop += element.scrollHeight - before.height;
    else if (last !== before.last && before.atBottom && !(highlightPostId && !before.last)) element.scrollTop = element.scrollHeight;
    previous.current = { first, last, height: element.scrollHeight, atBottom: before.atBottom };
  }, [order, highlightPostId]);

  useEffect(() => {
    if (!highlightPostId || !order.includes(highlightPostId)) return;
    scroller.current?.querySelector(`[data-post-id="${highlightPostId}"]`)?.scrollIntoView({ block: 'center' });
  }, [highlightPostId, order]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    previous.current.atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
    if (element.scrollTop < STICK_TO_BOTTOM_PX) void loadOlder();
  };

  const firstUnread = order.find((id) => posts[id] && posts[id].create_at > unreadSince && posts[id].user_id !== me);
  let previousPost: Post | undefined;
  return (
    <div className="post-scroll" ref={scroller} onScroll={onScroll}>
      {!reachedOldest && order.length > 0 && (
        <button type="button" className="quiet load-older" onClick={() => void loadOlder()} disabled={loadingOlder}>
          {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
        </button>
      )}
      {reachedOldest && <p className="channel-start">This is the beginning of {label}.</p>}
      {problem && <p role="alert" className="error">{problem}</p>}
      {/* The log wraps the list: a list whose role is changed no longer holds list items (axe's listitem rule). */}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={`Messages in ${label}`}>
      <ol className="post-list">
        {order.map((id) => {
          const post = posts[id];
          if (!post) return null;
          const newDay = !previousPost || dayOf(previousPost.create_at) !== dayOf(post.create_at);
          const unreadLine = id === firstUnread;
          const continued =
            !newDay && !unreadLine && previousPost !== undefined && previousPost.user_id === post.user_id && !isSystemPost(post) && !isSystemPost(previousPost) && post.create_at - previousPost.create_at < GROUP_WINDOW_MS;
          previousPost = post;
          return (
            <Fragment key={id}>
              {newDay && (
                <li className="date-separator">
                  <span>{dayLabel(post.create_at)}</span>
                </li>
              )}
              {unreadLine && (
                <li className="new-messages-line">
                  <span>New messages</span>
                </li>
              )}
              <PostItem post={post} continued={continued} highlighted={id === highlightPostId} />
            </Fragment>
          );
        })}
      </ol>
      </div>
    </div>
  );
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
  return day.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}
