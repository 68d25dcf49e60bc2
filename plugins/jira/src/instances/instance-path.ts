// Per-instance routes name the instance by its URL, base64url-encoded as Mattermost's plugin does
// (`/instance/aHR0cHM6Ly9qaXJhLmV4YW1wbGUuY29t/user/connect`), so callback URLs registered in Jira
// or Atlassian's console keep working after a migration. The sandbox has no btoa: encoded here.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The instance id (its URL) as a path segment: URL-safe base64 of its UTF-8, padded. */
export function encodeInstanceId(id: string): string {
  const bytes = utf8(id);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + (b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!) + (c === undefined ? '=' : ALPHABET[n & 63]!);
  }
  return out;
}

/** The instance id a path segment names, or undefined when it is not one encodeInstanceId makes. */
export function decodeInstanceId(segment: string): string | undefined {
  const text = segment.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 255);
    }
  }
  try {
    return decodeURIComponent(bytes.map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''));
  } catch {
    return undefined;
  }
}

/** The plugin-relative path of `route` (`/user/connect`) for the instance. */
export function instancePath(route: string, instanceId: string): string {
  return `/instance/${encodeInstanceId(instanceId)}${route}`;
}

/** A router pattern for `route` under an instance; its `instance` parameter is the encoded id. */
export function instanceRoute(route: string): RegExp {
  return new RegExp(`^/instance/(?<instance>[A-Za-z0-9_=-]+)${route.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
}

function utf8(text: string): number[] {
  const escaped = encodeURIComponent(text);
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      bytes.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(escaped.charCodeAt(i));
    }
  }
  return bytes;
}
