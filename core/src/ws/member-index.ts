// Which connected users are members of which channels and teams: the hub's answer to "who receives
// this channel (or team) event", in memory. A user's memberships are loaded once, when their first
// connection opens, and kept current by the server-internal membership changes that travel with the
// events (in order, so the change that adds a member is applied before the event they should get).
// Changes seen while a user's memberships are loading are applied on top of what was loaded: adding
// or removing a member twice is harmless, so no change can be lost in the gap.
import type { MembershipChange } from '../cluster/event-bus.ts';

/** Where the index loads a user's memberships from (the app's MembershipService). */
export interface MembershipSource {
  membershipsOf(userId: string): Promise<{ channelIds: string[]; teamIds: string[] }>;
}

type Scope = MembershipChange['scope'];

export class MemberIndex {
  #source: MembershipSource;
  /** Connections (or connections being opened) per tracked user. */
  #refs = new Map<string, number>();
  /** Loads in progress, and the changes about their users seen meanwhile. */
  #loading = new Map<string, { done: Promise<void>; changes: MembershipChange[] }>();
  #of: Record<Scope, Map<string, Set<string>>> = { channel: new Map(), team: new Map() };
  #members: Record<Scope, Map<string, Set<string>>> = { channel: new Map(), team: new Map() };

  constructor(source: MembershipSource) {
    this.#source = source;
  }

  /** Starts (or keeps) tracking a user; resolves once their memberships are known. */
  async track(userId: string): Promise<void> {
    this.#refs.set(userId, (this.#refs.get(userId) ?? 0) + 1);
    if (this.#of.channel.has(userId)) return;
    let loading = this.#loading.get(userId);
    if (!loading) {
      const changes: MembershipChange[] = [];
      loading = { done: this.#load(userId, changes), changes };
      this.#loading.set(userId, loading);
    }
    try {
      await loading.done;
    } catch (err) {
      this.untrack(userId);
      throw err;
    }
  }

  /**
   * Reads every tracked user's memberships afresh (the node may have missed changes while it could
   * not hear the cluster), keeping the changes seen during the reading as loading does.
   */
  reloadAll(): Promise<void> {
    return Promise.all([...this.#of.channel.keys()].filter((userId) => !this.#loading.has(userId)).map((userId) => this.#reload(userId))).then(() => {});
  }

  /** A connection of the user is gone for good; the last one stops the tracking. */
  untrack(userId: string): void {
    const refs = (this.#refs.get(userId) ?? 0) - 1;
    if (refs > 0) {
      this.#refs.set(userId, refs);
      return;
    }
    this.#refs.delete(userId);
    for (const scope of ['channel', 'team'] as const) {
      for (const id of this.#of[scope].get(userId) ?? []) this.#remove(scope, id, userId);
      this.#of[scope].delete(userId);
    }
  }

  apply(change: MembershipChange): void {
    for (const userId of change.userIds) {
      this.#loading.get(userId)?.changes.push(change);
      if (!this.#of[change.scope].has(userId)) continue;
      if (change.joined) this.#add(change.scope, change.id, userId);
      else this.#remove(change.scope, change.id, userId);
    }
  }

  /** The tracked (connected) members of a channel or team. */
  membersOf(scope: Scope, id: string): ReadonlySet<string> {
    return this.#members[scope].get(id) ?? EMPTY;
  }

  /** Whether a tracked user is a member of the channel or team. */
  isMember(scope: Scope, id: string, userId: string): boolean {
    return this.#of[scope].get(userId)?.has(id) ?? false;
  }

  async #reload(userId: string): Promise<void> {
    const changes: MembershipChange[] = [];
    const done = this.#load(userId, changes);
    this.#loading.set(userId, { done, changes });
    await done.catch(() => {}); // keeps what it had: the next rejoin or connection tries again
  }

  /** Loads a user's memberships, then applies the changes about them seen meanwhile (`seenMeanwhile`, filled by apply). */
  async #load(userId: string, seenMeanwhile: MembershipChange[]): Promise<void> {
    let loaded: { channelIds: string[]; teamIds: string[] };
    try {
      loaded = await this.#source.membershipsOf(userId);
    } finally {
      this.#loading.delete(userId);
    }
    // Every connection of the user may have closed while this loaded.
    if (!this.#refs.has(userId)) return;
    for (const scope of ['channel', 'team'] as const) {
      for (const id of this.#of[scope].get(userId) ?? []) this.#remove(scope, id, userId);
    }
    this.#of.channel.set(userId, new Set());
    this.#of.team.set(userId, new Set());
    for (const id of loaded.channelIds) this.#add('channel', id, userId);
    for (const id of loaded.teamIds) this.#add('team', id, userId);
    for (const change of seenMeanwhile) this.apply({ ...change, userIds: [userId] });
  }

  #add(scope: Scope, id: string, userId: string): void {
    this.#of[scope].get(userId)?.add(id);
    let members = this.#members[scope].get(id);
    if (!members) this.#members[scope].set(id, (members = new Set()));
    members.add(userId);
  }

  #remove(scope: Scope, id: string, userId: string): void {
    this.#of[scope].get(userId)?.delete(id);
    const members = this.#members[scope].get(id);
    members?.delete(userId);
    if (members?.size === 0) this.#members[scope].delete(id);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
