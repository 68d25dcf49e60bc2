// The server's secrets for interactive messages, derived from one random secret every node of a
// cluster shares (the `systems` table):
//   - post-action cookies: an ephemeral post is never stored, so each of its actions carries what the
//     server needs to run it (the integration's URL and context, the post and channel) sealed with
//     AES-256-GCM — clients can neither read the integration nor forge or alter a cookie (Mattermost
//     seals PostActionCookie the same way);
//   - trigger ids: proof that a user just clicked an action or ran a command, which an integration
//     hands back to open a dialog for that user. Mattermost's layout (base64 of
//     `clientTriggerId:userId:millis:signature`), signed with HMAC-SHA256 where Mattermost uses ECDSA:
//     only this server verifies them.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { openEnvelope, sealEnvelope } from './aes-gcm-envelope.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from './ids.ts';
import { ServerSecret, type SecretStore } from './server-secret.ts';

const SECRET_NAME = 'IntegrationActionSecret';
/** What a cookie's box is bound to: it opens as nothing else. */
const COOKIE_CONTEXT = Buffer.from('parley post action cookie');

interface Keys {
  cookie: KeyObject;
  trigger: KeyObject;
}

/** A trigger id and the short id clients are given for it (Mattermost's clientTriggerId). */
export interface TriggerId {
  triggerId: string;
  clientTriggerId: string;
}

export class IntegrationSecrets {
  #secret: ServerSecret;

  constructor(store: SecretStore) {
    this.#secret = new ServerSecret(store, SECRET_NAME);
  }

  /** `cookie` as JSON, sealed (aes-gcm-envelope.ts), in base64. */
  async seal(cookie: Record<string, unknown>): Promise<string> {
    const { cookie: key } = await this.#loaded();
    return sealEnvelope(key, Buffer.from(JSON.stringify(cookie), 'utf8'), COOKIE_CONTEXT).toString('base64');
  }

  /** The cookie `sealed` holds, or undefined when this server did not seal it (or it was altered). */
  async open(sealed: string): Promise<Record<string, unknown> | undefined> {
    const { cookie: key } = await this.#loaded();
    const plain = openEnvelope(key, Buffer.from(sealed, 'base64'), COOKIE_CONTEXT);
    if (!plain) return undefined;
    try {
      const value: unknown = JSON.parse(plain.toString('utf8'));
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A trigger id for `userId`, made now. */
  async newTriggerId(userId: string): Promise<TriggerId> {
    const { trigger: key } = await this.#loaded();
    const clientTriggerId = newId();
    const signed = `${clientTriggerId}:${userId}:${Date.now()}:`;
    const signature = createHmac('sha256', key).update(signed).digest('base64');
    return { clientTriggerId, triggerId: Buffer.from(signed + signature, 'utf8').toString('base64') };
  }

  /**
   * The user and client trigger id of a trigger id this server made at most `maxAgeMs` ago; anything
   * else is refused with Mattermost's error ids.
   */
  async verifyTriggerId(triggerId: string, maxAgeMs: number): Promise<{ userId: string; clientTriggerId: string }> {
    const { trigger: key } = await this.#loaded();
    const refuse = (reason: string, message: string) => AppError.badRequest(`interactive_message.decode_trigger_id.${reason}`, message);
    const decoded = Buffer.from(triggerId, 'base64').toString('utf8');
    const parts = decoded.split(':');
    if (parts.length !== 4) throw refuse('missing_data', 'The trigger id is not one this server issued.');
    const [clientTriggerId, userId, millis, signature] = parts;
    const issuedAt = Number(millis);
    if (!/^\d{1,16}$/.test(millis)) throw refuse('missing_data', 'The trigger id is not one this server issued.');
    const expected = createHmac('sha256', key).update(`${clientTriggerId}:${userId}:${millis}:`).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('verify_signature_failed', 'The trigger id is not one this server issued.');
    if (Date.now() - issuedAt > maxAgeMs) {
      throw refuse('expired', `The trigger id has expired: a dialog must be opened within ${Math.round(maxAgeMs / 1000)} seconds of the action that allows it.`);
    }
    return { userId, clientTriggerId };
  }

  async #loaded(): Promise<Keys> {
    const [cookie, trigger] = await Promise.all([this.#secret.key('post action cookie'), this.#secret.key('trigger id')]);
    return { cookie, trigger };
  }
}
