// The cluster's bus: live events and peer messages travel through one Redis pub/sub channel named
// after the cluster. A node delivers what it publishes to its own hub at once and ignores its own
// messages coming back from Redis, so each event reaches every node's connections exactly once,
// and a node whose Redis is down still serves its own users.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { LocalEventBus, type EventBus, type LiveEvent, type LiveEventListener } from './event-bus.ts';
import type { PeerChannel, PeerMessage, PeerMessageListener } from './peer-channel.ts';

export interface RedisEventBusOptions {
  /** `redis://[user:password@]host:port/db` (ClusterSettings.RedisUrl). */
  url: string;
  /** ClusterSettings.ClusterName: nodes with the same name share a channel. */
  clusterName: string;
  logger: Logger;
}

/** What travels through Redis: the sending node, and either a live event or a peer message. */
type Envelope = { node: string; live: LiveEvent } | { node: string; peer: PeerMessage };

/** Reconnection attempts back off up to this, so a restarted Redis is found again within a second or so. */
const MAX_RECONNECT_DELAY_MS = 1000;

export class RedisEventBus implements EventBus, PeerChannel {
  readonly nodeId = randomUUID();
  #channel: string;
  #logger: Logger;
  #local = new LocalEventBus();
  #peerListeners = new Map<string, Set<PeerMessageListener>>();
  /** Pub/sub needs two connections: a subscribed one can send nothing else. */
  #publisher: Redis;
  #subscriber: Redis;
  #subscribed = false;
  #firstConnected = Promise.withResolvers<void>();
  /** Set while Redis is unreachable, so an outage is logged once and its end once. */
  #down = false;
  #rejoinListeners = new Set<() => void>();
  #closed = false;

  constructor(options: RedisEventBusOptions) {
    this.#channel = `parley:cluster:${options.clusterName}`;
    this.#logger = options.logger;
    // ioredis is loaded by the first cluster bus, not with the server: some 18 MB resident a single node never needs.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    const common = {
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      connectionName: `parley-${this.nodeId}`,
    };
    // Without an offline queue a publish while Redis is down fails at once instead of piling up
    // stale events to replay to the other nodes later.
    this.#publisher = new RedisClient(options.url, { ...common, enableOfflineQueue: false });
    // Subscribing is done here on every (re)connection, so `connected` tells the truth.
    this.#subscriber = new RedisClient(options.url, { ...common, autoResubscribe: false, maxRetriesPerRequest: null });
    for (const connection of [this.#publisher, this.#subscriber]) connection.on('error', (err: Error) => this.#unreachable(err));
    this.#publisher.on('ready', () => {
      if (this.connected) this.#firstConnected.resolve();
      this.#reachable();
    });
    this.#subscriber.on('ready', () => this.#subscribe());
    // A lost subscription may have missed messages even if Redis is back before any reconnection
    // fails: what hears the cluster again must be told (the rejoin listeners).
    this.#subscriber.on('close', () => {
      this.#subscribed = false;
      this.#unreachable(new Error('the subscription to the cluster channel was lost'));
    });
    this.#subscriber.on('message', (channel: string, raw: string) => {
      if (channel === this.#channel) this.#receive(raw);
    });
  }

  /** Both connections are up and this node hears the cluster's channel. */
  get connected(): boolean {
    return this.#subscribed && this.#publisher.status === 'ready';
  }

  /**
   * Resolves once this node first both hears the cluster's channel and can send to it (it may wait for
   * Redis to come up): the two connections come up apart, and what is sent before the sending one is
   * ready is dropped, not queued.
   */
  ready(): Promise<void> {
    return this.#firstConnected.promise;
  }

  publish(event: LiveEvent): void {
    this.#local.publish(event);
    this.#send({ node: this.nodeId, live: event });
  }

  subscribe(listener: LiveEventListener): () => void {
    return this.#local.subscribe(listener);
  }

  onRejoined(listener: () => void): () => void {
    this.#rejoinListeners.add(listener);
    return () => this.#rejoinListeners.delete(listener);
  }

  sendToPeers(message: PeerMessage): void {
    this.#send({ node: this.nodeId, peer: message });
  }

  onPeerMessage(type: string, listener: PeerMessageListener): () => void {
    let listeners = this.#peerListeners.get(type);
    if (!listeners) this.#peerListeners.set(type, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.#publisher, this.#subscriber].map((connection) => (connection.status === 'ready' ? connection.quit().catch(() => connection.disconnect()) : connection.disconnect())));
  }

  #send(envelope: Envelope): void {
    if (this.#publisher.status !== 'ready') {
      this.#unreachable(new Error(`the Redis connection is ${this.#publisher.status}`));
      return;
    }
    this.#publisher.publish(this.#channel, JSON.stringify(envelope)).catch((err: Error) => this.#unreachable(err));
  }

  #subscribe(): void {
    this.#subscriber.subscribe(this.#channel).then(
      () => {
        this.#subscribed = true;
        if (this.connected) this.#firstConnected.resolve();
        this.#reachable();
      },
      (err: Error) => this.#unreachable(err),
    );
  }

  #receive(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      this.#logger.warn('ignoring a malformed message on the cluster channel', { channel: this.#channel });
      return;
    }
    if (typeof envelope !== 'object' || envelope === null || envelope.node === this.nodeId) return;
    if ('live' in envelope) {
      this.#local.publish(envelope.live);
      return;
    }
    if (typeof envelope.peer?.type !== 'string') return;
    for (const listener of this.#peerListeners.get(envelope.peer.type) ?? []) {
      try {
        listener(envelope.peer.data);
      } catch (err) {
        this.#logger.error('handling a message from another node failed', { type: envelope.peer.type, err });
      }
    }
  }

  #unreachable(err: Error): void {
    if (this.#down || this.#closed) return;
    this.#down = true;
    this.#logger.error('Redis is unreachable: events reach this node only until it is back', { err: err.message });
  }

  #reachable(): void {
    if (!this.#down || !this.connected) return;
    this.#down = false;
    this.#logger.info('Redis is reachable again: events reach the whole cluster');
    for (const listener of this.#rejoinListeners) listener();
  }
}
