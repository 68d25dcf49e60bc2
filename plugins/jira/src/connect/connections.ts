// Who is connected to which Jira account, on each instance, both ways:
// - `conn_<instance key>_<user id>`: the Connection and its credential, encrypted with a key the
//   server keeps (api.crypto) and bound to the user, the instance and the EncryptionKey setting;
// - `acct_<instance key>_<sha-256 of the Jira user id>`: the user id, so a webhook's Jira account
//   finds the person to notify;
// - `user_<user id>`: the instances the user is connected to and the one they use by default.
// Regenerating EncryptionKey changes the binding: every stored connection stops counting (and is
// removed when next read), which disconnects everyone, as its setting promises.
import type { PluginAPI } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import { readSettings } from '../settings.ts';
import { jiraUserId, type Connection, type Credential } from './connection.ts';

/** The server-side AES-GCM key credentials (and instances' client secrets) are encrypted with. */
export const TOKEN_KEY = 'jira-tokens';
const CONNECTION = 'conn_';
const ACCOUNT = 'acct_';
const USER = 'user_';

interface StoredConnection extends Connection {
  /** The credential as JSON, encrypted (api.crypto.encrypt). */
  credential: string;
  /** Which EncryptionKey the record was made under (an HMAC of a constant with it, never the key). */
  key_check: string;
}

/** The instances a user is connected to, and the one their commands use when they name none. */
export interface UserInstances {
  instance_ids: string[];
  default_instance_id: string;
}

/** The Jira account is already another Parley user's connection on that instance. */
export class AccountTakenError extends Error {}

export class Connections {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  /** Creates the server-side key on first activation; later activations keep it. */
  async ensureKey(): Promise<void> {
    const keys = await this.#api.crypto.listKeys();
    if (!keys.some((key) => key.name === TOKEN_KEY)) await this.#api.crypto.generateKey(TOKEN_KEY, 'aes-256-gcm');
  }

  /**
   * Records the connection with its credential (replacing the user's earlier one on that instance).
   * A Jira account already connected to another user is refused (AccountTakenError): its
   * notifications would go to two people.
   */
  async save(instance: Instance, connection: Connection, credential: Credential): Promise<void> {
    const userId = connection.mattermost_user_id;
    const accountKey = await this.#accountKey(instance, jiraUserId(connection));
    const taken = new AccountTakenError(`The Jira account ${connection.display_name || jiraUserId(connection)} is already connected to another user.`);
    const holder = await this.#api.kv.get<string>(accountKey);
    if (holder && holder !== userId && (await this.userForAccount(instance, jiraUserId(connection)))) throw taken;
    // Claimed atomically, so two users connecting the same account at once cannot both get it.
    if (holder !== userId && !(await this.#api.kv.compareAndSet(accountKey, holder, userId))) throw taken;
    const previous = await this.get(instance, userId);
    if (previous && jiraUserId(previous) !== jiraUserId(connection)) await this.#api.kv.delete(await this.#accountKey(instance, jiraUserId(previous)));
    await this.#write(instance, connection, credential);
    const instances = await this.instancesOf(userId);
    if (!instances.instance_ids.includes(instance.id)) {
      await this.#api.kv.set(USER + userId, {
        instance_ids: [...instances.instance_ids, instance.id],
        default_instance_id: instances.default_instance_id || instance.id,
      } satisfies UserInstances);
    }
  }

  /** Replaces the stored credential (a refreshed OAuth token) without touching the rest. */
  async updateCredential(instance: Instance, userId: string, credential: Credential): Promise<void> {
    const connection = await this.get(instance, userId);
    if (connection) await this.#write(instance, connection, credential);
  }

  /** Saves changed preferences (notifications, last project) of an existing connection. */
  async update(instance: Instance, connection: Connection): Promise<void> {
    const credential = await this.credential(instance, connection.mattermost_user_id);
    if (credential) await this.#write(instance, connection, credential);
  }

  /** The user's connection on the instance, or null (not connected, or under another EncryptionKey). */
  async get(instance: Instance, userId: string): Promise<Connection | null> {
    const stored = await this.#stored(instance, userId);
    if (!stored) return null;
    const { credential: _credential, key_check: _check, ...connection } = stored;
    return connection;
  }

  /** The credential to call Jira with for the user, or null when they are not connected. */
  async credential(instance: Instance, userId: string): Promise<Credential | null> {
    const stored = await this.#stored(instance, userId);
    if (!stored) return null;
    try {
      return JSON.parse(await this.#api.crypto.decrypt(TOKEN_KEY, stored.credential, { associatedData: this.#binding(instance, userId, stored.key_check) })) as Credential;
    } catch (err) {
      if ((err as { id?: string }).id !== 'plugin.crypto.bad_token') throw err;
      await this.remove(instance, userId);
      return null;
    }
  }

  /** The user connected to this Jira account (accountId, or username on Server), or undefined. */
  async userForAccount(instance: Instance, jiraId: string): Promise<string | undefined> {
    const userId = await this.#api.kv.get<string>(await this.#accountKey(instance, jiraId));
    if (!userId) return undefined;
    const connection = await this.get(instance, userId);
    return connection && jiraUserId(connection).toLowerCase() === jiraId.toLowerCase() ? userId : undefined;
  }

  /** The users connected to the instance (from the keys of their records). */
  async usersOf(instance: Instance): Promise<string[]> {
    const prefix = `${CONNECTION}${instance.key}_`;
    const users: string[] = [];
    const perPage = 200;
    for (let page = 0; ; page++) {
      const keys = await this.#api.kv.list(page, perPage, { prefix });
      users.push(...keys.map((key) => key.slice(prefix.length)));
      if (keys.length < perPage) return users;
    }
  }

  async instancesOf(userId: string): Promise<UserInstances> {
    return (await this.#api.kv.get<UserInstances>(USER + userId)) ?? { instance_ids: [], default_instance_id: '' };
  }

  async setDefaultInstance(userId: string, instanceId: string): Promise<void> {
    const instances = await this.instancesOf(userId);
    await this.#api.kv.set(USER + userId, { ...instances, default_instance_id: instanceId } satisfies UserInstances);
  }

  /** Disconnects the user from the instance; answers the connection removed, or null. */
  async remove(instance: Instance, userId: string): Promise<Connection | null> {
    const stored = await this.#api.kv.get<StoredConnection>(this.#connectionKey(instance, userId));
    const instances = await this.instancesOf(userId);
    const remaining = instances.instance_ids.filter((id) => id !== instance.id);
    await this.#api.kv.set(USER + userId, {
      instance_ids: remaining,
      default_instance_id: instances.default_instance_id === instance.id ? (remaining[0] ?? '') : instances.default_instance_id,
    } satisfies UserInstances);
    if (!stored) return null;
    await this.#api.kv.delete(this.#connectionKey(instance, userId));
    const accountKey = await this.#accountKey(instance, jiraUserId(stored));
    if ((await this.#api.kv.get<string>(accountKey)) === userId) await this.#api.kv.delete(accountKey);
    const { credential: _credential, key_check: _check, ...connection } = stored;
    return connection;
  }

  async #write(instance: Instance, connection: Connection, credential: Credential): Promise<void> {
    const userId = connection.mattermost_user_id;
    const keyCheck = await this.#keyCheck();
    const sealed = await this.#api.crypto.encrypt(TOKEN_KEY, JSON.stringify(credential), { associatedData: this.#binding(instance, userId, keyCheck) });
    await this.#api.kv.set(this.#connectionKey(instance, userId), { ...connection, credential: sealed, key_check: keyCheck } satisfies StoredConnection);
  }

  async #stored(instance: Instance, userId: string): Promise<StoredConnection | null> {
    const stored = await this.#api.kv.get<StoredConnection>(this.#connectionKey(instance, userId));
    if (!stored) return null;
    if (stored.key_check !== (await this.#keyCheck())) {
      await this.remove(instance, userId);
      return null;
    }
    return stored;
  }

  #binding(instance: Instance, userId: string, keyCheck: string): string {
    return `${instance.key}:${userId}:${keyCheck}`;
  }

  #connectionKey(instance: Instance, userId: string): string {
    return `${CONNECTION}${instance.key}_${userId}`;
  }

  async #accountKey(instance: Instance, jiraId: string): Promise<string> {
    return `${ACCOUNT}${instance.key}_${await this.#api.crypto.hash('sha256', jiraId.toLowerCase(), { output: 'base64url' })}`;
  }

  /** An HMAC of a constant keyed by the EncryptionKey setting: changes when the setting does. */
  async #keyCheck(): Promise<string> {
    const { EncryptionKey } = await readSettings(this.#api);
    if (EncryptionKey === '') return 'none';
    return (await this.#api.crypto.hmac('sha256', { secret: EncryptionKey }, 'parley-jira-connections')).slice(0, 16);
  }
}
