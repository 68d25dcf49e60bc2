// Where calls live: one KV value per channel (`channel:<id>`) changed only by compare-and-set, so
// the plugin's instances on every node of a cluster agree on it (Mattermost locks the call's rows
// in a cluster mutex for the same reason), and an index from connection to session
// (`conn:<connection id>`), since most actions name neither the channel nor the call.
import { updateKvAtomically, type PluginAPI } from '@parley/plugin-api';
import type { Call, ChannelCalls } from './call-state.ts';

/** Where a connection's session is. */
export interface ConnectionEntry {
  channel_id: string;
  /** The session's id (its original connection id). */
  session_id: string;
}

const CHANNEL_PREFIX = 'channel:';
const CONNECTION_PREFIX = 'conn:';
/** Attempts at a compare-and-set before giving up: changes on one node are already queued, so conflicts come only from other nodes. */
const ATTEMPTS = 10;

export class CallStore {
  #kv: PluginAPI['kv'];
  /** Changes to one channel made here run one after the other, so they never conflict with each other. */
  #queues = new Map<string, Promise<unknown>>();
  /** Connections that joined through this node; a miss falls back to the KV index (another node, or a restart). */
  #connections = new Map<string, ConnectionEntry>();

  constructor(kv: PluginAPI['kv']) {
    this.#kv = kv;
  }

  async get(channelId: string): Promise<Call | null> {
    return (await this.record(channelId)).call;
  }

  async record(channelId: string): Promise<ChannelCalls> {
    return (await this.#kv.get<ChannelCalls>(CHANNEL_PREFIX + channelId)) ?? { call: null };
  }

  /** Turns calls on or off in the channel (the call going on, if any, is left as it is). */
  async setEnabled(channelId: string, enabled: boolean): Promise<void> {
    await updateKvAtomically<ChannelCalls>(this.#kv, CHANNEL_PREFIX + channelId, (current) => ({ call: null, ...current, enabled }), { attempts: ATTEMPTS });
  }

  /**
   * Changes the channel's call: `change` gets the call as stored (null when none) and answers the
   * call to store and a result. It may run more than once (on a conflict), so it must only compute.
   */
  update<T>(channelId: string, change: (call: Call | null) => { call: Call | null; result: T }): Promise<T> {
    const run = async (): Promise<T> => {
      let result!: T;
      await updateKvAtomically<ChannelCalls>(
        this.#kv,
        CHANNEL_PREFIX + channelId,
        (current) => {
          // A copy: `current` is also the value compareAndSet expects to find.
          const outcome = change(current?.call ? (JSON.parse(JSON.stringify(current.call)) as Call) : null);
          result = outcome.result;
          return { ...current, call: outcome.call };
        },
        { attempts: ATTEMPTS },
      );
      return result;
    };
    const previous = this.#queues.get(channelId) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.#queues.set(channelId, settled);
    void settled.then(() => {
      if (this.#queues.get(channelId) === settled) this.#queues.delete(channelId);
    });
    return next;
  }

  /** The ids of the channels that have a call record (with or without a call going on). */
  async channelIds(): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 0; ; page++) {
      const keys = await this.#kv.list(page, 1000, { prefix: CHANNEL_PREFIX });
      ids.push(...keys.map((key) => key.slice(CHANNEL_PREFIX.length)));
      if (keys.length < 1000) return ids;
    }
  }

  async connection(connectionId: string): Promise<ConnectionEntry | null> {
    const known = this.#connections.get(connectionId);
    if (known) return known;
    return this.#kv.get<ConnectionEntry>(CONNECTION_PREFIX + connectionId);
  }

  async setConnection(connectionId: string, entry: ConnectionEntry): Promise<void> {
    this.#connections.set(connectionId, entry);
    await this.#kv.set(CONNECTION_PREFIX + connectionId, entry);
  }

  async forgetConnection(connectionId: string): Promise<void> {
    this.#connections.delete(connectionId);
    await this.#kv.delete(CONNECTION_PREFIX + connectionId);
  }
}
