// The live events the right-hand views follow on their own (a pin in the channel whose pinned
// messages are listed, someone joining the channel whose members are shown). The chat socket hands
// every event here after the store has it; a view listens while it is on screen.
import type { Post } from '@mattermost/types/posts';
import type { LiveEvent } from '../live-events.ts';

type Listener = (live: LiveEvent) => void;

const listeners = new Set<Listener>();

/** Calls `listener` with each live event until the returned function is called. */
export function onViewEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyViews(live: LiveEvent): void {
  for (const listener of listeners) listener(live);
}

/** The post an event carries (posted, post_edited, post_deleted), if any. */
export function eventPost(live: LiveEvent): Post | undefined {
  const post = live.data.post;
  if (typeof post !== 'string') return undefined;
  try {
    return JSON.parse(post) as Post;
  } catch {
    return undefined;
  }
}

/** The channel an event is about: its broadcast's, the one its data names, or its post's. */
export function eventChannelId(live: LiveEvent): string {
  if (live.broadcast.channel_id) return live.broadcast.channel_id;
  if (typeof live.data.channel_id === 'string') return live.data.channel_id;
  return eventPost(live)?.channel_id ?? '';
}

/** The events after which a channel's pinned posts may have changed (a pin or unpin is an edit). */
export function changesPins(live: LiveEvent, channelId: string): boolean {
  return (live.event === 'post_edited' || live.event === 'post_deleted') && eventChannelId(live) === channelId;
}

/** The events after which a channel's members (or their roles) may have changed. */
export function changesMembers(live: LiveEvent, channelId: string): boolean {
  return (live.event === 'user_added' || live.event === 'user_removed' || live.event === 'channel_member_updated') && eventChannelId(live) === channelId;
}
