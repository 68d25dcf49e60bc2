// "Threads" at the top of the channel sidebar while collapsed threads are on: the team's Threads
// page, with a dot while a followed thread has unread replies and a badge for their mentions — the
// server's counts over all my followed threads of the team and of direct messages (thread-unreads.ts),
// not only the threads loaded. Only the totals are read here; the Threads page loads the threads.
import { useEffect } from 'react';
import type { Team } from '@mattermost/types/teams';
import { useChat, useChatStore } from '../chat-store.ts';
import { NavLink } from '../../nav-link.tsx';
import { usePath } from '../../navigation.ts';
import { useCollapsedThreads } from './collapsed-threads.ts';
import { describeUnread } from './thread-store.ts';
import { loadThreadTotals } from './thread-unreads.ts';

export function ThreadsLink({ team }: { team: Team }) {
  const collapsed = useCollapsedThreads();
  const store = useChatStore();
  const counts = useChat((s) => s.threadUnreads[team.id]?.withDirect);
  // The Threads page's own list brings the totals with it: no second request while it shows.
  const onThreadsPage = usePath().startsWith(`/${team.name}/threads`);
  const known = counts !== undefined || onThreadsPage;
  const unread = (counts?.threads ?? 0) > 0;
  const mentions = counts?.mentions ?? 0;

  useEffect(() => {
    if (collapsed && !known) void loadThreadTotals(store, team.id).catch(() => undefined); // the Threads page shows the problem
  }, [store, team.id, collapsed, known]);

  if (!collapsed) return null;
  const described = describeUnread(mentions, unread);
  return (
    <div className={`channel-link threads-link${unread ? ' unread' : ''}`}>
      <NavLink to={`/${team.name}/threads`} label={described ? `Threads (${described})` : 'Threads'}>
        <span aria-hidden="true" className="channel-icon">
          💬
        </span>
        <span className="channel-name">Threads</span>
        {unread && mentions === 0 && <span aria-hidden="true" className="threads-unread-dot" />}
        {mentions > 0 && (
          <span aria-hidden="true" className="mention-badge">
            {mentions}
          </span>
        )}
      </NavLink>
    </div>
  );
}
