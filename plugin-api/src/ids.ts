// Mattermost-style ids for plugins that keep their own records (webhooks, commands, tokens): 26
// characters of Mattermost's base32 alphabet, 130 random bits, drawn from Web Crypto's
// getRandomValues (the sandbox fills it from the server's secure random source), so an id can
// serve as a secret such as an incoming webhook's URL.

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';
const VALID_ID = /^[a-z0-9]{26}$/;

/** A new 26-character id, unguessable, as Mattermost's model.NewId(). @since 0.1.0 */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(17));
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** True for a string shaped like an id (Mattermost's IsValidId). @since 0.1.0 */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && VALID_ID.test(value);
}
