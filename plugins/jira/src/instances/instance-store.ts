// The installed instances, kept as one KV list (there are a handful at most) changed atomically, so
// two admins installing at once cannot lose one. Lookups accept the URL (in any spelling that
// normalises to it) or the alias.
import { updateKvAtomically, type PluginAPI } from '@parley/plugin-api';
import { normalizeInstanceUrl, type Instance } from './instance.ts';

const INSTANCES = 'instances';

/** No instance answers to what was asked (none installed, an unknown URL or alias, or several and none named). */
export class InstanceNotFoundError extends Error {}

export class InstanceStore {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  async list(): Promise<Instance[]> {
    return (await this.#api.kv.get<Instance[]>(INSTANCES)) ?? [];
  }

  /** The instance whose URL or alias is `urlOrAlias` (letter case ignored), or undefined. */
  async find(urlOrAlias: string): Promise<Instance | undefined> {
    const instances = await this.list();
    const wanted = urlOrAlias.trim().toLowerCase();
    const byAlias = instances.find((instance) => instance.alias !== '' && instance.alias.toLowerCase() === wanted);
    if (byAlias) return byAlias;
    let id: string;
    try {
      id = normalizeInstanceUrl(urlOrAlias).toLowerCase();
    } catch {
      return undefined;
    }
    return instances.find((instance) => instance.id.toLowerCase() === id);
  }

  /**
   * The instance a request means: the one named, else the v2-legacy one, else the only one.
   * @throws InstanceNotFoundError with a message a person can act on
   */
  async resolve(urlOrAlias?: string): Promise<Instance> {
    if (urlOrAlias && urlOrAlias.trim() !== '') {
      const found = await this.find(urlOrAlias);
      if (!found) throw new InstanceNotFoundError(`No Jira instance ${urlOrAlias} is installed. \`/jira instance list\` shows the installed ones.`);
      return found;
    }
    const instances = await this.list();
    if (instances.length === 0) throw new InstanceNotFoundError('No Jira instance is installed yet. A system admin installs one with `/jira instance install`.');
    const chosen = instances.find((instance) => instance.is_v2_legacy) ?? (instances.length === 1 ? instances[0] : undefined);
    if (!chosen) throw new InstanceNotFoundError('Several Jira instances are installed: name one (its URL or alias).');
    return chosen;
  }

  /** Adds the instance, or replaces the one with its id (keeping its key, so its users' data stays). */
  async save(instance: Instance): Promise<Instance> {
    let saved = instance;
    await updateKvAtomically<Instance[]>(this.#api.kv, INSTANCES, (current) => {
      const list = current ?? [];
      const previous = list.find((item) => item.id === instance.id);
      saved = previous ? { ...instance, key: previous.key } : instance;
      return [...list.filter((item) => item.id !== instance.id), saved];
    });
    return saved;
  }

  /**
   * Changes the installed instances together in one atomic step (an alias, the v2-legacy mark):
   * `change` gets the list and answers the new one.
   */
  async updateAll(change: (instances: Instance[]) => Instance[]): Promise<Instance[]> {
    let updated: Instance[] = [];
    await updateKvAtomically<Instance[]>(this.#api.kv, INSTANCES, (current) => {
      updated = change(current ?? []);
      return updated;
    });
    return updated;
  }

  /** Removes the instance; answers it, or undefined when it was not installed. */
  async remove(id: string): Promise<Instance | undefined> {
    let removed: Instance | undefined;
    await updateKvAtomically<Instance[]>(this.#api.kv, INSTANCES, (current) => {
      const list = current ?? [];
      removed = list.find((item) => item.id === id);
      return list.filter((item) => item.id !== id);
    });
    return removed;
  }
}
