// A simulated user of the capacity benchmark: what load-test-ng's SimulController keeps for one
// user (its current channel, when it last viewed each channel, its WebSocket), and the shared
// context its actions run in.
import { DeliveryTracker } from './capacity-deliveries.ts';
import type { HttpLoad, Reply } from './capacity-http.ts';
import { hasBit, setBit, type Org, type OrgChannel, type OrgUser } from './capacity-org.ts';
import { Random } from './capacity-random.ts';
import { LiveSocket, type SocketCounters } from './capacity-socket.ts';

export interface SimContext {
  http: HttpLoad;
  org: Org;
  deliveries: DeliveryTracker;
  /** The server's address: how permalinks in messages spell it. */
  siteUrl: string;
  /** Each server node's address, by node number: user i is pinned to node i mod their count (sockets and requests). */
  nodeUrls: readonly string[];
  /** The users online now, by index. */
  users: SimUser[];
  /** The phase's waits, which all end when it does. */
  clock: PhaseClock;
  /** Requests users send in answer to events, outside their action loop; a phase waits for them. */
  background: Set<Promise<void>>;
  /** Multiplies every idle time of the model (between actions, between scrolls). */
  timeScale: number;
}

/** A context with no user online yet; `timeScale` multiplies the model's idle times. */
export function newSimContext(http: HttpLoad, org: Org, nodeUrls: readonly string[], timeScale: number): SimContext {
  return { http, org, deliveries: new DeliveryTracker(), siteUrl: nodeUrls[0], nodeUrls, users: [], clock: new PhaseClock(), background: new Set(), timeScale };
}

/** An idle time of load-test-ng's, scaled by the run's time scale. */
export function idle(ctx: SimContext, ms: number): Promise<void> {
  return ctx.clock.sleep(ms * ctx.timeScale);
}

/** load-test-ng's pause between two scrolls of a list (a channel's posts, the Threads screen): 1-10 whole seconds. */
export const SCROLL_IDLE_SECONDS = { min: 1, max: 10 };

export function betweenScrolls(ctx: SimContext, user: SimUser): Promise<void> {
  return idle(ctx, 1000 * user.rng.between(SCROLL_IDLE_SECONDS.min, SCROLL_IDLE_SECONDS.max + 1));
}

/** A collapsed-reply thread in the web app's store: the root post's id and time, and whether it has unread replies. */
export interface KnownThread {
  id: string;
  rootCreateAt: number;
  lastReplyAt: number;
  unread: boolean;
}

/** A sidebar category as the server lists it; the model sends it back changed. */
export interface SidebarCategory {
  id: string;
  type: string;
  channel_ids: string[];
  [field: string]: unknown;
}

export class SimUser {
  readonly data: OrgUser;
  readonly rng: Random;
  readonly auth: string;
  /** The server node its requests and socket go to. */
  readonly node: number;
  readonly socket: LiveSocket;
  /** The channel it is looking at (an index into Org.channels), -1 before the first. */
  current = -1;
  /** When it last viewed each channel (ms); absent: never, so the web app loads the latest page. */
  readonly viewedAt = new Map<number, number>();
  /** post:emoji pairs it reacted with, so it does not react twice (bounded). */
  readonly reacted = new Set<string>();
  /** False while it reconnects without resuming (a full reload): posts sent then are not expected. */
  expecting = true;
  /** The threads it has listed (at most KNOWN_THREADS, most recent first): what its thread actions pick from. */
  threads: KnownThread[] = [];
  /** Its sidebar categories in its team, as last listed. */
  categories: SidebarCategory[] = [];

  readonly #ctx: SimContext;

  constructor(data: OrgUser, ctx: SimContext, counters: SocketCounters) {
    this.data = data;
    this.#ctx = ctx;
    this.rng = new Random(0x5eed + data.index * 7919);
    this.auth = `Bearer ${data.token}`;
    this.node = data.index % ctx.nodeUrls.length;
    this.socket = new LiveSocket(ctx.nodeUrls[this.node], data.token, counters, {
      posted: (pendingId) => ctx.deliveries.received(pendingId),
      typing: (userId) => this.#onTyping(userId),
    });
  }

  /** `route` is 'METHOD /template' (the label the figures are kept under); `path` is below /api/v4. */
  request(ctx: SimContext, route: string, path: string, body?: unknown, read = false): Promise<Reply> {
    return ctx.http.json(this.node, route, route.slice(0, route.indexOf(' ')), path, this.auth, body, read);
  }

  channel(ctx: SimContext): OrgChannel | undefined {
    return this.current >= 0 ? ctx.org.channels[this.current] : undefined;
  }

  /** load-test-ng's answer to a typing event: the typist's profile and status, unless it has them. */
  #onTyping(userId: string): void {
    const ctx = this.#ctx;
    const index = ctx.org.userIndex(userId);
    if (index === undefined) return;
    const { knownProfiles, knownStatuses } = this.data;
    const needsProfile = !hasBit(knownProfiles, index);
    if (!needsProfile && hasBit(knownStatuses, index)) return;
    setBit(knownProfiles, index);
    setBit(knownStatuses, index);
    const work = (async () => {
      if (needsProfile) await this.request(ctx, 'POST /users/ids', '/users/ids', [userId]);
      await this.request(ctx, 'POST /users/status/ids', '/users/status/ids', [userId]);
    })();
    ctx.background.add(work);
    void work.finally(() => ctx.background.delete(work));
  }
}

/**
 * The waits of one phase. Thousands of users wait at any moment; stopping the phase ends them all
 * at once (a map of timers: cheaper than as many listeners on one AbortSignal).
 */
export class PhaseClock {
  #waits = new Map<NodeJS.Timeout, () => void>();
  #stopped = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waits.delete(timer);
        resolve();
      }, ms);
      this.#waits.set(timer, resolve);
    });
  }

  stop(): void {
    this.#stopped = true;
    for (const [timer, resolve] of this.#waits) {
      clearTimeout(timer);
      resolve();
    }
    this.#waits.clear();
  }
}
