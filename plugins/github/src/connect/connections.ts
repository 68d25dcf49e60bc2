// Who is connected to which GitHub account, both ways: `conn_<user id>` holds the GitHub login and
// the OAuth token (encrypted with a key the server keeps, bound to the user and to the EncryptionKey
// setting), `login_<github login>` the user id, so a webhook's GitHub username finds the person to
// notify. Regenerating EncryptionKey changes the binding: every stored connection stops counting
// (and is removed when next read), which disconnects everyone, as its setting promises.
import type { PluginAPI } from '@parley/plugin-api';
import { readSettings } from '../settings.ts';

/** The server-side AES-GCM key the tokens are encrypted with (api.crypto). */
const TOKEN_KEY = 'github-oauth-tokens';
const CONNECTION = 'conn_';
const LOGIN = 'login_';

export interface Connection {
  user_id: string;
  github_login: string;
  github_id: number;
  /** Whether the token reaches private repositories (scope `repo`). */
  private: boolean;
  connected_at: number;
}

interface StoredConnection extends Connection {
  /** The token, encrypted (api.crypto.encrypt). */
  token: string;
  /** Which EncryptionKey the record was made under (an HMAC of a constant with it, never the key). */
  key_check: string;
}

/** The GitHub login is already another user's connection. */
export class LoginTakenError extends Error {}

export class Connections {
  #api: PluginAPI;
  #keyChecks = new Map<string, string>();

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  /** Creates the server-side key on first activation; later activations keep it. */
  async ensureKey(): Promise<void> {
    const keys = await this.#api.crypto.listKeys();
    if (!keys.some((key) => key.name === TOKEN_KEY)) await this.#api.crypto.generateKey(TOKEN_KEY, 'aes-256-gcm');
  }

  /**
   * Records `userId`'s connection to `login` with `token`. A GitHub account already connected to
   * another user is refused (LoginTakenError): its notifications would go to two people.
   */
  async save(connection: Connection, token: string): Promise<void> {
    const login = connection.github_login.toLowerCase();
    const taken = new LoginTakenError(`The GitHub account ${connection.github_login} is already connected to another user.`);
    const holder = await this.#api.kv.get<string>(LOGIN + login);
    if (holder && holder !== connection.user_id && (await this.userForLogin(login))) throw taken;
    // Claimed atomically, so two users connecting the same account at once cannot both get it.
    if (holder !== connection.user_id && !(await this.#api.kv.compareAndSet(LOGIN + login, holder, connection.user_id))) throw taken;
    const previous = await this.get(connection.user_id);
    if (previous && previous.github_login.toLowerCase() !== login) await this.#api.kv.delete(LOGIN + previous.github_login.toLowerCase());
    const keyCheck = await this.#keyCheck();
    const sealed = await this.#api.crypto.encrypt(TOKEN_KEY, token, { associatedData: `${connection.user_id}:${keyCheck}` });
    const stored: StoredConnection = { ...connection, token: sealed, key_check: keyCheck };
    await this.#api.kv.set(CONNECTION + connection.user_id, stored);
  }

  /** The user's connection, or null when they are not connected (or were, under another EncryptionKey). */
  async get(userId: string): Promise<Connection | null> {
    const stored = await this.#stored(userId);
    if (!stored) return null;
    const { token: _token, key_check: _check, ...connection } = stored;
    return connection;
  }

  /** The user's GitHub token, or null when they are not connected. */
  async token(userId: string): Promise<string | null> {
    const stored = await this.#stored(userId);
    if (!stored) return null;
    try {
      return await this.#api.crypto.decrypt(TOKEN_KEY, stored.token, { associatedData: `${userId}:${stored.key_check}` });
    } catch (err) {
      if ((err as { id?: string }).id !== 'plugin.crypto.bad_token') throw err;
      await this.remove(userId);
      return null;
    }
  }

  /** The user connected to this GitHub login, or undefined. */
  async userForLogin(login: string): Promise<string | undefined> {
    const userId = await this.#api.kv.get<string>(LOGIN + login.toLowerCase());
    if (!userId) return undefined;
    const connection = await this.get(userId);
    return connection?.github_login.toLowerCase() === login.toLowerCase() ? userId : undefined;
  }

  async remove(userId: string): Promise<Connection | null> {
    const stored = await this.#api.kv.get<StoredConnection>(CONNECTION + userId);
    if (!stored) return null;
    await this.#api.kv.delete(CONNECTION + userId);
    if ((await this.#api.kv.get<string>(LOGIN + stored.github_login.toLowerCase())) === userId) await this.#api.kv.delete(LOGIN + stored.github_login.toLowerCase());
    const { token: _token, key_check: _check, ...connection } = stored;
    return connection;
  }

  /** Every connected user's id, one KV page at a time. */
  async *userIds(): AsyncGenerator<string> {
    const perPage = 500;
    for (let page = 0; ; page++) {
      const keys = await this.#api.kv.list(page, perPage, { prefix: CONNECTION });
      for (const key of keys) yield key.slice(CONNECTION.length);
      if (keys.length < perPage) return;
    }
  }

  async #stored(userId: string): Promise<StoredConnection | null> {
    const stored = await this.#api.kv.get<StoredConnection>(CONNECTION + userId);
    if (!stored) return null;
    if (stored.key_check !== (await this.#keyCheck())) {
      await this.remove(userId);
      return null;
    }
    return stored;
  }

  async #keyCheck(): Promise<string> {
    const key = (await readSettings(this.#api)).EncryptionKey;
    let check = this.#keyChecks.get(key);
    if (!check) {
      check = key ? (await this.#api.crypto.hmac('sha256', { secret: key }, 'parley github token binding')).slice(0, 32) : 'no-key';
      this.#keyChecks.clear();
      this.#keyChecks.set(key, check);
    }
    return check;
  }
}
