// The arithmetic of unread thread counts (thread-unreads.ts keeps them in the store): a team's
// unread followed threads and their mentions, and how one thread's change moves them. Pure, so the
// rules are tested without a browser.
export interface ThreadUnreads {
  /** Followed threads with unread replies. */
  threads: number;
  /** Unread mentions in them. */
  mentions: number;
}

export interface TeamThreadUnreads {
  /** In the team's own channels (its team badge), from /users/me/teams/unread. */
  inTeam: ThreadUnreads;
  /** With the threads of direct and group messages too (its Threads item), once a thread list of the team was loaded. */
  withDirect?: ThreadUnreads;
}

/** One thread's unread state, before or after a change. */
export interface ThreadReadState {
  replies: number;
  mentions: number;
}

export const NONE: ThreadUnreads = { threads: 0, mentions: 0 };

function moved(counts: ThreadUnreads, before: ThreadReadState, after: ThreadReadState): ThreadUnreads {
  const threads = counts.threads + (after.replies > 0 ? 1 : 0) - (before.replies > 0 ? 1 : 0);
  return { threads: Math.max(threads, 0), mentions: Math.max(counts.mentions + after.mentions - before.mentions, 0) };
}

/**
 * The counts after one thread of a channel of team `teamId` ('' for a direct or group message) went
 * from `before` to `after`: a team's thread counts its own, every team's Threads item a direct one's.
 */
export function countThreadChange(all: Record<string, TeamThreadUnreads>, teamId: string, before: ThreadReadState, after: ThreadReadState): Record<string, TeamThreadUnreads> {
  const next: Record<string, TeamThreadUnreads> = {};
  for (const [id, counts] of Object.entries(all)) {
    if (teamId !== '' && id !== teamId) {
      next[id] = counts;
      continue;
    }
    next[id] = {
      inTeam: teamId === '' ? counts.inTeam : moved(counts.inTeam, before, after),
      ...(counts.withDirect ? { withDirect: moved(counts.withDirect, before, after) } : {}),
    };
  }
  return next;
}
