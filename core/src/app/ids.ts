// Mattermost-style identifiers: 26 characters of base32 (lowercase, no padding) over 16 random bytes.
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';
const ID_BYTES = 16;
/**
 * Random bytes drawn from the CSPRNG 256 ids at a time (one call per request was measurable); each
 * byte is used once.
 */
const pool = Buffer.alloc(ID_BYTES * 256);
let poolOffset = pool.length;

/** A new 26-character id, as Mattermost's model.NewId(). */
export function newId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += ID_BYTES;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = start; i < start + ID_BYTES; i++) {
    buffer = (buffer << 8) | pool[i];
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  // Ids are also session tokens: their bytes do not linger in the pool.
  pool.fill(0, start, start + ID_BYTES);
  return out;
}

/** True for strings shaped like an id this server issues. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]{26}$/.test(value);
}
