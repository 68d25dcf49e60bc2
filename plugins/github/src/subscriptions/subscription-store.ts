// Subscriptions kept in the plugin's KV store under one key, by repository (`owner/repo`) or owner
// (`owner`), as Mattermost's plugin keeps them: a delivery then reads one value to find every
// channel concerned. Writes go through compare-and-set so two admins subscribing at once lose nothing.
import { updateKvAtomically, type PluginAPI } from '@parley/plugin-api';
import { ownerOf, type Subscription } from './subscription.ts';

export const SUBSCRIPTIONS_KEY = 'subscriptions';

interface Stored {
  repositories: Record<string, Subscription[]>;
}

export class SubscriptionStore {
  #kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>;

  constructor(kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>) {
    this.#kv = kv;
  }

  async #all(): Promise<Record<string, Subscription[]>> {
    return (await this.#kv.get<Stored>(SUBSCRIPTIONS_KEY))?.repositories ?? {};
  }

  /** Adds or replaces the channel's subscription to `subscription.repository`; answers the one it replaced. */
  async save(subscription: Subscription): Promise<Subscription | undefined> {
    let replaced: Subscription | undefined;
    await updateKvAtomically<Stored>(this.#kv, SUBSCRIPTIONS_KEY, (current) => {
      const repositories = { ...(current?.repositories ?? {}) };
      const existing = repositories[subscription.repository] ?? [];
      replaced = existing.find((sub) => sub.channel_id === subscription.channel_id);
      repositories[subscription.repository] = [...existing.filter((sub) => sub.channel_id !== subscription.channel_id), subscription];
      return { repositories };
    });
    return replaced;
  }

  /** Removes the channel's subscription to `repository`; answers whether there was one. */
  async remove(channelId: string, repository: string): Promise<boolean> {
    if (!(await this.#all())[repository]?.some((sub) => sub.channel_id === channelId)) return false;
    let removed = false;
    await updateKvAtomically<Stored>(this.#kv, SUBSCRIPTIONS_KEY, (current) => {
      const repositories = { ...(current?.repositories ?? {}) };
      const existing = repositories[repository] ?? [];
      const kept = existing.filter((sub) => sub.channel_id !== channelId);
      removed = kept.length !== existing.length;
      if (kept.length) repositories[repository] = kept;
      else delete repositories[repository];
      return { repositories };
    });
    return removed;
  }

  /** The channel's subscriptions, by repository name. */
  async forChannel(channelId: string): Promise<Subscription[]> {
    return Object.values(await this.#all())
      .flat()
      .filter((sub) => sub.channel_id === channelId)
      .sort((a, b) => a.repository.localeCompare(b.repository));
  }

  /**
   * The subscriptions a delivery about `fullName` (`Owner/Repo`) reaches: those to that repository
   * and those to its owner that do not exclude it.
   */
  async forRepository(fullName: string): Promise<Subscription[]> {
    const name = fullName.toLowerCase();
    const all = await this.#all();
    return [...(all[name] ?? []), ...(all[ownerOf(name)] ?? []).filter((sub) => !sub.exclude.includes(name))];
  }
}
