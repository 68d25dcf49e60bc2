// The server's WebSocket events as a component listens to them. Inside the chat the chat's own socket
// serves them (one connection per tab); a page outside it (a plugin view's own page) opens one.
import { WebSocketClient } from '@mattermost/client';

export interface ServerEvent {
  event: string;
  data: unknown;
}

export interface ServerEvents {
  /** Settles once the socket is registered with the server (its hello): events sent from then on arrive. */
  registered: Promise<void>;
  /** Calls `listener` with every event until the returned function is called. */
  subscribe(listener: (message: ServerEvent) => void): () => void;
}

/** Fans one socket's events out to its subscribers; `hello` settles `registered`. */
function eventFanOut(socket: WebSocketClient): ServerEvents {
  const listeners = new Set<(message: ServerEvent) => void>();
  let registered: () => void = () => {};
  const hello = new Promise<void>((resolve) => (registered = resolve));
  socket.addMessageListener((message) => {
    if (message.event === 'hello') registered();
    for (const listener of listeners) listener(message);
  });
  return {
    registered: hello,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A socket of its own, for a page without the chat's. */
export function openServerEvents(): ServerEvents & { close(): void } {
  const socket = new WebSocketClient();
  const events = eventFanOut(socket);
  socket.initialize(`${window.location.origin.replace(/^http/, 'ws')}/api/v4/websocket`);
  return { ...events, close: () => socket.close() };
}
