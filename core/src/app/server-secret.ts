// A random secret of the server kept in the `systems` table, so every node of a cluster shares it,
// and the keys derived from it (HKDF-SHA256), one per purpose, so that no two uses share a key.
import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

/** Where server secrets are kept (the `systems` table). */
export interface SecretStore {
  getOrCreate(name: string, proposed: string): Promise<string>;
}

export class ServerSecret {
  #store: SecretStore;
  #name: string;
  #secret: Promise<Buffer> | undefined;
  /** Derived once per purpose: callers ask for a key on every seal and signature. */
  #keys = new Map<string, KeyObject>();

  /** `name`: the secret's row in `systems`, made by the first node that needs it. */
  constructor(store: SecretStore, name: string) {
    this.#store = store;
    this.#name = name;
  }

  /** The 32-byte key for `purpose`. */
  async key(purpose: string): Promise<KeyObject> {
    const known = this.#keys.get(purpose);
    if (known) return known;
    const secret = await this.#loaded();
    const key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `parley ${purpose}`, 32)));
    this.#keys.set(purpose, key);
    return key;
  }

  #loaded(): Promise<Buffer> {
    this.#secret ??= this.#store.getOrCreate(this.#name, randomBytes(32).toString('hex')).then(
      (hex) => Buffer.from(hex, 'hex'),
      (err: unknown) => {
        // Not kept: the next call asks the database again.
        this.#secret = undefined;
        throw err;
      },
    );
    return this.#secret;
  }
}
