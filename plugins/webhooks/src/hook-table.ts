// Webhooks in the plugin's KV store: one key per hook, plus an index of the hook ids of each team
// and an index of the teams that ever had hooks, so that the hooks of a team (what every post needs
// for outgoing webhooks) take one read of the index and one per hook, never a scan of the store.
// Nothing is cached: another node of a cluster may change hooks at any time. The teams index never
// shrinks: removing a team whose last hook went could race a new hook of that team and hide it.
//
// A record is written before its id enters an index and leaves the index before it is deleted,
// so an index may briefly name a missing record (skipped when read), never hide a stored one.
import type { PluginAPI } from '@parley/plugin-api';

export interface StoredHook {
  id: string;
  team_id: string;
  create_at: number;
}

/** Concurrent index changes retry compare-and-set; this many failures in a row is a real fault. */
const MAX_INDEX_ATTEMPTS = 50;

export class HookTable<T extends StoredHook> {
  #kv: PluginAPI['kv'];
  #prefix: string;

  /** `prefix` names the kind of hook in every key (`incoming`, `outgoing`). */
  constructor(kv: PluginAPI['kv'], prefix: string) {
    this.#kv = kv;
    this.#prefix = prefix;
  }

  get(id: string): Promise<T | null> {
    return this.#kv.get<T>(this.#recordKey(id));
  }

  async insert(hook: T): Promise<void> {
    await this.#kv.set(this.#recordKey(hook.id), hook);
    await this.#updateIndex(this.#teamKey(hook.team_id), (ids) => (ids.includes(hook.id) ? ids : [...ids, hook.id]));
    await this.#updateIndex(this.#teamsKey(), (teams) => (teams.includes(hook.team_id) ? teams : [...teams, hook.team_id]));
  }

  /** Stores a changed hook; its team never changes. */
  async replace(hook: T): Promise<void> {
    await this.#kv.set(this.#recordKey(hook.id), hook);
  }

  async remove(hook: T): Promise<void> {
    await this.#updateIndex(this.#teamKey(hook.team_id), (ids) => ids.filter((id) => id !== hook.id));
    await this.#kv.delete(this.#recordKey(hook.id));
  }

  /** The team's hooks, oldest first. */
  async byTeam(teamId: string): Promise<T[]> {
    const ids = (await this.#kv.get<string[]>(this.#teamKey(teamId))) ?? [];
    const hooks: Array<T | null> = await Promise.all(ids.map((id) => this.get(id)));
    return sortByAge(hooks.filter((hook) => hook !== null));
  }

  /** False when no team ever had a hook: the common case of a server without any, answered with one read. */
  async anyTeam(): Promise<boolean> {
    return ((await this.#kv.get<string[]>(this.#teamsKey())) ?? []).length > 0;
  }

  /** Every hook, oldest first. */
  async all(): Promise<T[]> {
    const teams = (await this.#kv.get<string[]>(this.#teamsKey())) ?? [];
    return sortByAge((await Promise.all(teams.map((team) => this.byTeam(team)))).flat());
  }

  async #updateIndex(key: string, change: (entries: string[]) => string[]): Promise<void> {
    for (let attempt = 0; attempt < MAX_INDEX_ATTEMPTS; attempt++) {
      const current = await this.#kv.get<string[]>(key);
      const next = change(current ?? []);
      if (current !== null && next.length === current.length && next.every((entry, i) => entry === current[i])) return;
      if (await this.#kv.compareAndSet(key, current, next)) return;
    }
    throw new Error(`the webhook index ${key} changed ${MAX_INDEX_ATTEMPTS} times in a row; try again`);
  }

  #recordKey(id: string): string {
    return `${this.#prefix}:${id}`;
  }

  #teamKey(teamId: string): string {
    return `${this.#prefix}:team:${teamId}`;
  }

  #teamsKey(): string {
    return `${this.#prefix}:teams`;
  }
}

function sortByAge<T extends StoredHook>(hooks: T[]): T[] {
  return hooks.sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
