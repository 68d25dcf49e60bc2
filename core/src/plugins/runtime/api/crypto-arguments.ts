// Reading api.crypto's arguments: binary data written as a string in one of three encodings, each
// decoded strictly (Buffer.from alone skips characters it does not know, so "ab!c" would hash as
// "abc") and bounded once decoded; options objects whose every field is known, so a misspelt
// `associatedData` cannot silently encrypt without it.
import type { CryptoEncoding, CryptoOutputEncoding } from '@parley/plugin-api';
import { invalidArguments, type Arguments } from './arguments.ts';

export const CRYPTO_LIMITS = {
  /** Any data input, once decoded. */
  maxDataBytes: 1024 * 1024,
  /** What encrypt takes: its token (a third larger, as base64) must still fit in an API answer of 1 MiB. */
  maxPlaintextBytes: 512 * 1024,
  /** A token of decrypt: the base64url of the largest plaintext and the envelope, with room to spare. */
  maxTokenChars: 768 * 1024,
  /** A secret passed as an HMAC or JWT key. */
  maxSecretBytes: 4096,
  maxAssociatedDataChars: 1024,
  maxJwtPayloadBytes: 64 * 1024,
  maxJwtChars: 128 * 1024,
  maxPublicKeyChars: 16 * 1024,
  maxSignatureChars: 4096,
  maxExpiresInSeconds: 10 * 365 * 24 * 3600,
  rsaKeysPerSecond: 2,
};

export const ENCODINGS = ['utf8', 'base64', 'hex'] as const satisfies readonly CryptoEncoding[];
export const OUTPUT_ENCODINGS = ['hex', 'base64', 'base64url'] as const satisfies readonly CryptoOutputEncoding[];

// Fail to compile when plugin-api gains an encoding these lists lack.
const everyEncodingListed: Exclude<CryptoEncoding, (typeof ENCODINGS)[number]> extends never ? true : never = true;
const everyOutputListed: Exclude<CryptoOutputEncoding, (typeof OUTPUT_ENCODINGS)[number]> extends never ? true : never = true;
void everyEncodingListed;
void everyOutputListed;

const KEY_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
// Either alphabet, padding optional.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** A key name: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
export function keyName(args: Arguments, value: unknown, name: string): string {
  if (typeof value !== 'string' || !KEY_NAME.test(value)) throw invalidArguments(args.method, `${name} must be 1 to 64 letters, digits, "_", ".", ":" or "-"`);
  return value;
}

/** `value` when it is one of `values`; `fallback` when it is absent and there is one. */
export function oneOf<T extends string>(args: Arguments, value: unknown, name: string, values: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) throw invalidArguments(args.method, `${name} must be one of ${values.join(', ')}`);
  return value as T;
}

/** The options object at `index` (absent: empty), refused when it has a field not in `allowed`. */
export function options(args: Arguments, index: number, allowed: readonly string[]): Record<string, unknown> {
  const value = args.object(index, 'options', { optional: true });
  const unknown = Object.keys(value).find((field) => !allowed.includes(field));
  if (unknown !== undefined) throw invalidArguments(args.method, `options.${unknown.slice(0, 64)} is not an option; there are ${allowed.join(', ')}`);
  return value;
}

/** The bytes a string stands for, refused when it is not a string, not valid in `encoding` or longer than `maxBytes` decoded. */
export function bytes(args: Arguments, value: unknown, name: string, encoding: CryptoEncoding, options: { maxBytes: number; minBytes?: number }): Buffer {
  if (typeof value !== 'string') throw invalidArguments(args.method, `${name} must be a string`);
  const decoded = decodeText(value, encoding);
  if (!decoded) throw invalidArguments(args.method, `${name} is not valid ${encoding === 'utf8' ? 'Unicode text (it holds a lone surrogate; pass bytes as base64)' : encoding}`);
  if (decoded.length > options.maxBytes) throw invalidArguments(args.method, `${name} must be at most ${options.maxBytes} bytes`);
  if (decoded.length < (options.minBytes ?? 0)) throw invalidArguments(args.method, `${name} must not be empty`);
  return decoded;
}

/**
 * The bytes `text` stands for in `encoding`, or undefined when it is not valid in it. UTF-8 text with
 * a lone surrogate is not valid: Buffer.from would write it as U+FFFD, so two different strings
 * would hash, sign or compare alike.
 */
export function decodeText(text: string, encoding: CryptoEncoding): Buffer | undefined {
  switch (encoding) {
    case 'utf8':
      return text.isWellFormed() ? Buffer.from(text, 'utf8') : undefined;
    case 'hex':
      return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
    case 'base64': {
      const unpadded = text.replace(/=+$/, '');
      const valid = BASE64.test(text) && unpadded.length % 4 !== 1 && (unpadded.length === text.length || text.length % 4 === 0);
      return valid ? Buffer.from(unpadded, 'base64') : undefined;
    }
  }
}
