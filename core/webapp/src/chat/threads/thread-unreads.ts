// How many followed threads have unread replies, and their unread mentions, per team — the Threads
// item's dot and badge and the team badges' share of threads with collapsed threads on. The server's
// counts are the base (/users/me/teams/unread for a team's own channels, a thread list's totals for
// the Threads item, which adds direct and group messages' threads); each thread event then moves
// them by the change it reports (its unread counts before and after), as Mattermost's web app does.
// Following, unfollowing and "mark all as read" are rare and change threads the client may not
// know, so they read the counts again instead.
import type { UserThread } from '@mattermost/types/threads';
import { client } from '../../client.ts';
import { EARLY_PATHS } from '../../startup/early-answers.ts';
import { takeEarly } from '../take-early.ts';
import type { ChatStore } from '../chat-store.ts';
import type { LiveEvent } from '../live-events.ts';
import { NONE, countThreadChange, type ThreadReadState } from './thread-unread-counts.ts';

/** The team's own-channel thread counts from /users/me/teams/unread (teams it leaves out have none). */
async function loadTeamThreadUnreads(store: ChatStore): Promise<void> {
  const unreads = await takeEarly(EARLY_PATHS.teamUnreadsWithThreads, () => client.getMyTeamUnreads(true));
  const byTeam = new Map(unreads.map((u) => [u.team_id, { threads: u.thread_count ?? 0, mentions: u.thread_mention_count ?? 0 }]));
  store.update((s) => ({
    threadUnreads: Object.fromEntries(Object.keys(s.teams).map((teamId) => [teamId, { ...s.threadUnreads[teamId], inTeam: byTeam.get(teamId) ?? NONE }])),
  }));
}

/** The Threads item's counts of a team from a thread list's totals. */
export function putThreadTotals(store: ChatStore, teamId: string, totals: { total_unread_threads: number; total_unread_mentions: number }): void {
  store.update((s) => ({
    threadUnreads: { ...s.threadUnreads, [teamId]: { inTeam: s.threadUnreads[teamId]?.inTeam ?? NONE, withDirect: { threads: totals.total_unread_threads, mentions: totals.total_unread_mentions } } },
  }));
}

/** Reads the Threads item's counts of a team (the totals only, not a page of threads). */
export async function loadThreadTotals(store: ChatStore, teamId: string): Promise<void> {
  putThreadTotals(store, teamId, await client.getUserThreads(store.state.me.id, teamId, { totalsOnly: true }));
}

/** Reads every count again: the teams' and the Threads items' already shown (at start, and after a reconnect). */
export async function reloadThreadUnreads(store: ChatStore): Promise<void> {
  const shown = Object.entries(store.state.threadUnreads).filter(([, counts]) => counts.withDirect).map(([teamId]) => teamId);
  await Promise.all([loadTeamThreadUnreads(store), ...shown.map((teamId) => loadThreadTotals(store, teamId))]);
}

/** Moves the counts by what a thread event says changed (thread-store.ts calls it with the event's thread, parsed). */
export async function countThreadEvent(store: ChatStore, live: LiveEvent, thread: UserThread | undefined): Promise<void> {
  const { data, broadcast } = live;
  const teamOf = (channelId: string) => store.state.channels[channelId]?.team_id ?? broadcast.team_id ?? '';
  const change = (channelId: string, before: ThreadReadState, after: ThreadReadState) =>
    store.update((s) => ({ threadUnreads: countThreadChange(s.threadUnreads, teamOf(channelId), before, after) }));
  switch (live.event) {
    case 'thread_updated': {
      if (!thread) return;
      change(thread.post.channel_id, { replies: Number(data.previous_unread_replies) || 0, mentions: Number(data.previous_unread_mentions) || 0 }, { replies: thread.unread_replies, mentions: thread.unread_mentions });
      return;
    }
    case 'thread_read_changed':
      if (typeof data.thread_id === 'string' && data.thread_id !== '') {
        change(
          String(data.channel_id ?? ''),
          { replies: Number(data.previous_unread_replies) || 0, mentions: Number(data.previous_unread_mentions) || 0 },
          { replies: Number(data.unread_replies) || 0, mentions: Number(data.unread_mentions) || 0 },
        );
        return;
      }
      return reloadThreadUnreads(store).catch(() => undefined); // the next reconnect reads them again
    case 'thread_follow_changed':
      return reloadThreadUnreads(store).catch(() => undefined);
    default:
  }
}
