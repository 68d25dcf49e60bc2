import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pluginBundle } from '../../test/helpers/plugin-bundles.ts';
import { generateSigningKeyPair, readPublicKeyFile, signBundle, signBundleData, verifyBundleSignature } from '../src/index.ts';
import { keyPair, tempFolder } from './fixtures.ts';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to be rejected');
}

describe('marketplace signing', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const bundle = pluginBundle({ id: 'com.example.signed' });
  const signer = keyPair();
  const signature = signBundleData(bundle, signer.privateKey);

  beforeEach(async () => {
    folder = await tempFolder();
  });
  afterEach(async () => {
    await folder.remove();
  });

  it('writes a PEM key pair with a private key only its owner can read', async () => {
    const files = await generateSigningKeyPair(path.join(folder.dir, 'keys'), 'release');
    expect(files.publicKeyFile).to.equal(path.join(folder.dir, 'keys', 'release.pub'));
    expect(await readFile(files.publicKeyFile, 'utf8')).to.match(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(await readFile(files.privateKeyFile, 'utf8')).to.match(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await stat(files.privateKeyFile)).mode & 0o777).to.equal(0o600);
    expect((await readPublicKeyFile(files.publicKeyFile)).asymmetricKeyType).to.equal('ed25519');
  });

  it('refuses to overwrite an existing key pair', async () => {
    const files = await generateSigningKeyPair(folder.dir);
    const before = await readFile(files.privateKeyFile, 'utf8');
    expect(((await rejection(generateSigningKeyPair(folder.dir))) as NodeJS.ErrnoException).code).to.equal('EEXIST');
    expect(await readFile(files.privateKeyFile, 'utf8')).to.equal(before);
  });

  it('signs a bundle file into one line of base64 beside it that its public key verifies', async () => {
    const files = await generateSigningKeyPair(folder.dir);
    const bundleFile = path.join(folder.dir, 'com.example.signed-1.0.0.tar.gz');
    await writeFile(bundleFile, bundle);
    const written = await signBundle(bundleFile, files.privateKeyFile);
    const sig = await readFile(`${bundleFile}.sig`, 'utf8');
    expect(sig).to.equal(`${written}\n`);
    expect(Buffer.from(written, 'base64')).to.have.length(64);
    expect(await verifyBundleSignature(bundleFile, sig, [await readFile(files.publicKeyFile, 'utf8')])).to.deep.equal({ ok: true, keyIndex: 0 });
  });

  it('accepts a good signature on the bundle bytes', async () => {
    expect(await verifyBundleSignature(bundle, signature, [signer.publicKey])).to.deep.equal({ ok: true, keyIndex: 0 });
  });

  it('reports a mismatch when one byte of the bundle changed after signing', async () => {
    const tampered = Buffer.from(bundle);
    tampered[tampered.length - 10] ^= 0x01;
    const check = await verifyBundleSignature(tampered, signature, [signer.publicKey]);
    expect(check).to.include({ ok: false, reason: 'mismatch' });
  });

  it('reports a mismatch when one bit of the signature changed', async () => {
    const raw = Buffer.from(signature, 'base64');
    raw[5] ^= 0x01;
    const check = await verifyBundleSignature(bundle, raw.toString('base64'), [signer.publicKey]);
    expect(check).to.include({ ok: false, reason: 'mismatch' });
  });

  it('reports a mismatch that names both causes when the signing key is not trusted', async () => {
    const check = await verifyBundleSignature(bundle, signature, [keyPair().publicKey]);
    expect(check).to.include({ ok: false, reason: 'mismatch' });
    expect(check.ok ? '' : check.message).to.match(/does not match any trusted public key.*changed after it was signed.*not trust/);
  });

  it('reports a missing signature when there is none', async () => {
    for (const absent of [undefined, '', ' \n']) {
      expect(await verifyBundleSignature(bundle, absent, [signer.publicKey])).to.include({ ok: false, reason: 'missing' });
    }
  });

  it('reports a malformed signature when it is not base64 of 64 bytes', async () => {
    const cases = ['not base64!', Buffer.alloc(63).toString('base64'), Buffer.alloc(65).toString('base64'), signature.replace(/=+$/, ''), `${signature}AAAA`];
    for (const bad of cases) {
      expect(await verifyBundleSignature(bundle, bad, [signer.publicKey]), bad).to.include({ ok: false, reason: 'malformed' });
    }
  });

  it('says which of two trusted keys verified the bundle', async () => {
    const other = keyPair();
    const pem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await verifyBundleSignature(bundle, signature, [pem, signer.publicKey])).to.deep.equal({ ok: true, keyIndex: 1 });
    expect(await verifyBundleSignature(bundle, signBundleData(bundle, other.privateKey), [pem, signer.publicKey])).to.deep.equal({ ok: true, keyIndex: 0 });
  });

  it('reports no trusted keys when the list is empty', async () => {
    expect(await verifyBundleSignature(bundle, signature, [])).to.include({ ok: false, reason: 'no_trusted_keys' });
  });

  it('throws on a trusted key that is not an Ed25519 public key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await rejection(verifyBundleSignature(bundle, signature, [rsa]))).message).to.match(/rsa public key; plugin signatures need an Ed25519 public key/);
    const pgp = '-----BEGIN PGP PUBLIC KEY BLOCK-----\nxyz\n';
    expect((await rejection(verifyBundleSignature(bundle, signature, [pgp]))).message).to.match(/not a PEM public key.*OpenPGP keys are not supported/);
  });
});
