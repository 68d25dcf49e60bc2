// Ed25519 detached signatures over the bytes of a plugin bundle. A signature is the raw 64 bytes
// written as one line of base64: in a catalogue's `signature` field and in `<bundle>.sig`. Keys are
// PEM files: SPKI for the public key (`.pub`), PKCS8 for the private key (`.key`, mode 0600).
import { createPublicKey, createPrivateKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Length of an Ed25519 signature. */
const SIGNATURE_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Where a signature is kept beside its bundle. */
export function signatureFileFor(bundleFile: string): string {
  return `${bundleFile}.sig`;
}

export interface SigningKeyFiles {
  publicKeyFile: string;
  privateKeyFile: string;
}

/**
 * Writes a new key pair to `<dir>/<name>.pub` and `<dir>/<name>.key`. Refuses to overwrite either
 * file: losing a private key that bundles were signed with cannot be undone.
 */
export async function generateSigningKeyPair(dir: string, name = 'signing-key'): Promise<SigningKeyFiles> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const files = { publicKeyFile: path.join(dir, `${name}.pub`), privateKeyFile: path.join(dir, `${name}.key`) };
  await mkdir(dir, { recursive: true });
  await writeFile(files.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    await writeFile(files.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  } catch (err) {
    // A private key without its public half is of no use to anyone.
    await rm(files.privateKeyFile, { force: true });
    throw err;
  }
  return files;
}

/** The base64 signature of `bundle` made with an Ed25519 private key (KeyObject or PKCS8 PEM). */
export function signBundleData(bundle: Buffer, privateKey: KeyObject | string): string {
  const key = typeof privateKey === 'string' ? parsePrivateKey(privateKey, 'the private key') : privateKey;
  return sign(null, bundle, key).toString('base64');
}

/** Signs a bundle file with the private key in `privateKeyFile` and writes `<bundle>.sig`; returns the signature. */
export async function signBundle(bundleFile: string, privateKeyFile: string): Promise<string> {
  const key = parsePrivateKey(await readFile(privateKeyFile, 'utf8'), privateKeyFile);
  const signature = signBundleData(await readFile(bundleFile), key);
  await writeFile(signatureFileFor(bundleFile), `${signature}\n`);
  return signature;
}

/** Why a bundle's signature was not accepted. */
export type SignatureFailure = 'missing' | 'malformed' | 'no_trusted_keys' | 'mismatch';

export type SignatureCheck =
  | { ok: true; /** Which of the trusted keys verified it. */ keyIndex: number }
  | { ok: false; reason: SignatureFailure; message: string };

/**
 * Checks a detached signature against trusted Ed25519 public keys (KeyObjects or SPKI PEM text).
 * Reasons: `missing` (no signature), `malformed` (not base64 of 64 bytes), `no_trusted_keys`, and
 * `mismatch`: no trusted key verifies it. Ed25519 cannot tell a changed bundle from a signature
 * made with another key, so `mismatch` covers both. A key that is not an Ed25519 public key throws
 * (that is a configuration error, not a property of the bundle).
 */
export async function verifyBundleSignature(bundle: Buffer | string, signatureBase64: string | undefined, publicKeys: ReadonlyArray<KeyObject | string>): Promise<SignatureCheck> {
  const keys = publicKeys.map((key, index) => (typeof key === 'string' ? parsePublicKey(key, `trusted key ${index + 1}`) : checkedPublicKey(key, `trusted key ${index + 1}`)));
  const text = signatureBase64?.trim() ?? '';
  if (text === '') return failure('missing', 'The plugin bundle has no signature.');
  const signature = decodeSignature(text);
  if (!signature) return failure('malformed', `The plugin signature is not valid: expected the base64 encoding of a ${SIGNATURE_BYTES}-byte Ed25519 signature.`);
  if (keys.length === 0) return failure('no_trusted_keys', 'No public key is trusted to verify plugin signatures (PluginSettings.SignaturePublicKeyFiles is empty).');
  const data = typeof bundle === 'string' ? await readFile(bundle) : bundle;
  const keyIndex = keys.findIndex((key) => verify(null, data, key, signature));
  if (keyIndex >= 0) return { ok: true, keyIndex };
  return failure(
    'mismatch',
    'The plugin signature does not match any trusted public key: either the bundle was changed after it was signed, or it was signed with a key this server does not trust.',
  );
}

/** Reads an Ed25519 public key file (SPKI PEM); throws an Error naming the file when it is not one. */
export async function readPublicKeyFile(file: string): Promise<KeyObject> {
  return parsePublicKey(await readFile(file, 'utf8'), file);
}

/** Parses SPKI PEM text as an Ed25519 public key; `source` names it in the error. */
export function parsePublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`${source} is not a PEM public key (expected an Ed25519 key, "-----BEGIN PUBLIC KEY-----"; OpenPGP keys are not supported).`);
  }
  return checkedPublicKey(key, source);
}

function checkedPublicKey(key: KeyObject, source: string): KeyObject {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${source} is a ${key.asymmetricKeyType ?? key.type} ${key.type} key; plugin signatures need an Ed25519 public key.`);
  }
  return key;
}

function parsePrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`${source} is not a PEM private key (expected an Ed25519 key, "-----BEGIN PRIVATE KEY-----").`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source} is a ${key.asymmetricKeyType} key; plugin signatures need an Ed25519 private key.`);
  return key;
}

/** Whether `text` (a `.sig` file's content or a catalogue's `signature`) has the shape of a signature. */
export function isWellFormedSignature(text: string): boolean {
  return decodeSignature(text.trim()) !== undefined;
}

/** The raw signature, or undefined unless `text` is canonical base64 of exactly 64 bytes. */
function decodeSignature(text: string): Buffer | undefined {
  if (!BASE64.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === SIGNATURE_BYTES ? bytes : undefined;
}

function failure(reason: SignatureFailure, message: string): SignatureCheck {
  return { ok: false, reason, message };
}

/** How a server admin trusts `publicKeyFile` (shown after a key pair is made). */
export function trustInstructions(publicKeyFile: string): string {
  return [
    `Public key: ${publicKeyFile}`,
    'To trust it, copy it to the Parley server and list its path in PluginSettings.SignaturePublicKeyFiles',
    `(config.json: "PluginSettings": {"SignaturePublicKeyFiles": ["${publicKeyFile}"]},`,
    `or MM_PLUGINSETTINGS_SIGNATUREPUBLICKEYFILES="${publicKeyFile}"; several paths are separated by spaces).`,
  ].join('\n');
}
