// The one format in which the server encrypts: a version byte, a random 12-byte nonce, the
// AES-256-GCM ciphertext and its 16-byte tag. It carries the tokens of api.crypto.encrypt, the
// plugins' key material at rest and the cookies of ephemeral posts' actions. The version byte is authenticated with the caller's context (GCM's
// associated data), so a later format can be told apart and an old box is never read as a new one.
// Random nonces are safe for about 2^32 boxes per key, far beyond what a plugin seals with one key.
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** The bytes a box adds to its plaintext. */
export const ENVELOPE_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;

/** `plaintext` sealed with `key` (32 bytes), bound to `context` (which the box does not hold). */
export function sealEnvelope(key: KeyObject, plaintext: Buffer, context: Buffer): Buffer {
  const header = Buffer.of(VERSION);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, context]));
  return Buffer.concat([header, nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext of a box sealed with `key` and `context`; undefined for anything else (altered, truncated, another key or context). */
export function openEnvelope(key: KeyObject, sealed: Buffer, context: Buffer): Buffer | undefined {
  if (sealed.length < ENVELOPE_OVERHEAD || sealed[0] !== VERSION) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([sealed.subarray(0, 1), context]));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}
