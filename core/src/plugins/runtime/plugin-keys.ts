// The keys the server keeps for plugins (api.crypto): generated here, stored sealed with a key derived
// from a server secret, and opened only for the one operation that uses them, so a key's secret never
// crosses into a sandbox. Every call names the plugin the API host authenticated, never one a plugin
// chose: a plugin reaches its own keys only, and another plugin's key of the same name is another key.
//
// Each sealed key is bound to its plugin, name and type (the envelope's context): a row copied onto
// another plugin's or renamed in the database does not open. The sealing key lives in the same
// database (`systems`), so this keeps key material out of anything that holds the rows without the
// secret — a dump of one table, a query log — not out of a copy of the whole database.
import { createPrivateKey, createSecretKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { CryptoKeyInfo, CryptoKeyType } from '@parley/plugin-api';
import type { Store } from '../../store/store.ts';
import type { PluginKeyEntry } from '../../store/plugin-key-repository.ts';
import type { ServerSecret } from '../../app/server-secret.ts';
import { openEnvelope, sealEnvelope } from '../../app/aes-gcm-envelope.ts';
import { cryptoErrors } from './crypto-errors.ts';

export const KEY_TYPES = ['aes-256-gcm', 'hmac-sha256', 'rsa-2048'] as const satisfies readonly CryptoKeyType[];

// Fails to compile when plugin-api gains a key type this list lacks.
const everyTypeListed: Exclude<CryptoKeyType, (typeof KEY_TYPES)[number]> extends never ? true : never = true;
void everyTypeListed;

export const KEY_LIMITS = { maxKeysPerPlugin: 100 };

/** The server secret the sealing key is derived from (a row of `systems`). */
export const KEY_SECRET_NAME = 'PluginKeySecret';
/** The HKDF purpose of the sealing key. */
export const KEY_SEALING_PURPOSE = 'plugin key sealing';

const generateRsa = promisify(generateKeyPair);
const SYMMETRIC_KEY_BYTES = 32;

export interface PluginKeysDeps {
  store: Pick<Store, 'pluginKeys' | 'transaction'>;
  secret: ServerSecret;
  maxKeysPerPlugin?: number;
}

export class PluginKeys {
  #store: PluginKeysDeps['store'];
  #secret: ServerSecret;
  #max: number;

  constructor(deps: PluginKeysDeps) {
    this.#store = deps.store;
    this.#secret = deps.secret;
    this.#max = deps.maxKeysPerPlugin ?? KEY_LIMITS.maxKeysPerPlugin;
  }

  /** Generates and keeps a key; only `replace` lets it take the place of one of the same name. */
  async generate(pluginId: string, name: string, type: CryptoKeyType, replace: boolean): Promise<CryptoKeyInfo> {
    // Made before the transaction: an RSA key takes a while, and the plugin's lock is held briefly.
    const { secret, publicKey } = await newKey(type);
    const entry: PluginKeyEntry = { name, type, publicKey, createAt: Date.now() };
    const material = sealEnvelope(await this.#sealingKey(), secret, sealingContext(pluginId, name, type));
    await this.#store.transaction(async (tx) => {
      await tx.pluginKeys.lockPlugin(pluginId);
      const existing = await tx.pluginKeys.entry(pluginId, name);
      if (existing && !replace) throw cryptoErrors.keyExists(name);
      if (!existing && (await tx.pluginKeys.count(pluginId)) >= this.#max) throw cryptoErrors.tooManyKeys(this.#max);
      await tx.pluginKeys.put(pluginId, { ...entry, material });
    });
    return toWire(entry);
  }

  async list(pluginId: string): Promise<CryptoKeyInfo[]> {
    return (await this.#store.pluginKeys.list(pluginId)).map(toWire);
  }

  /** The public key of an RSA key, as PEM. */
  async publicKey(pluginId: string, name: string): Promise<string> {
    const entry = await this.#store.pluginKeys.entry(pluginId, name);
    if (!entry) throw cryptoErrors.keyNotFound(name);
    if (entry.type !== 'rsa-2048' || entry.publicKey === null) throw cryptoErrors.wrongKeyType(name, entry.type, 'rsa-2048');
    return entry.publicKey;
  }

  /** True when the key existed. */
  delete(pluginId: string, name: string): Promise<boolean> {
    return this.#store.pluginKeys.delete(pluginId, name);
  }

  /** Deletes every key of a plugin (removed with its data). */
  removePlugin(pluginId: string): Promise<void> {
    return this.#store.pluginKeys.deleteAll(pluginId);
  }

  /** The secret of the key `name` for one operation, which needs a key of `type`. */
  async open(pluginId: string, name: string, type: CryptoKeyType): Promise<KeyObject> {
    const sealed = await this.#store.pluginKeys.sealed(pluginId, name);
    if (!sealed) throw cryptoErrors.keyNotFound(name);
    if (sealed.type !== type) throw cryptoErrors.wrongKeyType(name, sealed.type, type);
    const secret = openEnvelope(await this.#sealingKey(), sealed.material, sealingContext(pluginId, name, type));
    if (!secret) throw cryptoErrors.keyUnreadable(name);
    return type === 'rsa-2048' ? createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' }) : createSecretKey(secret);
  }

  #sealingKey(): Promise<KeyObject> {
    return this.#secret.key(KEY_SEALING_PURPOSE);
  }
}

/** What a sealed key is bound to. Plugin ids and key names hold no NUL, so the fields cannot run into each other. */
export function sealingContext(pluginId: string, name: string, type: string): Buffer {
  return Buffer.from(`plugin key\0${pluginId}\0${name}\0${type}`, 'utf8');
}

async function newKey(type: CryptoKeyType): Promise<{ secret: Buffer; publicKey: string | null }> {
  if (type !== 'rsa-2048') return { secret: randomBytes(SYMMETRIC_KEY_BYTES), publicKey: null };
  const pair = await generateRsa('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return { secret: pair.privateKey, publicKey: pair.publicKey };
}

function toWire(entry: PluginKeyEntry): CryptoKeyInfo {
  return { name: entry.name, type: entry.type as CryptoKeyType, ...(entry.publicKey === null ? {} : { public_key: entry.publicKey }), create_at: entry.createAt };
}
