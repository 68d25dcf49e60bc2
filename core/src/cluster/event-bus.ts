// Carries live events from the services to the WebSocket hub. Single node: in-process. A cluster
// uses the Redis-backed bus of the same interface (redis-event-bus.ts).

/** Who receives an event, Mattermost's broadcast fields. Empty means "not restricted by this". */
export interface Broadcast {
  omit_users?: Record<string, boolean> | null;
  user_id?: string;
  channel_id?: string;
  team_id?: string;
  connection_id?: string;
  omit_connection_id?: string;
  /**
   * Parley's own, never sent to clients: only connections whose session holds this system
   * permission receive the event (Mattermost's ContainsSensitiveData, which means manage_system).
   */
  system_permission?: string;
}

/**
 * Server-internal news that users joined or left a channel or team, carried with the events so every
 * node's hub keeps its index of who is where current, in order with the events it affects. Never
 * sent to clients.
 */
export interface MembershipChange {
  scope: 'channel' | 'team';
  id: string;
  userIds: string[];
  joined: boolean;
}

/** A server → client event before it is given a per-connection sequence number. */
export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: Broadcast;
  /** Set on the server-internal `membership_changed` event only. */
  membership?: MembershipChange;
}

/** The name of the server-internal event that carries a MembershipChange. */
export const MEMBERSHIP_CHANGED = 'membership_changed';

export type LiveEventListener = (event: LiveEvent) => void;

export interface EventBus {
  publish(event: LiveEvent): void;
  subscribe(listener: LiveEventListener): () => void;
  /**
   * Calls `listener` when the node hears the cluster again after an outage (Redis was down): what it
   * keeps from the events it may have missed meanwhile must be read afresh. Never on a single node.
   */
  onRejoined(listener: () => void): () => void;
}

/** Delivers events to this process's subscribers, asynchronously so publishers never wait on them. */
export class LocalEventBus implements EventBus {
  #listeners = new Set<LiveEventListener>();

  publish(event: LiveEvent): void {
    for (const listener of this.#listeners) queueMicrotask(() => listener(event));
  }

  subscribe(listener: LiveEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A single node misses nothing. */
  onRejoined(): () => void {
    return () => {};
  }
}
