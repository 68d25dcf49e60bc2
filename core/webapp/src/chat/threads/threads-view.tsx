// The team's Threads page (/<team>/threads): the threads I follow, most recently replied first, the
// unread ones marked (with their mentions); choosing one opens it beside the list, which reads it.
import { useEffect, useId, useMemo, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { UserThread } from '@mattermost/types/threads';
import { client, errorText } from '../../client.ts';
import { useChat, useChatStore, type ChatStore } from '../chat-store.ts';
import { channelLabel } from '../channel-names.ts';
import { openThread } from './open-thread.ts';
import { describeUnread, isUnreadThread, putUserThreads, threadsOfTeam } from './thread-store.ts';
import { replyCountText } from './thread-summary.tsx';
import './threads.css';

/** How many followed threads the page loads (Mattermost's page size). */
const THREADS_PER_PAGE = 25;

/** Loads the first page of my followed threads in a team into the store. */
export async function loadUserThreads(store: ChatStore, teamId: string): Promise<void> {
  const list = await client.getUserThreads(store.state.me.id, teamId, { perPage: THREADS_PER_PAGE, extended: true });
  await putUserThreads(store, list.threads);
}

export function ThreadsView({ team }: { team: Team }) {
  const store = useChatStore();
  const userThreads = useChat((s) => s.userThreads);
  const channels = useChat((s) => s.channels);
  const headingId = useId();
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState('');
  const threads = useMemo(() => threadsOfTeam({ userThreads, channels }, team.id), [userThreads, channels, team.id]);

  useEffect(() => {
    let current = true;
    loadUserThreads(store, team.id).then(
      () => current && setLoaded(true),
      (err: unknown) => current && setProblem(`Your threads could not be loaded: ${errorText(err)}`),
    );
    return () => {
      current = false;
    };
  }, [store, team.id]);

  return (
    <main className="channel-view threads-view" aria-labelledby={headingId}>
      <header className="channel-header">
        <h1 id={headingId}>Followed threads</h1>
      </header>
      {problem && <p role="alert" className="error">{problem}</p>}
      {loaded && threads.length === 0 && <p className="threads-empty">No followed threads yet. Reply to a message or follow a thread to see it here.</p>}
      <ul className="thread-list" aria-label="Followed threads">
        {threads.map((thread) => (
          <ThreadItem key={thread.id} thread={thread} onOpen={() => openThread(store, thread.id, team.id)} />
        ))}
      </ul>
    </main>
  );
}

function ThreadItem({ thread, onOpen }: { thread: UserThread; onOpen: () => void }) {
  const root = useChat((s) => s.posts[thread.id]);
  const author = useChat((s) => s.users[thread.post.user_id]?.username ?? 'someone');
  const channel = useChat((s) => s.channels[thread.post.channel_id]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const open = useChat((s) => s.rhs?.kind === 'thread' && s.rhs.rootId === thread.id);
  const unread = isUnreadThread(thread);
  const mentions = thread.unread_mentions;
  const where = channel ? channelLabel(channel, users, me) : '';
  const names = thread.participants.map((p) => users[p.id]?.username).filter(Boolean).join(', ');
  const described = describeUnread(mentions, unread);
  return (
    <li className={`thread-item${unread ? ' unread' : ''}`}>
      <button type="button" className="quiet" aria-current={open ? 'true' : undefined} onClick={onOpen}>
        <span className="thread-item-head">
          {unread && <span className="thread-unread-dot" aria-hidden="true" />}
          <span className="visually-hidden">Thread by </span>
          <strong>{author}</strong> <span className="visually-hidden">in </span>
          <span className="thread-where">{where}</span>
          <span className="visually-hidden">: </span>
          {mentions > 0 && (
            <span aria-hidden="true" className="mention-badge">
              {mentions}
            </span>
          )}
        </span>
        <span className="thread-snippet">{snippet(root?.message ?? '')}</span>{' '}
        <span className="thread-meta">
          {replyCountText(thread.reply_count)}
          {names && ` · ${names}`}
        </span>
        {described && <span className="visually-hidden"> ({described})</span>}
      </button>
    </li>
  );
}

/** The start of a message as one line of plain text. */
function snippet(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
