// My scheduled messages in a team (GET /posts/scheduled/team/{id}, direct and group messages
// included), soonest first, read again after each scheduled_post_* event — the sweep posting one, or
// a change from another tab — and what the server's error codes mean, in words.
import type { ScheduledPost, ScheduledPostErrorCode } from '@mattermost/types/schedule_post';
import { client } from '../../client.ts';
import { useConfigSwitch } from '../client-config.ts';
import { useViewRefresh, type Refreshed } from '../views/use-view-refresh.ts';

/** The answer: the team's under its id, direct and group messages under `directChannels`. */
type TeamScheduledPosts = Record<string, ScheduledPost[] | undefined>;

/** Whether the server schedules messages (its client configuration's ScheduledPosts). */
export function useSchedulingEnabled(): boolean {
  return useConfigSwitch('ScheduledPosts');
}

/** Nothing is asked while `enabled` is false (the server would refuse). */
export function useScheduledPosts(teamId: string, enabled = true): Refreshed<ScheduledPost[]> {
  return useViewRefresh(
    `${teamId}:${enabled}`,
    async () => {
      if (!enabled) return [];
      const { data } = await client.getScheduledPosts(teamId, true);
      const lists = data as unknown as TeamScheduledPosts;
      return [...(lists[teamId] ?? []), ...(lists.directChannels ?? [])].sort((a, b) => a.scheduled_at - b.scheduled_at);
    },
    (live) => live.event.startsWith('scheduled_post_'),
  );
}

const FAILURES: Record<ScheduledPostErrorCode, string> = {
  unknown: 'It could not be sent, for a reason the server did not give.',
  channel_archived: 'It could not be sent: the channel is archived.',
  channel_not_found: 'It could not be sent: the channel no longer exists.',
  user_missing: 'It could not be sent: your account could not be found.',
  user_deleted: 'It could not be sent: your account is deactivated.',
  no_channel_permission: 'It could not be sent: you may no longer post in the channel.',
  no_channel_member: 'It could not be sent: you are no longer a member of the channel.',
  thread_deleted: 'It could not be sent: the thread it replies to was deleted.',
  unable_to_send: 'It could not be sent: the server could not post it.',
  invalid_post: 'It could not be sent: the message was refused as invalid.',
};

/** Why the sweep could not send it, in words; '' when it did not fail. */
export function failureText(post: ScheduledPost): string {
  if (!post.error_code) return '';
  return FAILURES[post.error_code] ?? `It could not be sent (${post.error_code}).`;
}
