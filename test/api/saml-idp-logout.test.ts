// Single logout started by the SAML IdP: a LogoutRequest on /logout (HTTP-Redirect) ends the Parley
// sessions of its NameID and is answered with a LogoutResponse signed with the SP key; an unsigned
// request or one signed with another key is refused and ends nothing. Against the loopback test IdP.
import { expect } from 'chai';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { SamlIdp, samlFixture } from '../helpers/saml-idp.ts';

const SP_ENTITY = 'https://parley.example.com/saml';

describe('SAML single logout started by the IdP', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let idp: SamlIdp;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    idp = await SamlIdp.start();
    const pem = (text: string, name: string) => new File([text], name, { type: 'application/x-x509-ca-cert' });
    await admin.client.uploadIdpSamlCertificate(pem(idp.cert, 'idp.crt'));
    await admin.client.uploadPublicSamlCertificate(pem(samlFixture('sp.crt'), 'sp.crt'));
    await admin.client.uploadPrivateSamlCertificate(pem(samlFixture('sp.key'), 'sp.key'));
    ts.config.patch({ SamlSettings: idp.settings(SP_ENTITY) });
  });

  after(async () => {
    await idp?.close();
    await ts?.close();
  });

  /** Signs someone in through SAML; returns their NameID and session token. */
  async function signIn(): Promise<{ nameId: string; token: string }> {
    const name = uniqueName('slo');
    const nameId = `${name}@corp.example.com`;
    const begun = await fetch(`${ts.url}/login/sso/saml`, { redirect: 'manual' });
    const request = await idp.receive(begun.headers.get('location') ?? '');
    const samlResponse = await idp.response(request, { audience: SP_ENTITY, nameId, attributes: { objectId: `obj-${name}`, mail: nameId, uid: name } });
    const posted = await fetch(`${ts.url}/login/sso/saml`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlResponse }).toString() });
    const token = /MMAUTHTOKEN=([^;]+)/.exec(posted.headers.getSetCookie().join('\n'))?.[1] ?? '';
    expect(token, 'signed in').to.not.equal('');
    return { nameId, token };
  }

  function clientWith(token: string) {
    const client = ts.client();
    client.setToken(token);
    return client;
  }

  async function sendLogout(url: string): Promise<URL> {
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).to.equal(302);
    return new URL(res.headers.get('location') ?? '', ts.url);
  }

  it('ends the sessions of the NameID and answers a LogoutResponse signed with the SP key', async () => {
    const { nameId, token } = await signIn();
    const other = await signIn();
    const { url, requestId } = idp.logoutRequestUrl(`${ts.url}/logout`, { nameId, relayState: 'back-to-idp' });
    const answer = await sendLogout(url);

    expect(`${answer.origin}${answer.pathname}`).to.equal(idp.ssoUrl);
    expect(answer.searchParams.get('RelayState')).to.equal('back-to-idp');
    const signedPart = answer.search.slice(1).split('&').filter((p) => !p.startsWith('Signature=')).join('&');
    // SigAlg names the algorithm (…#rsa-sha1 by Mattermost's default SignatureAlgorithm).
    const algorithm = (answer.searchParams.get('SigAlg') ?? '').replace(/.*#/, '').toUpperCase();
    const signatureValid = createVerify(algorithm).update(signedPart).verify(samlFixture('sp.crt'), answer.searchParams.get('Signature') ?? '', 'base64');
    expect(signatureValid, 'the LogoutResponse is signed with the SP key').to.equal(true);
    const xml = inflateRawSync(Buffer.from(answer.searchParams.get('SAMLResponse') ?? '', 'base64')).toString('utf8');
    expect(xml).to.include(`InResponseTo="${requestId}"`).and.include('urn:oasis:names:tc:SAML:2.0:status:Success');

    await expectClientError(clientWith(token).getMe(), 401, 'api.context.session_expired.app_error');
    expect((await clientWith(other.token).getMe()).email, 'someone else stays signed in').to.equal(other.nameId);
  });

  it('refuses an unsigned LogoutRequest and one signed with another key, ending nothing', async () => {
    const { nameId, token } = await signIn();
    const unsigned = await sendLogout(idp.logoutRequestUrl(`${ts.url}/logout`, { nameId, signingKey: null }).url);
    expect(unsigned.pathname).to.equal('/error');
    expect(unsigned.searchParams.get('message')).to.match(/without signing/);
    const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await sendLogout(idp.logoutRequestUrl(`${ts.url}/logout`, { nameId, signingKey: foreignKey }).url);
    expect(forged.pathname).to.equal('/error');
    expect(forged.searchParams.get('message')).to.match(/could not be verified/);
    expect((await clientWith(token).getMe()).email).to.equal(nameId);
  });
});
