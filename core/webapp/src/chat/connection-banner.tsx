// Says so while the live connection is down; the reconnect then fetches what was missed.
import { useChat } from './chat-store.ts';

export function ConnectionBanner() {
  const connected = useChat((s) => s.connected);
  return (
    <p role="status" className={connected ? 'visually-hidden' : 'connection-banner'}>
      {connected ? '' : 'Reconnecting… Messages sent meanwhile will appear once the connection is back.'}
    </p>
  );
}
