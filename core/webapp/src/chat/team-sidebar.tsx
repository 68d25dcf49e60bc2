// The leftmost column: one button per team (its initials), the open team marked, with a dot when a
// team has unread messages and a badge counting its mentions.
import { useMemo } from 'react';
import { useChat } from './chat-store.ts';
import { teamUnread } from './unreads.ts';
import { useCollapsedThreads } from './threads/collapsed-threads.ts';
import { NavLink } from '../nav-link.tsx';
import { DEFAULT_CHANNEL } from './chat-paths.ts';
import { lastChannel } from './last-channel.ts';

export function TeamSidebar({ currentTeamId }: { currentTeamId?: string }) {
  const teams = useChat((s) => s.teams);
  const channels = useChat((s) => s.channels);
  const members = useChat((s) => s.myMembers);
  const threadUnreads = useChat((s) => s.threadUnreads);
  const collapsedThreads = useCollapsedThreads();
  const me = useChat((s) => s.me);
  const rows = useMemo(
    () =>
      Object.values(teams)
        .sort((a, b) => a.display_name.localeCompare(b.display_name))
        .map((team) => ({ team, counts: teamUnread({ channels, myMembers: members }, team.id, collapsedThreads, threadUnreads[team.id]?.inTeam) })),
    [teams, channels, members, collapsedThreads, threadUnreads],
  );
  const last = lastChannel(me.id);
  return (
    <nav className="team-sidebar" aria-label="Teams">
      <ul>
        {rows.map(({ team, counts }) => {
          const to = last?.teamName === team.name ? last.path : `/${team.name}/channels/${DEFAULT_CHANNEL}`;
          const status = [counts.mentions > 0 ? `${counts.mentions} mention${counts.mentions === 1 ? '' : 's'}` : '', counts.unread ? 'unread' : ''].filter(Boolean).join(', ');
          return (
            <li key={team.id} className={`team-button${team.id === currentTeamId ? ' current' : ''}`}>
              <NavLink to={to} current={team.id === currentTeamId}>
                {/* Named by text, not aria-label: the initials and badge shown are not words of the name. */}
                <span className="visually-hidden">{status ? `${team.display_name} (${status})` : team.display_name}</span>
                <span aria-hidden="true" className="team-initials">
                  {initials(team.display_name)}
                </span>
                {counts.unread && counts.mentions === 0 && <span aria-hidden="true" className="unread-dot" />}
                {counts.mentions > 0 && (
                  <span aria-hidden="true" className="mention-badge">
                    {counts.mentions}
                  </span>
                )}
              </NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase() || '?';
}
