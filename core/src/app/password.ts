// Passwords hashed with scrypt (memory-hard, in node:crypto): N=2^15, r=8, p=1 (32 MiB per hash).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordSettings } from '../config/config-schema.ts';
import { AppError } from '../errors/app-error.ts';

const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
/** bcrypt's limit, which Mattermost keeps: longer passwords are refused rather than truncated. */
const MAXIMUM_LENGTH = 72;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Enforces PasswordSettings, with Mattermost's error id and a message listing every rule. */
export function checkPasswordRules(password: string, rules: PasswordSettings): void {
  const broken =
    password.length < rules.MinimumLength ||
    password.length > MAXIMUM_LENGTH ||
    (rules.Lowercase && !/[a-z]/.test(password)) ||
    (rules.Uppercase && !/[A-Z]/.test(password)) ||
    (rules.Number && !/[0-9]/.test(password)) ||
    (rules.Symbol && !/[^A-Za-z0-9]/.test(password));
  if (!broken) return;
  const needs = [
    `at least ${rules.MinimumLength} and at most ${MAXIMUM_LENGTH} characters`,
    rules.Lowercase && 'a lowercase letter',
    rules.Uppercase && 'an uppercase letter',
    rules.Number && 'a number',
    rules.Symbol && 'a symbol',
  ].filter(Boolean);
  throw AppError.badRequest('model.user.is_valid.pwd.app_error', `Your password must contain ${needs.join(', ')}.`);
}
