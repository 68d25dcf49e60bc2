// crypto.*: digests, HMACs, AES-GCM, RSA signatures and HS256 JWTs computed by the server, with the
// plugin's own keys (plugin-keys.ts) or secrets it passes. Every key name is looked up under the
// calling plugin's id, which the host authenticated: a plugin cannot name another plugin's key.
import { createHash, createHmac, createPublicKey, createSecretKey, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { jsonInputProblem, type CryptoEncoding, type CryptoOutputEncoding } from '@parley/plugin-api';
import type { ApiCall, ApiGroup } from './api-group.ts';
import { invalidArguments, jsonSize, type Arguments } from './arguments.ts';
import { bytes, CRYPTO_LIMITS, decodeText, ENCODINGS, keyName, oneOf, options, OUTPUT_ENCODINGS } from './crypto-arguments.ts';
import type { WindowLimiter } from './window-limiter.ts';
import { KEY_TYPES, type PluginKeys } from '../plugin-keys.ts';
import { openEnvelope, sealEnvelope } from '../../../app/aes-gcm-envelope.ts';
import { isNumericDate, JWT_TIME_CLAIMS, signJwt, verifyJwt } from '../jwt-hs256.ts';
import { cryptoErrors } from '../crypto-errors.ts';

const HASHES = ['sha1', 'sha256', 'sha512'] as const;
const HMAC_HASHES = ['sha1', 'sha256'] as const;
const SIGNATURES = ['RSA-SHA1', 'RSA-SHA256'] as const;
const DATA_OPTIONS = ['encoding', 'output'];
const CIPHER_OPTIONS = ['encoding', 'associatedData'];
const PUBLIC_KEY_PEM = /^\s*-----BEGIN (RSA )?PUBLIC KEY-----/;
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 8192;

/**
 * timingSafeEqual compares HMACs of its two strings under this key, not the strings: digests always
 * have the same length, so neither where the strings differ nor whether their lengths do shows in the
 * time it takes, and the key (new at every start) keeps a caller from choosing what is compared.
 */
const COMPARISON_KEY = randomBytes(32);

export function cryptoApi(keys: PluginKeys, rsaLimiter: WindowLimiter): ApiGroup<'crypto'> {
  /** The HMAC key of argument `index`: one of the plugin's `hmac-sha256` keys by name, or a secret it passes. */
  const hmacKey = async (call: ApiCall, index: number, algorithm: string): Promise<KeyObject> => {
    const key = call.args.object(index, 'key');
    const fields = Object.keys(key).sort().join(',');
    if (fields === 'name') {
      const name = keyName(call.args, key.name, 'key.name');
      const secret = await keys.open(call.manifest.id, name, 'hmac-sha256');
      // A key is kept for one algorithm; HMAC-SHA1 takes a secret the plugin passes (GitHub's old X-Hub-Signature).
      if (algorithm !== 'sha256') throw cryptoErrors.wrongKeyType(name, 'hmac-sha256', `hmac-${algorithm}`);
      return secret;
    }
    if (fields !== 'secret' && fields !== 'encoding,secret') throw invalidArguments(call.args.method, 'key must be {name} or {secret, encoding?}');
    const encoding = oneOf(call.args, key.encoding, 'key.encoding', ENCODINGS, 'utf8');
    return createSecretKey(bytes(call.args, key.secret, 'key.secret', encoding, { minBytes: 1, maxBytes: CRYPTO_LIMITS.maxSecretBytes }));
  };
  const dataOptions = (args: Arguments, index: number, defaultOutput: CryptoOutputEncoding) => {
    const given = options(args, index, DATA_OPTIONS);
    return { encoding: oneOf(args, given.encoding, 'options.encoding', ENCODINGS, 'utf8'), output: oneOf(args, given.output, 'options.output', OUTPUT_ENCODINGS, defaultOutput) };
  };
  const cipherOptions = (args: Arguments, index: number) => {
    const given = options(args, index, CIPHER_OPTIONS);
    const associated = given.associatedData ?? '';
    if (typeof associated !== 'string' || associated.length > CRYPTO_LIMITS.maxAssociatedDataChars) {
      throw invalidArguments(args.method, `options.associatedData must be a string of at most ${CRYPTO_LIMITS.maxAssociatedDataChars} characters`);
    }
    return {
      encoding: oneOf(args, given.encoding, 'options.encoding', ENCODINGS, 'utf8'),
      context: bytes(args, associated, 'options.associatedData', 'utf8', { maxBytes: Infinity }),
    };
  };
  const data = (args: Arguments, index: number, encoding: CryptoEncoding, name = 'data') => bytes(args, args.raw(index), name, encoding, { maxBytes: CRYPTO_LIMITS.maxDataBytes });

  return {
    async generateKey(call) {
      const name = keyName(call.args, call.args.raw(0), 'name');
      const type = oneOf(call.args, call.args.raw(1), 'type', KEY_TYPES);
      const replace = options(call.args, 2, ['replace']).replace ?? false;
      if (typeof replace !== 'boolean') throw invalidArguments(call.args.method, 'options.replace must be a boolean');
      // RSA keys take tens of milliseconds of a worker thread each; the others are a random read.
      if (type === 'rsa-2048' && !rsaLimiter.take(call.manifest.id, Date.now())) throw cryptoErrors.rsaRateLimited(call.manifest.id, CRYPTO_LIMITS.rsaKeysPerSecond);
      return keys.generate(call.manifest.id, name, type, replace);
    },
    async publicKey(call) {
      return keys.publicKey(call.manifest.id, keyName(call.args, call.args.raw(0), 'name'));
    },
    async listKeys(call) {
      return keys.list(call.manifest.id);
    },
    async deleteKey(call) {
      return keys.delete(call.manifest.id, keyName(call.args, call.args.raw(0), 'name'));
    },
    async hash(call) {
      const algorithm = oneOf(call.args, call.args.raw(0), 'algorithm', HASHES);
      const { encoding, output } = dataOptions(call.args, 2, 'hex');
      return createHash(algorithm).update(data(call.args, 1, encoding)).digest(output);
    },
    async hmac(call) {
      const algorithm = oneOf(call.args, call.args.raw(0), 'algorithm', HMAC_HASHES);
      const { encoding, output } = dataOptions(call.args, 3, 'hex');
      const input = data(call.args, 2, encoding);
      return createHmac(algorithm, await hmacKey(call, 1, algorithm)).update(input).digest(output);
    },
    async timingSafeEqual(call) {
      const [a, b] = [data(call.args, 0, 'utf8', 'a'), data(call.args, 1, 'utf8', 'b')];
      const digest = (value: Buffer) => createHmac('sha256', COMPARISON_KEY).update(value).digest();
      return timingSafeEqual(digest(a), digest(b));
    },
    async encrypt(call) {
      const name = keyName(call.args, call.args.raw(0), 'keyName');
      const { encoding, context } = cipherOptions(call.args, 2);
      const plaintext = bytes(call.args, call.args.raw(1), 'plaintext', encoding, { maxBytes: CRYPTO_LIMITS.maxPlaintextBytes });
      return sealEnvelope(await keys.open(call.manifest.id, name, 'aes-256-gcm'), plaintext, context).toString('base64url');
    },
    async decrypt(call) {
      const name = keyName(call.args, call.args.raw(0), 'keyName');
      const token = call.args.string(1, 'token', { max: CRYPTO_LIMITS.maxTokenChars });
      const { encoding, context } = cipherOptions(call.args, 2);
      const key = await keys.open(call.manifest.id, name, 'aes-256-gcm');
      const sealed = decodeText(token, 'base64');
      const plaintext = sealed && openEnvelope(key, sealed, context);
      if (!plaintext) throw cryptoErrors.badToken();
      if (encoding !== 'utf8') return plaintext.toString(encoding);
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
      } catch {
        throw cryptoErrors.notUtf8();
      }
    },
    async sign(call) {
      const name = keyName(call.args, call.args.raw(0), 'keyName');
      const algorithm = oneOf(call.args, call.args.raw(2), 'algorithm', SIGNATURES);
      const { encoding, output } = dataOptions(call.args, 3, 'base64');
      const input = data(call.args, 1, encoding);
      // RSASSA-PKCS1-v1_5, Node's default padding for an RSA key: what OAuth 1.0a's RSA-SHA1 means.
      return sign(digestOf(algorithm), input, await keys.open(call.manifest.id, name, 'rsa-2048')).toString(output);
    },
    async verify(call) {
      const publicKey = rsaPublicKey(call.args);
      const algorithm = oneOf(call.args, call.args.raw(3), 'algorithm', SIGNATURES);
      const given = options(call.args, 4, ['encoding', 'signatureEncoding']);
      const encoding = oneOf(call.args, given.encoding, 'options.encoding', ENCODINGS, 'utf8');
      const signatureEncoding = oneOf(call.args, given.signatureEncoding, 'options.signatureEncoding', OUTPUT_ENCODINGS, 'base64');
      const input = data(call.args, 1, encoding);
      const signature = decodeText(call.args.string(2, 'signature', { max: CRYPTO_LIMITS.maxSignatureChars }), signatureEncoding === 'hex' ? 'hex' : 'base64');
      // A signature that is not even valid in its encoding is a wrong signature, not a caller's mistake.
      return signature !== undefined && verify(digestOf(algorithm), input, publicKey, signature);
    },
    async jwtSign(call) {
      const payload = call.args.object(0, 'payload');
      // Checked before it is measured as JSON: a payload nested too deep would overflow the stack there.
      const problem = jsonInputProblem(payload);
      if (problem) throw invalidArguments(call.args.method, `payload ${problem}`);
      if (jsonSize(payload) > CRYPTO_LIMITS.maxJwtPayloadBytes) throw invalidArguments(call.args.method, `payload must be at most ${CRYPTO_LIMITS.maxJwtPayloadBytes} bytes as JSON`);
      for (const claim of JWT_TIME_CLAIMS) {
        if (payload[claim] !== undefined && !isNumericDate(payload[claim])) throw invalidArguments(call.args.method, `payload.${claim} must be a number of seconds since the epoch`);
      }
      const expiresIn = options(call.args, 2, ['expiresInSeconds']).expiresInSeconds;
      if (expiresIn !== undefined) {
        if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > CRYPTO_LIMITS.maxExpiresInSeconds) {
          throw invalidArguments(call.args.method, `options.expiresInSeconds must be an integer from 1 to ${CRYPTO_LIMITS.maxExpiresInSeconds}`);
        }
        if (payload.exp !== undefined) throw invalidArguments(call.args.method, 'options.expiresInSeconds cannot be given with a payload that has its own exp');
      }
      return signJwt(payload, await hmacKey(call, 1, 'sha256'), nowSeconds(), expiresIn);
    },
    async jwtVerify(call) {
      const token = call.args.string(0, 'token', { min: 1, max: CRYPTO_LIMITS.maxJwtChars });
      return verifyJwt(token, await hmacKey(call, 1, 'sha256'), nowSeconds());
    },
  };
}

function digestOf(algorithm: (typeof SIGNATURES)[number]): string {
  return algorithm === 'RSA-SHA1' ? 'sha1' : 'sha256';
}

/** Argument 0 of verify: an RSA public key of 2048 to 8192 bits, as PEM (a private key or certificate is refused). */
function rsaPublicKey(args: Arguments): KeyObject {
  const pem = args.string(0, 'publicKey', { min: 1, max: CRYPTO_LIMITS.maxPublicKeyChars });
  const refuse = () => invalidArguments(args.method, `publicKey must be an RSA public key of ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits, as PEM`);
  if (!PUBLIC_KEY_PEM.test(pem)) throw refuse();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw refuse();
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) throw refuse();
  return key;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
