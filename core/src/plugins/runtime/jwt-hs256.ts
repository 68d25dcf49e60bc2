// HS256 JSON Web Tokens (RFC 7519) for api.crypto.jwtSign and jwtVerify. Only HS256 is made and only
// HS256 is accepted: the algorithm is the verifier's choice, never the token's, so a token saying
// `none`, or RS256 in the hope that a public key is taken for an HMAC secret, is refused. The
// signature is checked before any claim, so a forged token learns nothing from the answer.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { isPlainObject } from '../../app/plain-object.ts';
import { cryptoErrors } from './crypto-errors.ts';

/** How far the clocks of the issuer and this server may disagree, for `exp` and `nbf`. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 30;
/** The time claims (NumericDate: seconds since the epoch). */
export const JWT_TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A token of `payload`, with `iat` now unless given, and `exp` when `expiresInSeconds` is. */
export function signJwt(payload: Record<string, unknown>, key: KeyObject, nowSeconds: number, expiresInSeconds?: number): string {
  const claims = { ...payload, iat: payload.iat ?? nowSeconds, ...(expiresInSeconds === undefined ? {} : { exp: nowSeconds + expiresInSeconds }) };
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signed}.${signature(key, signed)}`;
}

/** The payload of a token signed with `key` whose `exp` and `nbf` hold at `nowSeconds`. */
export function verifyJwt(token: string, key: KeyObject, nowSeconds: number): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) throw cryptoErrors.jwtInvalid('it is not three base64url segments');
  const header = decodedObject(parts[0]);
  if (!header) throw cryptoErrors.jwtInvalid('its header is not a JSON object');
  if (header.alg !== 'HS256') throw cryptoErrors.jwtInvalid(`its algorithm is ${JSON.stringify(header.alg ?? null).slice(0, 32)}; only HS256 is accepted`);
  if (header.crit !== undefined) throw cryptoErrors.jwtInvalid('it names critical header extensions (crit), which this server does not implement');
  // Compared as the canonical text, so no other spelling of the same bytes passes.
  const expected = Buffer.from(signature(key, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw cryptoErrors.jwtInvalid('its signature does not match');
  const payload = decodedObject(parts[1]);
  if (!payload) throw cryptoErrors.jwtInvalid('its payload is not a JSON object');
  for (const claim of JWT_TIME_CLAIMS) {
    if (payload[claim] !== undefined && !isNumericDate(payload[claim])) throw cryptoErrors.jwtInvalid(`its ${claim} is not a number`);
  }
  if (typeof payload.exp === 'number' && nowSeconds >= payload.exp + JWT_CLOCK_TOLERANCE_SECONDS) throw cryptoErrors.jwtExpired();
  if (typeof payload.nbf === 'number' && nowSeconds + JWT_CLOCK_TOLERANCE_SECONDS < payload.nbf) throw cryptoErrors.jwtInvalid('it is not valid yet (nbf)');
  return payload;
}

export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function signature(key: KeyObject, signed: string): string {
  return createHmac('sha256', key).update(signed, 'ascii').digest('base64url');
}

function decodedObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
