// Keeps the statuses of the people on screen fresh besides the live status_change events, as
// Mattermost's web app does: every minute it asks POST /users/status/ids for the people of the
// sidebar's direct messages, and (also shortly after it opens) the authors of the posts loaded in the channel open.
import { useEffect } from 'react';
import type { ChatState, ChatStore } from '../chat-store.ts';
import { useChatStore } from '../chat-store.ts';
import { client } from '../../client.ts';
import { directPartnerId } from '../channel-names.ts';

/** Mattermost's web app polls statuses once a minute (its STATUS_INTERVAL). */
export const STATUS_POLL_MS = 60_000;
const FIRST_POLL_MS = 2_000;

/** The ids of the people whose statuses the screen shows. */
export function visibleUserIds(state: ChatState, channelId: string | undefined): string[] {
  const ids = new Set<string>([state.me.id]);
  for (const channel of Object.values(state.channels)) {
    if (channel.type === 'D' && state.myMembers[channel.id]) ids.add(directPartnerId(channel, state.me.id));
  }
  for (const postId of (channelId && state.postsInChannel[channelId]?.order) || []) {
    const author = state.posts[postId]?.user_id;
    if (author) ids.add(author);
  }
  return [...ids].filter((id) => id !== '');
}

export async function refreshStatuses(store: ChatStore, channelId: string | undefined): Promise<void> {
  const ids = visibleUserIds(store.state, channelId);
  const statuses = await client.getStatusesByIds(ids);
  store.update((s) => ({ statuses: { ...s.statuses, ...Object.fromEntries(statuses.map((st) => [st.user_id, st.status])) } }));
}

/** Renders nothing: polls while mounted. */
export function StatusPolling({ channelId }: { channelId: string | undefined }) {
  const store = useChatStore();
  useEffect(() => {
    // A failed poll is retried by the next one.
    const poll = () => void refreshStatuses(store, channelId).catch(() => undefined);
    // Once soon after a channel opens too, for the authors of its posts (loaded meanwhile).
    const first = setTimeout(poll, FIRST_POLL_MS);
    const timer = setInterval(poll, STATUS_POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [store, channelId]);
  return null;
}
