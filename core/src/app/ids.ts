// Mattermost-style identifiers: 26 characters of base32 (lowercase, no padding) over 16 random bytes.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** A new 26-character id, as Mattermost's model.NewId(). */
export function newId(): string {
  const bytes = randomBytes(16);
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** True for strings shaped like an id this server issues. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]{26}$/.test(value);
}
