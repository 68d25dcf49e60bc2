// GitHub's signature of a delivery: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`
// keyed with the webhook's secret, and the older `X-Hub-Signature: sha1=<hex HMAC-SHA1>` that GitHub
// Enterprise Server versions before 2.23 send alone. The HMAC is the server's (api.crypto), compared
// in constant time.
import type { PluginAPI } from '@parley/plugin-api';

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

export async function checkSignature(crypto: PluginAPI['crypto'], secret: string, headers: Record<string, string>, body: string): Promise<SignatureCheck> {
  const sha256 = headers['x-hub-signature-256'];
  const sha1 = headers['x-hub-signature'];
  // The SHA-256 signature wins when both are sent: a forger must not choose the weaker one.
  const [algorithm, received] = sha256 !== undefined ? (['sha256', sha256] as const) : sha1 !== undefined ? (['sha1', sha1] as const) : [undefined, ''];
  if (!algorithm) return 'missing';
  const expected = `${algorithm}=${await crypto.hmac(algorithm, { secret }, body)}`;
  return (await crypto.timingSafeEqual(expected, received.trim().toLowerCase())) ? 'valid' : 'invalid';
}
