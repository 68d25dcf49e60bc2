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

/** A server → client event before it is given a per-connection sequence number. */
export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: Broadcast;
}

export type LiveEventListener = (event: LiveEvent) => void;

export interface EventBus {
  publish(event: LiveEvent): void;
  subscribe(listener: LiveEventListener): () => void;
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
}
