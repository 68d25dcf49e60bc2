// A thread in the right-hand panel: its root post, its replies (drawn like the channel's posts), and
// a reply box — the channel's composer, replying in the thread — with who is typing in the thread. Opening it loads the thread (GET /posts/{id}/thread); replies arrive live with the
// channel's `posted` events. While it is shown the thread is marked read up to its newest reply.
import { useEffect, useMemo, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { Post } from '@mattermost/types/posts';
import { client, errorText } from '../../client.ts';
import { useChat, useChatStore } from '../chat-store.ts';
import { ensureUsers } from '../chat-loader.ts';
import { channelLabel } from '../channel-names.ts';
import { PostItem } from '../post-item.tsx';
import { MessageContextProvider, useChannelMessageContext } from '../message-context.tsx';
import { useThreadsTracked } from './collapsed-threads.ts';
import { InThreadPanel } from './open-thread.ts';
import { Composer } from '../composer.tsx';
import { TypingIndicator } from '../typing-indicator.tsx';
import { addThreadPosts, putUserThreads, repliesOf } from './thread-store.ts';
import { replyCountText } from './thread-summary.tsx';

export function ThreadPanel({ rootId, teamId, onClose }: { rootId: string; teamId: string; onClose: () => void }) {
  const root = useChat((s) => s.posts[rootId]);
  const team = useChat((s) => s.teams[teamId]);
  const problem = useLoadedThread(rootId);

  return (
    // Escape inside the panel closes it, as Mattermost's right-hand side does.
    <aside className="rhs thread-panel" aria-label="Thread" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <header className="rhs-header">
        <h2>Thread</h2>
        <button type="button" className="quiet rhs-close" aria-label="Close the thread" onClick={onClose}>
          ×
        </button>
      </header>
      {problem && <p role="alert" className="error">{problem}</p>}
      {root && team ? <ThreadBody root={root} team={team} /> : !problem && <p role="status">Loading the thread…</p>}
    </aside>
  );
}

/** Loads a thread's posts into the store (GET /posts/{id}/thread); what went wrong, or ''. */
export function useLoadedThread(rootId: string): string {
  const store = useChatStore();
  const [problem, setProblem] = useState('');
  useEffect(() => {
    let current = true;
    setProblem('');
    client.getPostThread(rootId, true, false).then(
      async (list) => {
        const posts = Object.values(list.posts);
        await ensureUsers(store, posts.map((p) => p.user_id));
        if (current) addThreadPosts(store, posts);
      },
      (err: unknown) => current && setProblem(`The thread could not be loaded: ${errorText(err)}`),
    );
    return () => {
      current = false;
    };
  }, [store, rootId]);
  return problem;
}

/** The thread's posts and its reply box; while shown, the thread is marked read up to its newest reply. */
export function ThreadBody({ root, team }: { root: Post; team: Team }) {
  const store = useChatStore();
  const posts = useChat((s) => s.posts);
  const channel = useChat((s) => s.channels[root.channel_id]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const tracked = useThreadsTracked();
  const replies = useMemo(() => repliesOf(posts, root.id), [posts, root.id]);
  const messageContext = useChannelMessageContext(team, root.channel_id);
  const newest = replies[replies.length - 1]?.create_at ?? root.create_at;

  useEffect(() => {
    if (!tracked) return;
    // Read up to now: the server counts what is newer than this as unread.
    client.updateThreadReadForUser(me, team.id, root.id, Date.now()).then(
      (thread) => putUserThreads(store, [thread]),
      () => undefined, // the next reply shown tells the server again
    );
  }, [store, tracked, me, team.id, root.id, newest]);

  return (
    <MessageContextProvider value={messageContext}>
      <InThreadPanel value={true}>
        {channel && <p className="thread-channel">{channelLabel(channel, users, me)}</p>}
        <div className="post-scroll" role="log" aria-live="polite" aria-relevant="additions" aria-label="Thread messages">
          <ol className="post-list">
            <PostItem post={root} continued={false} highlighted={false} />
            <li className="thread-count">{replyCountText(replies.length)}</li>
            {replies.map((reply) => (
              <PostItem key={reply.id} post={reply} continued={false} highlighted={false} />
            ))}
          </ol>
        </div>
        <Composer channelId={root.channel_id} teamId={team.id} rootId={root.id} label={channel ? channelLabel(channel, users, me) : ''} />
        <TypingIndicator channelId={root.channel_id} rootId={root.id} />
      </InThreadPanel>
    </MessageContextProvider>
  );
}
