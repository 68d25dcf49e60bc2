// The thread open on the Threads page (/<team>/threads/<thread_id>), beside the list as in Mattermost's
// global threads view: Follow / Following, a way back to the list, and the thread itself
// (which marks it read while shown, thread-panel.tsx).
import { useId } from 'react';
import type { Team } from '@mattermost/types/teams';
import { useChat } from '../chat-store.ts';
import { NavLink } from '../../nav-link.tsx';
import { FollowButton } from './follow-button.tsx';
import { ThreadBody, useLoadedThread } from './thread-panel.tsx';

export function ThreadPane({ team, threadId }: { team: Team; threadId: string }) {
  const headingId = useId();
  const root = useChat((s) => s.posts[threadId]);
  const problem = useLoadedThread(threadId);
  return (
    <section className="thread-pane" aria-labelledby={headingId}>
      <header className="rhs-header thread-pane-header">
        <h2 id={headingId}>Thread</h2>
        <FollowButton teamId={team.id} threadId={threadId} />
        <NavLink to={threadsPath(team.name)} className="quiet thread-pane-close" label="Close the thread">
          <span aria-hidden="true">×</span>
        </NavLink>
      </header>
      {problem && <p role="alert" className="error">{problem}</p>}
      {root ? <ThreadBody root={root} team={team} /> : !problem && <p role="status">Loading the thread…</p>}
    </section>
  );
}

/** The Threads page of a team, with a thread open when given. */
export function threadsPath(teamName: string, threadId?: string): string {
  return threadId ? `/${teamName}/threads/${threadId}` : `/${teamName}/threads`;
}
