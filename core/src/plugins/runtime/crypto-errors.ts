// Every refusal of api.crypto, each with its stable id, built here so that the ids and their wording
// stay one list (the plugin-api JSDoc of api.crypto names the same ids).
import { AppError } from '../../errors/app-error.ts';

export const cryptoErrors = {
  keyNotFound: (name: string) => new AppError('plugin.crypto.key_not_found', 404, `The plugin has no key named "${name}".`),
  keyExists: (name: string) => new AppError('plugin.crypto.key_exists', 409, `The plugin already has a key named "${name}"; pass {replace: true} to replace it.`),
  tooManyKeys: (max: number) => new AppError('plugin.crypto.too_many_keys', 400, `A plugin may keep at most ${max} keys; delete some first.`),
  wrongKeyType: (name: string, type: string, wanted: string) =>
    new AppError('plugin.crypto.wrong_key_type', 400, `The key "${name}" is a ${type} key; this operation needs a ${wanted} key.`),
  /** The row cannot be opened with the server's key: altered in the database, or the server secret changed. */
  keyUnreadable: (name: string) =>
    new AppError('plugin.crypto.key_unreadable', 500, `The key "${name}" cannot be decrypted on this server: its stored form was altered, or the server secret changed.`),
  badToken: () => new AppError('plugin.crypto.bad_token', 400, 'The token was not made by encrypt with this key and associated data, or it was altered.'),
  notUtf8: () => new AppError('plugin.crypto.not_utf8', 400, 'The plaintext is not UTF-8 text; decrypt it with {encoding: "base64"}.'),
  jwtInvalid: (why: string) => new AppError('plugin.crypto.jwt_invalid', 401, `The JWT is not valid: ${why}.`),
  jwtExpired: () => new AppError('plugin.crypto.jwt_expired', 401, 'The JWT has expired.'),
  rsaRateLimited: (pluginId: string, perSecond: number) =>
    new AppError('plugin.api.rate_limited', 429, `Plugin ${pluginId} generates RSA keys faster than its budget of ${perSecond} a second; slow down.`),
};
