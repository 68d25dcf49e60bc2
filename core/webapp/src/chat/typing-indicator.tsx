// "alice is typing…" under the composer, from the socket's `typing` events; each notice fades out
// after a few seconds unless another one comes. Typing in a thread (the event's parent_id) shows
// under that thread's reply box only, typing in the channel's box under the channel's.
import { useEffect, useState } from 'react';
import { useChat } from './chat-store.ts';

const NONE: never[] = [];

/** Where the store keeps who is typing: by channel, or by channel and thread. */
export function typingKey(channelId: string, rootId: string): string {
  return rootId ? `${channelId}:${rootId}` : channelId;
}

export function TypingIndicator({ channelId, rootId = '' }: { channelId: string; rootId?: string }) {
  const typists = useChat((s) => s.typing[typingKey(channelId, rootId)] ?? NONE);
  const users = useChat((s) => s.users);
  const [now, setNow] = useState(() => Date.now());
  const next = Math.min(...typists.map((t) => t.until));
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, next - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [next, now]);
  const names = typists.filter((t) => t.until > now).map((t) => users[t.userId]?.username ?? 'someone');
  return (
    <p className="typing" aria-live="polite">
      {names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : 'Several people are typing…'}
    </p>
  );
}
