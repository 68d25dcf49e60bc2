// The call the user is in, at most one at a time (as in Mattermost: joining another call leaves
// this one), and the components' view of it.
import { useSyncExternalStore } from 'react';
import { CallConnection, type ConnectionState } from './call-connection.ts';

let connection: CallConnection | undefined;
let state: ConnectionState | null = null;
const listeners = new Set<() => void>();

function publish(next: ConnectionState | null): void {
  state = next;
  for (const listener of listeners) listener();
}

/** Joins the channel's call (starting it when there is none), leaving any other first. */
export function joinCall(channelId: string): void {
  if (state?.channelId === channelId && state.phase !== 'failed') return;
  leaveCall();
  const joining = new CallConnection(channelId, (next) => {
    if (connection === joining) publish(next);
  });
  connection = joining;
  publish(joining.state);
}

export function leaveCall(): void {
  connection?.leave();
  connection = undefined;
  publish(null);
}

/** The user's connection, for the widget's controls. */
export function myConnection(): CallConnection | undefined {
  return connection;
}

export function useMyCall(): ConnectionState | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
