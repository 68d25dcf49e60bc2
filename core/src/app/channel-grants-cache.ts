// Channel grants (a channel's team and type, and one user's roles in it and in its team) kept per
// node, so that the permission check most requests make reads no row. They are forgotten the moment
// a write to what they are made of commits (the store reports it: access-writes.ts), on this node
// and, told through the cluster, on the others; a node that could not hear the cluster for a while
// forgets everything when it hears it again. A read that was under way when something was forgotten
// is not kept (it may have read the rows before the write committed).
import type { AccessWrite } from '../store/access-writes.ts';
import type { ChannelGrants } from '../store/channel-repository.ts';

/** The bound for what no report covers (a row changed by hand in the database), as for sessions. */
const CACHE_TTL_MS = 5 * 60_000;
/** Past this many, everything is forgotten at once (cheaper than tracking use; refilled on demand). */
const CACHE_MAX_ENTRIES = 200_000;

interface Entry {
  grants: ChannelGrants;
  cachedAt: number;
}

export class ChannelGrantsCache {
  /** By user, then channel: a user's writes forget one map; a channel's, one entry per user. */
  #byUser = new Map<string, Map<string, Entry>>();
  #entries = 0;
  /** Counts what was forgotten: a read that saw it change while under way is not kept. */
  #generation = 0;

  /** The grants of `userId` in `channelId`, from the cache or from `load` (null: no such channel, not kept). */
  async get(channelId: string, userId: string, load: () => Promise<ChannelGrants | null>): Promise<ChannelGrants | null> {
    const entry = this.#byUser.get(userId)?.get(channelId);
    if (entry && Date.now() - entry.cachedAt < CACHE_TTL_MS) return entry.grants;
    const generation = this.#generation;
    const grants = await load();
    if (grants && generation === this.#generation) this.#keep(channelId, userId, deepFreeze(grants));
    return grants;
  }

  /** Forgets what `write` may have changed. */
  forget(write: AccessWrite): void {
    this.#generation++;
    if (write.userId !== undefined) {
      const channels = this.#byUser.get(write.userId);
      if (!channels) return;
      if (write.channelId === undefined) {
        this.#entries -= channels.size;
        this.#byUser.delete(write.userId);
      } else if (channels.delete(write.channelId)) {
        this.#entries--;
      }
      return;
    }
    for (const channels of this.#byUser.values()) if (channels.delete(write.channelId)) this.#entries--;
  }

  clear(): void {
    this.#generation++;
    this.#byUser.clear();
    this.#entries = 0;
  }

  #keep(channelId: string, userId: string, grants: ChannelGrants): void {
    if (this.#entries >= CACHE_MAX_ENTRIES) this.clear();
    let channels = this.#byUser.get(userId);
    if (!channels) this.#byUser.set(userId, (channels = new Map()));
    if (!channels.has(channelId)) this.#entries++;
    channels.set(channelId, { grants, cachedAt: Date.now() });
  }
}

/** Parses a forget message from another node; null when it is not one. */
export function accessWriteFrom(data: Record<string, unknown>): AccessWrite | null {
  const { channelId, userId } = data;
  if (channelId !== undefined && typeof channelId !== 'string') return null;
  if (userId !== undefined && typeof userId !== 'string') return null;
  if (channelId !== undefined && userId !== undefined) return { channelId, userId };
  if (userId !== undefined) return { userId };
  if (channelId !== undefined) return { channelId };
  return null;
}

/** Shared between requests: nobody may change them. */
function deepFreeze(grants: ChannelGrants): ChannelGrants {
  Object.freeze(grants.channel);
  if (grants.member) Object.freeze(grants.member);
  if (grants.teamMember) Object.freeze(grants.teamMember);
  return Object.freeze(grants);
}
