// api.crypto through real plugins in the sandbox, on a real server and PostgreSQL: every operation
// checked against Node's own crypto (a GitHub webhook signature, an RSA-SHA1 signature for Jira, JWTs
// both ways, encryption round trips), and the attacks: another plugin's keys, altered tokens, forged
// and expired JWTs, oversized and malformed input, key material looked for in every answer and in the
// database, a stored key moved to another plugin, a plugin without the permission.
import { expect } from 'chai';
import { createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, randomBytes, sign, verify } from 'node:crypto';
import pg from 'pg';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { API_METHODS } from '../../sandbox/src/api-methods.ts';

const A = 'com.example.crypto';
const B = 'com.example.crypto-other';
const MANY = 'com.example.crypto-many';
const NONE = 'com.example.no-crypto';
// GitHub's documented example: this secret and body give this X-Hub-Signature-256.
const GITHUB_SECRET = "It's a Secret to Everybody";
const GITHUB_EXAMPLE = { body: 'Hello, World!', signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };

// /github checks a webhook as a GitHub plugin would; any other route runs one api.crypto call and
// answers what it returned, or the id of what it threw.
const SERVER = `
const WEBHOOK_SECRET = ${JSON.stringify(GITHUB_SECRET)};
export default (api) => ({
  async serveHttp(ctx, request) {
    if (request.path === '/github') {
      const expected = 'sha256=' + (await api.crypto.hmac('sha256', { secret: WEBHOOK_SECRET }, request.body));
      const valid = await api.crypto.timingSafeEqual(expected, request.headers['x-hub-signature-256'] ?? '');
      return { status: valid ? 200 : 401, body: valid ? 'accepted' : 'bad signature' };
    }
    const args = JSON.parse(request.body || '[]');
    try {
      return { body: JSON.stringify({ result: (await api.crypto[request.path.slice(1)](...args)) ?? null }) };
    } catch (err) {
      return { body: JSON.stringify({ error: err.id }) };
    }
  },
});`;

interface Answer {
  result?: unknown;
  error?: string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A JWT made by the test, with any header, signed with HMAC (`hash`) over `secret`. */
function testJwt(header: Record<string, unknown>, payload: unknown, secret: string, hash = 'sha256'): string {
  const signed = `${b64url(header)}.${b64url(payload)}`;
  return `${signed}.${createHmac(hash, secret).update(signed).digest('base64url')}`;
}

describe('plugin crypto (api.crypto)', () => {
  let ts: TestServer;
  let admin: Client4;
  let db: pg.Client;
  /** The text of every answer a plugin gave: no key's secret may appear in any. */
  const answers: string[] = [];

  const call = async (pluginId: string, method: string, ...args: unknown[]): Promise<Answer> => {
    const response = await fetch(`${ts.url}/plugins/${pluginId}/${method}`, { method: 'POST', body: JSON.stringify(args) });
    const text = await response.text();
    answers.push(text);
    return JSON.parse(text) as Answer;
  };
  const result = async (pluginId: string, method: string, ...args: unknown[]): Promise<unknown> => {
    const answer = await call(pluginId, method, ...args);
    expect(answer.error, `${method} ${JSON.stringify(args).slice(0, 200)}`).to.equal(undefined);
    return answer.result;
  };
  const error = async (pluginId: string, method: string, ...args: unknown[]): Promise<string | undefined> => (await call(pluginId, method, ...args)).error;
  const install = async (id: string, api: string[]) => {
    const bundle = pluginBundle({ id, server: SERVER, manifest: { permissions: { api } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, true);
    await admin.enablePlugin(id);
  };
  const keyRow = async (pluginId: string, name: string) =>
    (await db.query<{ type: string; material: Buffer; public_key: string | null }>('select type, material, public_key from plugin_keys where plugin_id = $1 and name = $2', [pluginId, name])).rows[0];

  /** Opens a stored key as the design says it is sealed, with nothing of the server's code: HKDF of the `systems` secret, AES-256-GCM. */
  const unseal = async (pluginId: string, name: string): Promise<Buffer> => {
    const row = await keyRow(pluginId, name);
    const secret = (await db.query<{ value: string }>(`select value from systems where name = 'PluginKeySecret'`)).rows[0].value;
    const sealingKey = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'hex'), Buffer.alloc(0), 'parley plugin key sealing', 32));
    const { material } = row;
    expect(material[0], 'version byte').to.equal(1);
    const decipher = createDecipheriv('aes-256-gcm', sealingKey, material.subarray(1, 13));
    decipher.setAAD(Buffer.concat([material.subarray(0, 1), Buffer.from(`plugin key\0${pluginId}\0${name}\0${row.type}`)]));
    decipher.setAuthTag(material.subarray(material.length - 16));
    return Buffer.concat([decipher.update(material.subarray(13, material.length - 16)), decipher.final()]);
  };

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true }, ServiceSettings: { MaximumPayloadSizeBytes: 8_000_000 } } });
    admin = (await createAdmin(ts)).client;
    db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    await install(A, ['crypto']);
    await install(B, ['crypto']);
    await install(MANY, ['crypto']);
    await install(NONE, ['kv']);
  });
  after(async () => {
    await db.end();
    await ts.close();
  });

  describe('operations, checked against Node', () => {
    it('hashes as Node does, from text, base64 and hex, into hex, base64 and base64url', async () => {
      const text = 'héllo wörld \u0000 ✓';
      for (const algorithm of ['sha1', 'sha256', 'sha512']) {
        expect(await result(A, 'hash', algorithm, text)).to.equal(createHash(algorithm).update(text, 'utf8').digest('hex'));
      }
      const binary = randomBytes(1000);
      const expected = createHash('sha256').update(binary);
      expect(await result(A, 'hash', 'sha256', binary.toString('base64'), { encoding: 'base64', output: 'base64' })).to.equal(expected.copy().digest('base64'));
      expect(await result(A, 'hash', 'sha256', binary.toString('base64url'), { encoding: 'base64', output: 'base64url' })).to.equal(expected.copy().digest('base64url'));
      expect(await result(A, 'hash', 'sha256', binary.toString('hex'), { encoding: 'hex' })).to.equal(expected.copy().digest('hex'));
      expect(await result(A, 'hash', 'sha256', '')).to.equal(createHash('sha256').digest('hex'));
    });

    it('computes HMAC-SHA1 and HMAC-SHA256 as Node does, with a secret in any encoding', async () => {
      const secret = randomBytes(40);
      expect(await result(A, 'hmac', 'sha1', { secret: 'webhook secret' }, 'payload')).to.equal(createHmac('sha1', 'webhook secret').update('payload').digest('hex'));
      expect(await result(A, 'hmac', 'sha256', { secret: secret.toString('hex'), encoding: 'hex' }, 'payload', { output: 'base64' })).to.equal(
        createHmac('sha256', secret).update('payload').digest('base64'),
      );
      expect(await result(A, 'hmac', 'sha256', { secret: secret.toString('base64'), encoding: 'base64' }, 'payload')).to.equal(createHmac('sha256', secret).update('payload').digest('hex'));
    });

    it('checks GitHub webhook signatures with hmac and timingSafeEqual: GitHub\'s own example, one the test computes, and refuses altered ones', async () => {
      const deliver = (body: string, signature?: string) =>
        fetch(`${ts.url}/plugins/${A}/github`, { method: 'POST', body, headers: signature === undefined ? {} : { 'X-Hub-Signature-256': signature } });
      expect((await deliver(GITHUB_EXAMPLE.body, GITHUB_EXAMPLE.signature)).status).to.equal(200);
      const body = JSON.stringify({ action: 'opened', pull_request: { title: 'Crypto ✓', number: 13 } });
      const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`;
      expect((await deliver(body, signature)).status).to.equal(200);
      expect((await deliver(body.replace('13', '14'), signature)).status).to.equal(401);
      expect((await deliver(body, signature.slice(0, -1))).status).to.equal(401);
      expect((await deliver(body, `sha256=${createHmac('sha256', 'another secret').update(body).digest('hex')}`)).status).to.equal(401);
      expect((await deliver(body)).status).to.equal(401);
    });

    it('answers timingSafeEqual by content only, and refuses text two different strings would both be written as', async () => {
      expect(await result(A, 'timingSafeEqual', 'sha256=abc', 'sha256=abc')).to.equal(true);
      expect(await result(A, 'timingSafeEqual', 'sha256=abc', 'sha256=abd')).to.equal(false);
      expect(await result(A, 'timingSafeEqual', 'sha256=abc', 'sha256=abcd')).to.equal(false);
      expect(await result(A, 'timingSafeEqual', '', '')).to.equal(true);
      // Both lone surrogates would be U+FFFD as UTF-8, and compare equal.
      expect(await error(A, 'timingSafeEqual', '\ud800', '\ud801')).to.equal('plugin.api.invalid_arguments');
    });

    it('generates keys and answers their names, types, times and public keys, never their secret', async () => {
      const before = Date.now();
      const aes = (await result(A, 'generateKey', 'tokens', 'aes-256-gcm')) as Record<string, unknown>;
      const hmac = (await result(A, 'generateKey', 'webhooks', 'hmac-sha256')) as Record<string, unknown>;
      const rsa = (await result(A, 'generateKey', 'jira-oauth', 'rsa-2048')) as Record<string, unknown>;
      expect(Object.keys(aes).sort()).to.deep.equal(['create_at', 'name', 'type']);
      expect(aes).to.include({ name: 'tokens', type: 'aes-256-gcm' });
      expect(aes.create_at).to.be.within(before, Date.now());
      expect(Object.keys(hmac).sort()).to.deep.equal(['create_at', 'name', 'type']);
      expect(Object.keys(rsa).sort()).to.deep.equal(['create_at', 'name', 'public_key', 'type']);
      const publicKey = createPublicKey(rsa.public_key as string);
      expect(rsa.public_key).to.match(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(publicKey.type).to.equal('public');
      expect(publicKey.asymmetricKeyDetails?.modulusLength).to.equal(2048);
      expect(await result(A, 'publicKey', 'jira-oauth')).to.equal(rsa.public_key);
      expect(await result(A, 'listKeys')).to.deep.equal([rsa, aes, hmac]);
    });

    it('signs with RSA-SHA1 and RSA-SHA256 what Node verifies with the public key it answered (OAuth 1.0a for Jira)', async () => {
      const publicKey = (await result(A, 'publicKey', 'jira-oauth')) as string;
      const baseString = 'GET&https%3A%2F%2Fjira.example.com%2Frest%2Fapi%2F2%2Fmyself&oauth_consumer_key%3Dmattermost%26oauth_nonce%3Dabc%26oauth_signature_method%3DRSA-SHA1';
      const sha1 = (await result(A, 'sign', 'jira-oauth', baseString, 'RSA-SHA1')) as string;
      expect(verify('sha1', Buffer.from(baseString), publicKey, Buffer.from(sha1, 'base64'))).to.equal(true);
      expect(verify('sha1', Buffer.from(`${baseString}x`), publicKey, Buffer.from(sha1, 'base64'))).to.equal(false);
      const sha256 = (await result(A, 'sign', 'jira-oauth', 'payload', 'RSA-SHA256', { output: 'hex' })) as string;
      expect(verify('sha256', Buffer.from('payload'), publicKey, Buffer.from(sha256, 'hex'))).to.equal(true);
      // PKCS#1 v1.5 is deterministic: the same input signs the same.
      expect(await result(A, 'sign', 'jira-oauth', baseString, 'RSA-SHA1')).to.equal(sha1);
      expect(await result(A, 'verify', publicKey, baseString, sha1, 'RSA-SHA1')).to.equal(true);
    });

    it('verifies signatures Node makes, and answers false for altered data or signatures', async () => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const pkcs1 = pair.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
      const signature = sign('sha256', Buffer.from('data'), pair.privateKey);
      expect(await result(A, 'verify', pem, 'data', signature.toString('base64'), 'RSA-SHA256')).to.equal(true);
      expect(await result(A, 'verify', pkcs1, 'data', signature.toString('hex'), 'RSA-SHA256', { signatureEncoding: 'hex' })).to.equal(true);
      expect(await result(A, 'verify', pem, Buffer.from('data').toString('base64'), signature.toString('base64url'), 'RSA-SHA256', { encoding: 'base64' })).to.equal(true);
      expect(await result(A, 'verify', pem, 'data!', signature.toString('base64'), 'RSA-SHA256')).to.equal(false);
      expect(await result(A, 'verify', pem, 'data', signature.toString('base64'), 'RSA-SHA1')).to.equal(false);
      const altered = Buffer.from(signature);
      altered[100] ^= 1;
      expect(await result(A, 'verify', pem, 'data', altered.toString('base64'), 'RSA-SHA256')).to.equal(false);
      expect(await result(A, 'verify', pem, 'data', '!!not base64!!', 'RSA-SHA256')).to.equal(false);
    });

    it('refuses to verify with anything but an RSA public key of 2048 to 8192 bits in PEM', async () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const refused = [
        rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }),
        weak.publicKey.export({ type: 'spki', format: 'pem' }),
        ec.publicKey.export({ type: 'spki', format: 'pem' }),
        '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n',
        '',
      ];
      for (const key of refused) expect(await error(A, 'verify', key, 'data', 'AAAA', 'RSA-SHA256'), String(key).slice(0, 40)).to.equal('plugin.api.invalid_arguments');
    });

    it('encrypts with a fresh nonce each time and decrypts back, as text or bytes, bound to its associated data', async () => {
      const first = (await result(A, 'encrypt', 'tokens', 'gho_secret token ✓')) as string;
      const second = (await result(A, 'encrypt', 'tokens', 'gho_secret token ✓')) as string;
      expect(first).to.match(/^[A-Za-z0-9_-]+$/);
      expect(first).to.not.equal(second);
      expect(Buffer.from(first, 'base64url')[0], 'version byte').to.equal(1);
      expect(Buffer.from(first, 'base64url').length).to.equal(1 + 12 + Buffer.byteLength('gho_secret token ✓') + 16);
      expect(await result(A, 'decrypt', 'tokens', first)).to.equal('gho_secret token ✓');
      expect(await result(A, 'decrypt', 'tokens', second)).to.equal('gho_secret token ✓');

      const binary = randomBytes(300);
      const token = (await result(A, 'encrypt', 'tokens', binary.toString('hex'), { encoding: 'hex' })) as string;
      expect(await result(A, 'decrypt', 'tokens', token, { encoding: 'base64' })).to.equal(binary.toString('base64'));
      expect(await error(A, 'decrypt', 'tokens', token)).to.equal('plugin.crypto.not_utf8');

      const bound = (await result(A, 'encrypt', 'tokens', 'oauth token', { associatedData: 'user-1' })) as string;
      expect(await result(A, 'decrypt', 'tokens', bound, { associatedData: 'user-1' })).to.equal('oauth token');
      expect(await error(A, 'decrypt', 'tokens', bound, { associatedData: 'user-2' })).to.equal('plugin.crypto.bad_token');
      expect(await error(A, 'decrypt', 'tokens', bound)).to.equal('plugin.crypto.bad_token');
    });

    it('signs HS256 JWTs that Node checks, and verifies the JWTs the test makes', async () => {
      const secret = 'shared with the calls service';
      const token = (await result(A, 'jwtSign', { sub: 'user-1', call: 'c1' }, { secret }, { expiresInSeconds: 300 })) as string;
      const [header, payload, signature] = token.split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
      expect(signature).to.equal(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, number>;
      expect(claims).to.include({ sub: 'user-1', call: 'c1' });
      expect(claims.iat).to.be.within(nowSeconds() - 5, nowSeconds());
      expect(claims.exp).to.equal(claims.iat + 300);
      expect(await result(A, 'jwtVerify', token, { secret })).to.deep.equal(claims);

      const made = testJwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'x', exp: nowSeconds() + 60, nbf: nowSeconds() - 1 }, secret);
      expect(await result(A, 'jwtVerify', made, { secret })).to.include({ sub: 'x' });
      // Within the 30 s allowed for clocks that differ.
      expect(await result(A, 'jwtVerify', testJwt({ alg: 'HS256' }, { exp: nowSeconds() - 10 }, secret), { secret })).to.be.an('object');

      await result(A, 'generateKey', 'jwt', 'hmac-sha256');
      const named = (await result(A, 'jwtSign', { sub: 'y' }, { name: 'jwt' })) as string;
      expect(await result(A, 'jwtVerify', named, { name: 'jwt' })).to.include({ sub: 'y' });
      expect(await error(A, 'jwtVerify', named, { secret })).to.equal('plugin.crypto.jwt_invalid');
    });
  });

  describe('hostile plugins and input', () => {
    it('refuses JWTs of alg none or any algorithm but HS256, with a wrong key, a crit header or a signature spelt differently', async () => {
      const secret = 'the real secret';
      const claims = { sub: 'admin', exp: nowSeconds() + 600 };
      const forged = [
        `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`,
        `${b64url({ alg: 'none' })}.${b64url(claims)}`,
        testJwt({ alg: 'HS512' }, claims, secret, 'sha512'),
        testJwt({ alg: 'hs256' }, claims, secret),
        testJwt({ alg: 'RS256' }, claims, secret),
        testJwt({ typ: 'JWT' }, claims, secret),
        testJwt({ alg: 'HS256' }, claims, 'a guessed secret'),
        testJwt({ alg: 'HS256', crit: ['exp'] }, claims, secret),
        testJwt({ alg: 'HS256' }, ['not', 'an', 'object'], secret),
        testJwt({ alg: 'HS256' }, { exp: 'tomorrow' }, secret),
        testJwt({ alg: 'HS256' }, { nbf: nowSeconds() + 600 }, secret),
        'not.a.jwt!',
        'a.b.c.d',
      ];
      for (const token of forged) expect(await error(A, 'jwtVerify', token, { secret }), token).to.equal('plugin.crypto.jwt_invalid');
      // The same signature bytes, written with other unused bits in the last base64url character.
      const valid = testJwt({ alg: 'HS256' }, claims, secret);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const respelt = valid.slice(0, -1) + alphabet[alphabet.indexOf(valid.at(-1)!) ^ 1];
      expect(Buffer.from(respelt.split('.')[2], 'base64url')).to.deep.equal(Buffer.from(valid.split('.')[2], 'base64url'));
      expect(await error(A, 'jwtVerify', respelt, { secret })).to.equal('plugin.crypto.jwt_invalid');
      expect(await result(A, 'jwtVerify', valid, { secret })).to.deep.equal(claims);
    });

    it('refuses an expired JWT, and says invalid rather than expired when its signature is wrong too', async () => {
      const secret = 'the real secret';
      const expired = { sub: 'u', exp: nowSeconds() - 120 };
      expect(await error(A, 'jwtVerify', testJwt({ alg: 'HS256' }, expired, secret), { secret })).to.equal('plugin.crypto.jwt_expired');
      expect(await error(A, 'jwtVerify', testJwt({ alg: 'HS256' }, expired, 'wrong'), { secret })).to.equal('plugin.crypto.jwt_invalid');
    });

    it('refuses altered, truncated, re-versioned or foreign tokens with plugin.crypto.bad_token', async () => {
      await result(A, 'generateKey', 'other-tokens', 'aes-256-gcm');
      const token = Buffer.from((await result(A, 'encrypt', 'tokens', 'the plaintext')) as string, 'base64url');
      const flipped = (index: number) => {
        const copy = Buffer.from(token);
        copy[index] ^= 0x01;
        return copy.toString('base64url');
      };
      // The version byte, the nonce, the ciphertext and the tag.
      for (const index of [0, 1, 12, 13, 20, token.length - 16, token.length - 1]) expect(await error(A, 'decrypt', 'tokens', flipped(index)), `byte ${index}`).to.equal('plugin.crypto.bad_token');
      for (const bad of [token.subarray(0, token.length - 1).toString('base64url'), token.subarray(0, 20).toString('base64url'), '', '***', Buffer.concat([token, Buffer.of(0)]).toString('base64url')]) {
        expect(await error(A, 'decrypt', 'tokens', bad), bad).to.equal('plugin.crypto.bad_token');
      }
      expect(await error(A, 'decrypt', 'other-tokens', token.toString('base64url'))).to.equal('plugin.crypto.bad_token');
      expect(await result(A, 'decrypt', 'tokens', token.toString('base64'))).to.equal('the plaintext');
    });

    it('keeps each plugin\'s keys its own: another plugin can neither see nor use a key of the same name', async () => {
      const token = (await result(A, 'encrypt', 'tokens', 'for A only')) as string;
      const names = (keys: unknown) => (keys as Array<{ name: string }>).map((key) => key.name);
      expect(names(await result(B, 'listKeys'))).to.not.include('tokens');
      expect(await error(B, 'decrypt', 'tokens', token)).to.equal('plugin.crypto.key_not_found');
      expect(await error(B, 'encrypt', 'tokens', 'x')).to.equal('plugin.crypto.key_not_found');
      expect(await error(B, 'publicKey', 'jira-oauth')).to.equal('plugin.crypto.key_not_found');
      expect(await error(B, 'sign', 'jira-oauth', 'x', 'RSA-SHA1')).to.equal('plugin.crypto.key_not_found');
      expect(await error(B, 'hmac', 'sha256', { name: 'webhooks' }, 'x')).to.equal('plugin.crypto.key_not_found');
      expect(await error(B, 'jwtSign', {}, { name: 'jwt' })).to.equal('plugin.crypto.key_not_found');
      expect(await result(B, 'deleteKey', 'tokens')).to.equal(false);
      expect(await result(A, 'decrypt', 'tokens', token)).to.equal('for A only');

      // B's own key of the same name is another key.
      await result(B, 'generateKey', 'tokens', 'aes-256-gcm');
      await result(B, 'generateKey', 'webhooks', 'hmac-sha256');
      expect(await error(B, 'decrypt', 'tokens', token)).to.equal('plugin.crypto.bad_token');
      expect(await result(B, 'hmac', 'sha256', { name: 'webhooks' }, 'x')).to.not.equal(await result(A, 'hmac', 'sha256', { name: 'webhooks' }, 'x'));
      expect(names(await result(B, 'listKeys'))).to.deep.equal(['tokens', 'webhooks']);
      expect(names(await result(A, 'listKeys'))).to.include.members(['tokens', 'webhooks', 'jira-oauth']);
    });

    it('refuses a name in use unless asked to replace it, and a key of another type than the operation needs', async () => {
      await result(A, 'generateKey', 'rotating', 'aes-256-gcm');
      const token = (await result(A, 'encrypt', 'rotating', 'old')) as string;
      expect(await error(A, 'generateKey', 'rotating', 'aes-256-gcm')).to.equal('plugin.crypto.key_exists');
      expect(await error(A, 'generateKey', 'rotating', 'hmac-sha256')).to.equal('plugin.crypto.key_exists');
      expect(await result(A, 'decrypt', 'rotating', token)).to.equal('old');
      await result(A, 'generateKey', 'rotating', 'aes-256-gcm', { replace: true });
      expect(await error(A, 'decrypt', 'rotating', token)).to.equal('plugin.crypto.bad_token');

      expect(await error(A, 'encrypt', 'webhooks', 'x')).to.equal('plugin.crypto.wrong_key_type');
      expect(await error(A, 'decrypt', 'jira-oauth', token)).to.equal('plugin.crypto.wrong_key_type');
      expect(await error(A, 'sign', 'tokens', 'x', 'RSA-SHA256')).to.equal('plugin.crypto.wrong_key_type');
      expect(await error(A, 'hmac', 'sha256', { name: 'tokens' }, 'x')).to.equal('plugin.crypto.wrong_key_type');
      expect(await error(A, 'hmac', 'sha1', { name: 'webhooks' }, 'x')).to.equal('plugin.crypto.wrong_key_type');
      expect(await error(A, 'jwtSign', {}, { name: 'jira-oauth' })).to.equal('plugin.crypto.wrong_key_type');
      expect(await error(A, 'publicKey', 'tokens')).to.equal('plugin.crypto.wrong_key_type');

      expect(await result(A, 'deleteKey', 'rotating')).to.equal(true);
      expect(await result(A, 'deleteKey', 'rotating')).to.equal(false);
      expect(await error(A, 'encrypt', 'rotating', 'x')).to.equal('plugin.crypto.key_not_found');
    });

    it('keeps at most 100 keys per plugin, however many calls race for the last ones, while replacing one still works', async () => {
      for (let batch = 0; batch < 9; batch++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => result(MANY, 'generateKey', `k${batch * 10 + i}`, i % 2 ? 'hmac-sha256' : 'aes-256-gcm')));
      }
      await Promise.all(Array.from({ length: 5 }, (_, i) => result(MANY, 'generateKey', `k${90 + i}`, 'aes-256-gcm')));
      // 95 keys: of ten new names asked for at once, five get in.
      const racing = await Promise.all(Array.from({ length: 10 }, (_, i) => call(MANY, 'generateKey', `racer${i}`, 'aes-256-gcm')));
      expect(racing.filter((answer) => answer.error === undefined)).to.have.length(5);
      expect(racing.filter((answer) => answer.error === 'plugin.crypto.too_many_keys')).to.have.length(5);
      expect(await error(MANY, 'generateKey', 'one-more', 'aes-256-gcm')).to.equal('plugin.crypto.too_many_keys');
      await result(MANY, 'generateKey', 'k0', 'hmac-sha256', { replace: true });
      expect(await result(MANY, 'deleteKey', 'k1')).to.equal(true);
      await result(MANY, 'generateKey', 'one-more', 'aes-256-gcm');
      expect((await result(MANY, 'listKeys')) as unknown[]).to.have.length(100);
    });

    it('bounds RSA key generation to 2 a second per plugin', async () => {
      // 8 at once: even a burst that straddles two one-second windows gets at most 2 + 2 through.
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => call(B, 'generateKey', `burst${i}`, 'rsa-2048')));
      const refused = answers.filter((answer) => answer.error === 'plugin.api.rate_limited').length;
      expect(refused, JSON.stringify(answers.map((answer) => answer.error))).to.be.at.least(4);
      expect(answers.filter((answer) => answer.error === undefined).length).to.equal(8 - refused);
    });

    it('refuses oversized input with plugin.api.invalid_arguments', async () => {
      // 1 MiB + 2 bytes of UTF-8 in fewer than 350,000 characters: under the sandbox's bound, over api.crypto's.
      const tooLong = '€'.repeat(349_526);
      expect(await error(A, 'hash', 'sha256', tooLong)).to.equal('plugin.api.invalid_arguments');
      expect(await error(A, 'hmac', 'sha256', { secret: 'k' }, tooLong)).to.equal('plugin.api.invalid_arguments');
      expect(await error(A, 'sign', 'jira-oauth', tooLong, 'RSA-SHA1')).to.equal('plugin.api.invalid_arguments');
      expect(await error(A, 'timingSafeEqual', tooLong, 'x')).to.equal('plugin.api.invalid_arguments');
      expect(await result(A, 'hash', 'sha256', '€'.repeat(349_525))).to.have.length(64);
      expect(await error(A, 'encrypt', 'tokens', randomBytes(512 * 1024 + 1).toString('base64'), { encoding: 'base64' })).to.equal('plugin.api.invalid_arguments');
      expect(await result(A, 'encrypt', 'tokens', randomBytes(512 * 1024).toString('base64'), { encoding: 'base64' })).to.be.a('string');
      expect(await error(A, 'hmac', 'sha256', { secret: 'k'.repeat(4097) }, 'x')).to.equal('plugin.api.invalid_arguments');
      expect(await error(A, 'jwtSign', { blob: 'x'.repeat(64 * 1024) }, { secret: 'k' })).to.equal('plugin.api.invalid_arguments');
      expect(await error(A, 'jwtVerify', 'x'.repeat(128 * 1024 + 1), { secret: 'k' })).to.equal('plugin.api.invalid_arguments');
      expect(await error(A, 'encrypt', 'tokens', 'x', { associatedData: 'a'.repeat(1025) })).to.equal('plugin.api.invalid_arguments');
      let deep: unknown = 'bottom';
      for (let i = 0; i < 100; i++) deep = { deep };
      expect(await error(A, 'jwtSign', { deep }, { secret: 'k' })).to.equal('plugin.api.invalid_arguments');
    });

    it('refuses malformed arguments with plugin.api.invalid_arguments', async () => {
      const refused: Array<[string, unknown[]]> = [
        ['generateKey', ['', 'aes-256-gcm']],
        ['generateKey', ['x'.repeat(65), 'aes-256-gcm']],
        ['generateKey', ['a/b', 'aes-256-gcm']],
        ['generateKey', ['a b', 'aes-256-gcm']],
        ['generateKey', ['ok', 'rsa-1024']],
        ['generateKey', ['ok', 'aes-256-gcm', { replce: true }]],
        ['generateKey', ['ok', 'aes-256-gcm', { replace: 'yes' }]],
        ['hash', ['md5', 'x']],
        ['hash', ['sha256', 42]],
        ['hash', ['sha256', 'abc', { encoding: 'hex' }]],
        ['hash', ['sha256', 'zz', { encoding: 'hex' }]],
        ['hash', ['sha256', 'ab!c', { encoding: 'base64' }]],
        ['hash', ['sha256', 'abcde', { encoding: 'base64' }]],
        ['hash', ['sha256', 'x', { output: 'latin1' }]],
        ['hash', ['sha256', 'x', { encodig: 'hex' }]],
        ['hash', ['sha256', 'lone \ud800 surrogate']],
        ['hmac', ['sha512', { secret: 'k' }, 'x']],
        ['hmac', ['sha256', { secret: '' }, 'x']],
        ['hmac', ['sha256', { secret: 'k', name: 'webhooks' }, 'x']],
        ['hmac', ['sha256', { name: 'webhooks', encoding: 'hex' }, 'x']],
        ['hmac', ['sha256', 'k', 'x']],
        ['encrypt', ['tokens', 'x', { associatedData: 5 }]],
        ['decrypt', ['tokens', 5]],
        ['sign', ['jira-oauth', 'x', 'RSA-MD5']],
        ['jwtSign', [{ exp: 'soon' }, { secret: 'k' }]],
        ['jwtSign', [{ exp: nowSeconds() }, { secret: 'k' }, { expiresInSeconds: 60 }]],
        ['jwtSign', [{}, { secret: 'k' }, { expiresInSeconds: 0 }]],
        ['jwtSign', [['array'], { secret: 'k' }]],
        ['jwtVerify', ['', { secret: 'k' }]],
      ];
      for (const [method, args] of refused) expect(await error(A, method, ...args), `${method} ${JSON.stringify(args)}`).to.equal('plugin.api.invalid_arguments');
    });

    it('refuses every crypto method to a plugin whose manifest does not ask for "crypto"', async () => {
      const methods = API_METHODS.filter((method) => method.startsWith('crypto.')).map((method) => method.slice('crypto.'.length));
      expect(methods).to.have.length(13);
      for (const method of methods) expect(await error(NONE, method, 'tokens', 'x'), method).to.equal('plugin.api.permission_denied');
    });
  });

  describe('storage', () => {
    it('stores the secret of every key only sealed under the server secret, and returns it in no answer', async () => {
      const rows = (await db.query<{ name: string; type: string; material: Buffer; public_key: string | null }>('select name, type, material, public_key from plugin_keys where plugin_id = $1', [A])).rows;
      expect(rows.map((row) => row.name)).to.include.members(['tokens', 'webhooks', 'jira-oauth']);
      const everything = answers.join('\n');
      for (const row of rows) {
        const secret = await unseal(A, row.name);
        expect(row.material.includes(secret), row.name).to.equal(false);
        for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(everything.includes(secret.toString(encoding)), `${row.name} as ${encoding}`).to.equal(false);
        if (row.type === 'rsa-2048') {
          const privateKey = createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' });
          expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).to.equal(row.public_key);
          expect(everything.includes(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)).to.equal(false);
          // The private key's own parts (its modulus above all) appear nowhere in the stored bytes.
          const modulus = Buffer.from(privateKey.export({ format: 'jwk' }).n!, 'base64url');
          expect(row.material.includes(modulus.subarray(0, 32))).to.equal(false);
        } else {
          expect(secret).to.have.length(32);
          expect(row.material).to.have.length(1 + 12 + 32 + 16);
          expect(row.public_key).to.equal(null);
        }
      }
      // The stored HMAC key is the one the plugin's HMACs use.
      expect(await result(A, 'hmac', 'sha256', { name: 'webhooks' }, 'payload')).to.equal(createHmac('sha256', await unseal(A, 'webhooks')).update('payload').digest('hex'));
      const jwt = (await result(A, 'jwtSign', { sub: 'z' }, { name: 'jwt' })) as string;
      const [header, payload, signature] = jwt.split('.');
      expect(signature).to.equal(createHmac('sha256', await unseal(A, 'jwt')).update(`${header}.${payload}`).digest('base64url'));
    });

    it('refuses a sealed key copied onto another plugin\'s or another name\'s row in the database', async () => {
      const stolen = await keyRow(A, 'webhooks');
      await db.query(`update plugin_keys set material = $1 where plugin_id = $2 and name = 'webhooks'`, [stolen.material, B]);
      expect(await error(B, 'hmac', 'sha256', { name: 'webhooks' }, 'x')).to.equal('plugin.crypto.key_unreadable');
      await db.query(`insert into plugin_keys (plugin_id, name, type, material, public_key, create_at) values ($1, 'renamed', 'hmac-sha256', $2, null, 0)`, [A, stolen.material]);
      expect(await error(A, 'hmac', 'sha256', { name: 'renamed' }, 'x')).to.equal('plugin.crypto.key_unreadable');
      expect(await result(A, 'deleteKey', 'renamed')).to.equal(true);
    });

    it('keeps a plugin\'s keys when it is removed, and deletes them when it is removed with its data', async () => {
      const count = async (pluginId: string) => (await db.query<{ n: number }>('select count(*)::int as n from plugin_keys where plugin_id = $1', [pluginId])).rows[0].n;
      const remove = (pluginId: string, query: string) => fetch(`${ts.url}/api/v4/plugins/${pluginId}${query}`, { method: 'DELETE', headers: { Authorization: `Bearer ${admin.getToken()}` } });
      const token = (await result(A, 'encrypt', 'tokens', 'survives a reinstall')) as string;
      const keptA = await count(A);
      expect((await remove(A, '')).status).to.equal(200);
      expect(await count(A)).to.equal(keptA);
      await install(A, ['crypto']);
      expect(await result(A, 'decrypt', 'tokens', token)).to.equal('survives a reinstall');

      expect(await count(MANY)).to.equal(100);
      expect((await remove(MANY, '?remove_data=true')).status).to.equal(200);
      expect(await count(MANY)).to.equal(0);
      expect(await count(A)).to.equal(keptA);
    });
  });
});
