// "Threads" at the top of the channel sidebar while collapsed threads are on: the team's Threads
// page, with a dot while a followed thread has unread replies and a badge for their mentions.
import { useEffect, useMemo } from 'react';
import type { Team } from '@mattermost/types/teams';
import { useChat, useChatStore } from '../chat-store.ts';
import { NavLink } from '../../nav-link.tsx';
import { useCollapsedThreads } from './collapsed-threads.ts';
import { describeUnread, isUnreadThread, threadsOfTeam } from './thread-store.ts';
import { loadUserThreads } from './threads-view.tsx';

export function ThreadsLink({ team }: { team: Team }) {
  const collapsed = useCollapsedThreads();
  const store = useChatStore();
  const userThreads = useChat((s) => s.userThreads);
  const channels = useChat((s) => s.channels);
  const { unread, mentions } = useMemo(() => {
    const threads = threadsOfTeam({ userThreads, channels }, team.id);
    return { unread: threads.some(isUnreadThread), mentions: threads.reduce((sum, t) => sum + t.unread_mentions, 0) };
  }, [userThreads, channels, team.id]);

  useEffect(() => {
    if (collapsed) void loadUserThreads(store, team.id).catch(() => undefined); // the Threads page shows the problem
  }, [store, team.id, collapsed]);

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
