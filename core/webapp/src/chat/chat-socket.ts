// The chat's WebSocket: Mattermost's own WebSocketClient, authenticated by the session cookie the
// browser sends with the upgrade (as Mattermost's web app does, no token in the page). It reconnects
// by itself; the store's `connected` drives the "Reconnecting…" banner and a reconnect catches up.
// The chat's first posts are loaded before the socket is registered (its hello), so whatever was
// posted in between never comes as an event: once registered, the socket catches up those posts too,
// and those in the channel on screen are read like live ones.
import { WebSocketClient } from '@mattermost/client';
import type { ChatStore } from './chat-store.ts';
import { applyLiveEvent, readCaughtUpPosts, type LiveContext, type LiveEvent } from './live-events.ts';
import { catchUp, catchUpPosts } from './chat-loader.ts';
import type { ServerEvents } from '../server-events.ts';
import { client, errorStatus } from '../client.ts';
import { notifyViews, onViewEvent } from './views/view-events.ts';

/**
 * The chat's one connection. Each event reaches the store first, then the components that
 * subscribe (the right-hand views, plugin views), so they see the store as of that event.
 */
export interface ChatSocket extends ServerEvents {
  userTyping(channelId: string, rootId: string): void;
  close(): void;
}

/** Retry sooner than Mattermost's 3 s first wait: a chat that stays quiet for seconds looks broken. */
const RETRY = { minWebSocketRetryTime: 1_000, reconnectJitterRange: 1_000 };

/**
 * `onSignedOut` runs when the socket closes because the session is gone (an admin deactivated the
 * user or revoked their sessions, which closes their sockets at once): the page must not sit on
 * "Reconnecting…" with a session that will never come back.
 */
export function connectChatSocket(store: ChatStore, context: LiveContext, onProblem: (text: string) => void, onSignedOut: () => void): ChatSocket {
  const socket = new WebSocketClient(RETRY);
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v4/websocket`;
  // Events are applied one after another, in the order they came.
  let queue = Promise.resolve();
  let registered: () => void = () => {};
  const hello = new Promise<void>((resolve) => (registered = resolve));
  let wasRegistered = false;
  socket.addMessageListener((message) => {
    const live = message as unknown as LiveEvent;
    queue = queue.then(() => applyLiveEvent(store, live, context)).then(() => notifyViews(live)).catch((err: unknown) => onProblem(`A live update failed: ${String(err)}`));
    if (message.event === 'hello' && !wasRegistered) {
      wasRegistered = true;
      registered();
      queue = queue.then(() => catchUpPosts(store)).then((posts) => readCaughtUpPosts(store, posts, context)).catch((err: unknown) => onProblem(`Catching up after connecting failed: ${String(err)}`));
    }
  });
  socket.addCloseListener(() => {
    store.update(() => ({ connected: false }));
    client.getMe().catch((err: unknown) => {
      if (errorStatus(err) === 401) onSignedOut();
    });
  });
  socket.addReconnectListener(() => {
    queue = queue
      .then(() => catchUp(store))
      .then((posts) => readCaughtUpPosts(store, posts, context))
      .then(() => store.update(() => ({ connected: true })))
      .catch((err: unknown) => onProblem(`Catching up after the reconnect failed: ${String(err)}`));
  });
  socket.initialize(url);
  return {
    registered: hello,
    subscribe: onViewEvent,
    userTyping: (channelId, rootId) => socket.userTyping(channelId, rootId),
    close: () => socket.close(),
  };
}
