// "alice is typing…" under the composer, from the socket's `typing` events; each notice fades out
// after a few seconds unless another one comes.
import { useEffect, useState } from 'react';
import { useChat } from './chat-store.ts';

const NONE: never[] = [];

export function TypingIndicator({ channelId }: { channelId: string }) {
  const typists = useChat((s) => s.typing[channelId] ?? NONE);
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
