// Threads in the chat store: a thread's posts go into `posts` (a reply joins its channel's list only
// while collapsed threads are off), a reply bumps its root's reply count and participants, and the
// followed threads (`userThreads`) follow the server's thread_updated / thread_read_changed /
// thread_follow_changed events.
import type { Post } from '@mattermost/types/posts';
import type { UserThread } from '@mattermost/types/threads';
import { client } from '../../client.ts';
import type { ChatState, ChatStore } from '../chat-store.ts';
import { ensureUsers } from '../chat-loader.ts';
import type { LiveEvent } from '../live-events.ts';
import { knownThreadsSetting } from './collapsed-threads.ts';
import { collapsedFor } from './collapsed-rule.ts';
import { countThreadEvent } from './thread-unreads.ts';

/** Adds posts to the store without putting them in their channel's list. */
export function addThreadPosts(store: ChatStore, posts: Post[]): void {
  if (posts.length === 0) return;
  store.update((s) => ({ posts: { ...s.posts, ...Object.fromEntries(posts.map((p) => [p.id, p])) } }));
}

/**
 * A live post: when it is a reply, its root counts it (once) and, with collapsed threads on, it is
 * kept out of the channel's list. True when the post is kept out (the caller adds it otherwise).
 */
export function keptInThread(store: ChatStore, post: Post): boolean {
  if (!post.root_id) return false;
  noteReply(store, post);
  if (!collapsedFor(knownThreadsSetting(), store.state.preferences)) return false;
  addThreadPosts(store, [post]);
  return true;
}

function noteReply(store: ChatStore, reply: Post): void {
  const root = store.state.posts[reply.root_id];
  // A root that already counts this reply (a thread_updated came first, or a repeated event) stays;
  // an ephemeral answer shown in the thread (a slash command's) is no reply the server counts.
  if (!root || reply.type === 'system_ephemeral' || store.state.posts[reply.id] || (root.last_reply_at ?? 0) >= reply.create_at) return;
  const participants: Array<{ id: string }> = Array.isArray(root.participants) ? root.participants : [];
  const counted: Post = {
    ...root,
    reply_count: root.reply_count + 1,
    last_reply_at: reply.create_at,
    participants: participants.some((p) => p.id === reply.user_id) ? participants : [...participants, { id: reply.user_id }],
  };
  store.update((s) => ({ posts: { ...s.posts, [root.id]: counted } }));
}

/**
 * Followed threads as the server sent them (their root posts into `posts` too). Mattermost's thread
 * answers and thread_updated leave out is_following: every thread they carry is followed.
 */
export async function putUserThreads(store: ChatStore, threads: UserThread[]): Promise<void> {
  const roots = threads.map((t) => t.post).filter((p): p is Post => 'id' in p);
  await ensureUsers(store, [...roots.map((p) => p.user_id), ...threads.flatMap((t) => t.participants.map((p) => p.id))]);
  addThreadPosts(store, roots);
  store.update((s) => ({ userThreads: { ...s.userThreads, ...Object.fromEntries(threads.map((t) => [t.id, { ...t, is_following: t.is_following ?? true }])) } }));
}

export function patchThread(store: ChatStore, threadId: string, patch: Partial<UserThread>): void {
  store.update((s) => {
    const thread = s.userThreads[threadId];
    return thread ? { userThreads: { ...s.userThreads, [threadId]: { ...thread, ...patch } } } : {};
  });
}

/**
 * The threads of a team (and of direct and group messages) that are loaded, the followed ones only
 * unless told otherwise, most recently replied first (as the server pages them).
 */
export function threadsOfTeam(state: Pick<ChatState, 'userThreads' | 'channels'>, teamId: string, followedOnly = true): UserThread[] {
  return Object.values(state.userThreads)
    .filter((t) => {
      const channel = state.channels[t.post.channel_id];
      return (t.is_following || !followedOnly) && channel !== undefined && (channel.team_id === teamId || channel.team_id === '');
    })
    .sort((a, b) => b.last_reply_at - a.last_reply_at || (a.id < b.id ? 1 : -1));
}

/** "2 mentions, unread" for a link's accessible name ('' when there is nothing to say). */
export function describeUnread(mentions: number, unread: boolean): string {
  return [mentions > 0 ? `${mentions} mention${mentions === 1 ? '' : 's'}` : '', unread ? 'unread' : ''].filter(Boolean).join(', ');
}

export function isUnreadThread(thread: UserThread): boolean {
  return thread.unread_replies > 0 || thread.unread_mentions > 0;
}

/** The replies of a thread that are loaded, oldest first. */
export function repliesOf(posts: ChatState['posts'], rootId: string): Post[] {
  return Object.values(posts)
    .filter((p) => p.root_id === rootId && p.delete_at === 0)
    .sort((a, b) => a.create_at - b.create_at);
}

/** A thread event changes the thread it names and the unread counts. */
export async function applyThreadEvent(store: ChatStore, live: LiveEvent): Promise<void> {
  const updated = live.event === 'thread_updated' ? parseThread(live.data.thread) : undefined;
  await Promise.all([countThreadEvent(store, live, updated), applyToThread(store, live, updated)]);
}

async function applyToThread(store: ChatStore, live: LiveEvent, updated: UserThread | undefined): Promise<void> {
  const { data, broadcast } = live;
  switch (live.event) {
    case 'thread_updated':
      if (updated) await putUserThreads(store, [updated]);
      return;
    case 'thread_read_changed': {
      const threadId = typeof data.thread_id === 'string' ? data.thread_id : '';
      if (threadId) {
        patchThread(store, threadId, { last_viewed_at: Number(data.timestamp) || Date.now(), unread_replies: Number(data.unread_replies) || 0, unread_mentions: Number(data.unread_mentions) || 0 });
        return;
      }
      // No thread: every thread of the team was read.
      for (const thread of threadsOfTeam(store.state, broadcast.team_id ?? '')) patchThread(store, thread.id, { unread_replies: 0, unread_mentions: 0, last_viewed_at: Date.now() });
      return;
    }
    case 'thread_follow_changed': {
      const threadId = String(data.thread_id ?? '');
      if (data.state === true && broadcast.team_id && !store.state.userThreads[threadId]) {
        await putUserThreads(store, [await client.getUserThread(store.state.me.id, broadcast.team_id, threadId, true)]);
      } else patchThread(store, threadId, { is_following: data.state === true });
      return;
    }
    default:
  }
}

function parseThread(value: unknown): UserThread | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as UserThread;
  } catch {
    return undefined;
  }
}
