// The team's Threads page (/<team>/threads, and /<team>/threads/<thread_id> with one open), laid out
// as Mattermost's global threads: the threads I follow on the left, most recently replied first, in
// pages of 25 ("Load more threads"), as all of them ("Followed") or the unread ones ("Unreads"), each
// with Follow / Following; the thread chosen on the right, read while it shows. "Mark all as read"
// reads every thread of the team. A thread stays in the list while the page shows it, even once read
// or unfollowed, so what the user is working on does not jump away.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { UserThread } from '@mattermost/types/threads';
import { client, errorText } from '../../client.ts';
import { useChat, useChatStore, type ChatStore } from '../chat-store.ts';
import { channelLabel } from '../channel-names.ts';
import { navigate } from '../../navigation.ts';
import { describeUnread, isUnreadThread, putUserThreads, threadsOfTeam } from './thread-store.ts';
import { putThreadTotals } from './thread-unreads.ts';
import { replyCountText } from './thread-summary.tsx';
import { FollowButton } from './follow-button.tsx';
import { ThreadPane, threadsPath } from './thread-pane.tsx';
import './threads.css';

/** How many followed threads one page holds (Mattermost's page size). */
export const THREADS_PER_PAGE = 25;

type Filter = 'followed' | 'unreads';
const FILTERS: ReadonlyArray<{ filter: Filter; label: string }> = [
  { filter: 'followed', label: 'Followed' },
  { filter: 'unreads', label: 'Unreads' },
];

interface Paging {
  loading: boolean;
  reachedEnd: boolean;
}

/**
 * Loads a page of my followed threads in a team (the unread ones only with `unread`), older than the
 * thread `before` when given, with the team's totals for the Threads item; true when it was the last.
 */
async function loadUserThreads(store: ChatStore, teamId: string, options: { unread?: boolean; before?: string } = {}): Promise<boolean> {
  const list = await client.getUserThreads(store.state.me.id, teamId, { perPage: THREADS_PER_PAGE, extended: true, unread: options.unread === true, before: options.before ?? '' });
  await putUserThreads(store, list.threads);
  putThreadTotals(store, teamId, list);
  return list.threads.length < THREADS_PER_PAGE;
}

export function ThreadsView({ team, threadId }: { team: Team; threadId?: string }) {
  const store = useChatStore();
  const userThreads = useChat((s) => s.userThreads);
  const channels = useChat((s) => s.channels);
  const unreadThreads = useChat((s) => s.threadUnreads[team.id]?.withDirect?.threads ?? 0);
  const headingId = useId();
  const tabsId = useId();
  const [filter, setFilter] = useState<Filter>('followed');
  const [paging, setPaging] = useState<Record<Filter, Paging | undefined>>({ followed: undefined, unreads: undefined });
  const [problem, setProblem] = useState('');
  const tabRefs = useRef<Record<Filter, HTMLButtonElement | null>>({ followed: null, unreads: null });
  // The ids this list has shown (per team and filter): they stay while the page shows them.
  const shown = useRef({ key: '', ids: new Set<string>() });
  if (shown.current.key !== `${team.id}/${filter}`) shown.current = { key: `${team.id}/${filter}`, ids: new Set() };

  const threads = useMemo(() => {
    const listed = threadsOfTeam({ userThreads, channels }, team.id, false).filter(
      (t) => shown.current.ids.has(t.id) || (t.is_following && (filter === 'followed' || isUnreadThread(t) || t.id === threadId)),
    );
    for (const thread of listed) shown.current.ids.add(thread.id);
    return listed;
  }, [userThreads, channels, team.id, filter, threadId]);

  const loadPage = async (which: Filter, before?: string) => {
    setPaging((p) => ({ ...p, [which]: { loading: true, reachedEnd: p[which]?.reachedEnd ?? false } }));
    setProblem('');
    try {
      const reachedEnd = await loadUserThreads(store, team.id, { unread: which === 'unreads', before });
      setPaging((p) => ({ ...p, [which]: { loading: false, reachedEnd } }));
    } catch (err) {
      setPaging((p) => ({ ...p, [which]: { loading: false, reachedEnd: p[which]?.reachedEnd ?? false } }));
      setProblem(`Your threads could not be loaded: ${errorText(err)}`);
    }
  };

  useEffect(() => {
    setPaging({ followed: undefined, unreads: undefined });
  }, [team.id]);
  const current = paging[filter];
  useEffect(() => {
    // The first page of a filter, once: what decides it is the filter and whether that page is loaded.
    if (current === undefined) void loadPage(filter);
  }, [filter, current === undefined, team.id]);

  const markAllRead = () => {
    setProblem('');
    // The server's thread_read_changed event marks the threads read here and in every tab.
    client.updateThreadsReadForUser(store.state.me.id, team.id).catch((err: unknown) => setProblem(`The threads could not be marked as read: ${errorText(err)}`));
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next: Filter = event.key === 'Home' ? 'followed' : event.key === 'End' ? 'unreads' : filter === 'followed' ? 'unreads' : 'followed';
    setFilter(next);
    tabRefs.current[next]?.focus();
  };

  const oldest = threads[threads.length - 1];
  return (
    <main className={`channel-view threads-view${threadId ? ' has-thread' : ''}`} aria-label="Threads">
      <section className="threads-list-pane" aria-labelledby={headingId}>
        <header className="channel-header threads-header">
          <h1 id={headingId}>Followed threads</h1>
          <div role="tablist" aria-label="Which threads" className="threads-tabs">
            {FILTERS.map(({ filter: which, label }) => (
              <button
                key={which}
                ref={(el) => {
                  tabRefs.current[which] = el;
                }}
                type="button"
                role="tab"
                id={`${tabsId}-${which}`}
                aria-selected={filter === which}
                aria-controls={`${tabsId}-panel`}
                tabIndex={filter === which ? 0 : -1}
                className="quiet threads-tab"
                onClick={() => setFilter(which)}
                onKeyDown={onTabKey}
              >
                {label}
                {which === 'unreads' && unreadThreads > 0 && <span className="thread-unread-dot" aria-hidden="true" />}
              </button>
            ))}
          </div>
          <button type="button" className="quiet mark-all-read" disabled={unreadThreads === 0} onClick={markAllRead}>
            Mark all as read
          </button>
        </header>
        {problem && <p role="alert" className="error">{problem}</p>}
        <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${filter}`} className="threads-panel">
          {current && !current.loading && threads.length === 0 && (
            <p className="threads-empty">{filter === 'unreads' ? 'No unread threads.' : 'No followed threads yet. Reply to a message or follow a thread to see it here.'}</p>
          )}
          <ul className="thread-list" aria-label={filter === 'unreads' ? 'Unread threads' : 'Followed threads'}>
            {threads.map((thread) => (
              <ThreadItem key={thread.id} thread={thread} team={team} open={thread.id === threadId} />
            ))}
          </ul>
          {current?.loading && <p role="status" className="threads-loading">Loading threads…</p>}
          {current && !current.loading && !current.reachedEnd && oldest && (
            <button type="button" className="load-more-threads" onClick={() => void loadPage(filter, oldest.id)}>
              Load more threads
            </button>
          )}
        </div>
      </section>
      {threadId ? (
        <ThreadPane key={threadId} team={team} threadId={threadId} />
      ) : (
        <p className="threads-none-selected">Catch up on your threads: choose one to read it here.</p>
      )}
    </main>
  );
}

function ThreadItem({ thread, team, open }: { thread: UserThread; team: Team; open: boolean }) {
  const root = useChat((s) => s.posts[thread.id]);
  const author = useChat((s) => s.users[thread.post.user_id]?.username ?? 'someone');
  const channel = useChat((s) => s.channels[thread.post.channel_id]);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const unread = isUnreadThread(thread);
  const mentions = thread.unread_mentions;
  const where = channel ? channelLabel(channel, users, me) : '';
  const names = thread.participants.map((p) => users[p.id]?.username).filter(Boolean).join(', ');
  const described = describeUnread(mentions, unread);
  return (
    <li className={`thread-item${unread ? ' unread' : ''}`}>
      <button type="button" className="quiet thread-open" aria-current={open ? 'true' : undefined} onClick={() => navigate(threadsPath(team.name, thread.id))}>
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
      <FollowButton teamId={team.id} threadId={thread.id} className="thread-item-follow" />
    </li>
  );
}

/** The start of a message as one line of plain text. */
function snippet(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
