// Sign-in with SAML 2.0 (Mattermost's /login/sso/saml and the /api/v4/saml routes) against a real
// IdP on loopback (test/helpers/saml-idp.ts): the account made on first sign-in and found again,
// attribute mapping with the admin attribute, encrypted assertions, and every forged, expired,
// misdirected, replayed or unsolicited Response refused with a readable error page.
import { expect } from 'chai';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { SamlIdp, samlFixture, type SamlRequestSeen, type SamlResponseOptions } from '../helpers/saml-idp.ts';

const SP_ENTITY = 'https://parley.example.com/saml';

describe('SAML sign-in', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let idp: SamlIdp;
  let acs: string;

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } } });
    admin = await createAdmin(ts);
    idp = await SamlIdp.start();
    acs = `${ts.url}/login/sso/saml`;
    await admin.client.uploadIdpSamlCertificate(pemFile(idp.cert, 'idp.crt'));
    await admin.client.uploadPublicSamlCertificate(pemFile(samlFixture('sp.crt'), 'sp.crt'));
    await admin.client.uploadPrivateSamlCertificate(pemFile(samlFixture('sp.key'), 'sp.key'));
    ts.config.patch({ SamlSettings: samlSettings() });
  });

  after(async () => {
    await idp?.close();
    await ts?.close();
  });

  function samlSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      Enable: true,
      Encrypt: false,
      SignRequest: false,
      IdpURL: idp.ssoUrl,
      IdpDescriptorURL: idp.entityId,
      ServiceProviderIdentifier: SP_ENTITY,
      AssertionConsumerServiceURL: '',
      IdAttribute: 'objectId',
      EmailAttribute: 'mail',
      UsernameAttribute: 'uid',
      FirstNameAttribute: 'givenName',
      LastNameAttribute: 'sn',
      NicknameAttribute: 'nick',
      PositionAttribute: 'title',
      EnableAdminAttribute: true,
      AdminAttribute: 'group=admins',
      LoginButtonText: 'Company SAML',
      ...overrides,
    };
  }

  function person(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
    const name = uniqueName('saml');
    return { objectId: `obj-${name}`, mail: `${name}@corp.example.com`, uid: name, givenName: 'Grace', sn: 'Hopper', nick: 'amazing', title: 'Rear Admiral', ...overrides };
  }

  /** Begins a sign-in at Parley and lets the IdP read the AuthnRequest. */
  async function begin(query = ''): Promise<SamlRequestSeen> {
    const res = await fetch(`${ts.url}/login/sso/saml${query}`, { redirect: 'manual' });
    expect(res.status).to.equal(302);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${idp.ssoUrl}?`), location).to.equal(true);
    return idp.receive(location);
  }

  /** Posts a SAMLResponse to the ACS as the IdP's auto-submitted form would; returns where Parley sent the browser and its token cookie. */
  async function post(samlResponse: string): Promise<{ landing: URL; token: string }> {
    const res = await fetch(acs, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }).toString() });
    expect(res.status).to.equal(302);
    const token = /MMAUTHTOKEN=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1] ?? '';
    return { landing: new URL(res.headers.get('location') ?? '', ts.url), token };
  }

  async function signIn(attributes: Record<string, string | string[]>, options: SamlResponseOptions = {}, query = ''): Promise<{ landing: URL; token: string }> {
    const request = await begin(query);
    return post(await idp.response(request, { audience: SP_ENTITY, nameId: String(attributes.mail), attributes, ...options }));
  }

  function clientWith(token: string): Client4 {
    const client = ts.client();
    client.setToken(token);
    return client;
  }

  function errorMessage(landing: URL): string {
    expect(landing.pathname, `expected the error page, got ${landing.href}`).to.equal('/error');
    return landing.searchParams.get('message') ?? '';
  }

  async function expectRefused(attributes: Record<string, string | string[]>, options: SamlResponseOptions, message: RegExp): Promise<void> {
    const { landing, token } = await signIn(attributes, options);
    expect(errorMessage(landing)).to.match(message);
    expect(token).to.equal('');
    expect(await ts.store.users.findByAuth('saml', String(attributes.objectId))).to.equal(null);
  }

  it('creates the account on first sign-in with the mapped attributes and goes to redirect_to', async () => {
    const attributes = person();
    const { landing, token } = await signIn(attributes, {}, '?redirect_to=%2Fteam-a%2Fchannels%2Ftown-square');
    expect(landing.href).to.equal(`${ts.url}/team-a/channels/town-square`);
    const me = await clientWith(token).getMe();
    expect({ username: me.username, email: me.email, first_name: me.first_name, last_name: me.last_name, nickname: me.nickname, position: me.position, auth_service: me.auth_service, roles: me.roles }).to.deep.equal({
      username: attributes.uid,
      email: attributes.mail,
      first_name: 'Grace',
      last_name: 'Hopper',
      nickname: 'amazing',
      position: 'Rear Admiral',
      auth_service: 'saml',
      roles: 'system_user',
    });
  });

  it('finds the same account on the second sign-in and updates its profile from the assertion', async () => {
    const attributes = person();
    const first = await clientWith((await signIn(attributes)).token).getMe();
    const second = await signIn({ ...attributes, sn: 'Hopper-Murray' });
    expect(second.landing.href).to.equal(`${ts.url}/`);
    const me = await clientWith(second.token).getMe();
    expect({ id: me.id, last_name: me.last_name }).to.deep.equal({ id: first.id, last_name: 'Hopper-Murray' });
  });

  it('makes a system admin of someone the admin attribute names, and takes it back when it no longer does', async () => {
    const attributes = person({ group: ['staff', 'admins'] });
    const asAdmin = await clientWith((await signIn(attributes)).token).getMe();
    expect(asAdmin.roles.split(' ').sort()).to.deep.equal(['system_admin', 'system_user']);
    const demoted = await clientWith((await signIn({ ...attributes, group: 'staff' })).token).getMe();
    expect(demoted.roles).to.equal('system_user');
  });

  it('makes a guest of someone the guest attribute names, never an admin, and a member again when it no longer does', async () => {
    ts.config.patch({ SamlSettings: { GuestAttribute: 'role=guest' }, GuestAccountsSettings: { Enable: true } });
    try {
      const attributes = person({ role: 'guest', group: 'admins' });
      const asGuest = await clientWith((await signIn(attributes)).token).getMe();
      expect(asGuest.roles).to.equal('system_guest');
      const promoted = await clientWith((await signIn({ ...attributes, role: 'staff' })).token).getMe();
      expect({ id: promoted.id, roles: promoted.roles.split(' ').sort() }).to.deep.equal({ id: asGuest.id, roles: ['system_admin', 'system_user'] });
      const demoted = await clientWith((await signIn({ ...attributes, group: 'staff' })).token).getMe();
      expect(demoted.roles).to.equal('system_guest');
    } finally {
      ts.config.patch({ SamlSettings: { GuestAttribute: '' } });
    }
  });

  it('refuses someone the guest attribute names while guest accounts are off, and makes no account', async () => {
    ts.config.patch({ SamlSettings: { GuestAttribute: 'role=guest' }, GuestAccountsSettings: { Enable: false } });
    try {
      await expectRefused(person({ role: 'guest' }), {}, /guest accounts are not enabled/);
    } finally {
      ts.config.patch({ SamlSettings: { GuestAttribute: '' } });
    }
  });

  it('accepts a Response signed on the Response only', async () => {
    const { token } = await signIn(person(), { signAssertion: false, signResponse: true });
    expect(token).to.not.equal('');
  });

  it('accepts an assertion encrypted to the SP certificate and refuses a plain one while encryption is required', async () => {
    ts.config.patch({ SamlSettings: { Encrypt: true } });
    try {
      const { token } = await signIn(person(), { encryptTo: samlFixture('sp.crt') });
      expect((await clientWith(token).getMe()).auth_service).to.equal('saml');
      await expectRefused(person(), {}, /requires encrypted SAML assertions/);
      await expectRefused(person(), { encryptTo: samlFixture('other.crt') }, /could not be decrypted with this server's key/);
    } finally {
      ts.config.patch({ SamlSettings: { Encrypt: false } });
    }
  });

  it('refuses an unsigned Response', async () => {
    await expectRefused(person(), { signAssertion: false, signResponse: false }, /signature on this sign-in could not be verified/);
  });

  it('refuses a Response signed with another key than the IdP certificate', async () => {
    await expectRefused(person(), { signingKey: samlFixture('other.key'), signingCert: samlFixture('other.crt') }, /signature on this sign-in could not be verified/);
  });

  it('refuses a signed assertion whose attributes were changed afterwards', async () => {
    const attributes = person();
    const request = await begin();
    const genuine = Buffer.from(await idp.response(request, { audience: SP_ENTITY, attributes }), 'base64').toString('utf8');
    const tampered = genuine.replace('Grace', 'Mallory');
    expect(tampered).to.not.equal(genuine);
    const { landing } = await post(Buffer.from(tampered).toString('base64'));
    expect(errorMessage(landing)).to.match(/signature on this sign-in could not be verified/);
  });

  it('refuses an assertion meant for another audience', async () => {
    await expectRefused(person(), { audience: 'https://other-service.example.com' }, /audience/);
  });

  it('refuses a Response sent to another destination, or an assertion for another recipient', async () => {
    await expectRefused(person(), { destination: 'https://elsewhere.example.com/acs' }, /was sent to https:\/\/elsewhere/);
    await expectRefused(person(), { recipient: 'https://elsewhere.example.com/acs' }, /meant for another service's sign-in address/);
  });

  it('refuses an expired assertion and one not valid yet', async () => {
    await expectRefused(person(), { notBefore: new Date(Date.now() - 3_600_000), notOnOrAfter: new Date(Date.now() - 1_800_000) }, /expired or is not valid yet/);
    await expectRefused(person(), { notBefore: new Date(Date.now() + 1_800_000), notOnOrAfter: new Date(Date.now() + 3_600_000) }, /expired or is not valid yet/);
  });

  it('refuses an assertion from another issuer', async () => {
    await expectRefused(person(), { issuer: 'https://evil.example.com' }, /another identity provider/);
  });

  it('refuses a Response replayed after it signed someone in', async () => {
    const attributes = person();
    const request = await begin();
    const response = await idp.response(request, { audience: SP_ENTITY, attributes });
    expect((await post(response)).token).to.not.equal('');
    const replay = await post(response);
    expect(errorMessage(replay.landing)).to.match(/already used or was not started here/);
    expect(replay.token).to.equal('');
  });

  it('refuses an assertion whose ID was already used, even inside a Response to a fresh request', async () => {
    const attributes = person();
    const first = await begin();
    const assertionId = `_captured${Date.now()}`;
    expect((await post(await idp.response(first, { audience: SP_ENTITY, attributes, assertionId, inResponseTo: first.id }))).token).to.not.equal('');
    const second = await begin();
    const rewrapped = await idp.response(second, { audience: SP_ENTITY, attributes, assertionId });
    expect(errorMessage((await post(rewrapped)).landing)).to.match(/assertion was already used/);
  });

  it('refuses an unsolicited Response (no InResponseTo) and one answering a request this server never sent', async () => {
    await expectRefused(person(), { inResponseTo: null }, /already used or was not started here/);
    await expectRefused(person(), { inResponseTo: '_never-sent' }, /already used or was not started here/);
  });

  it('refuses a Response without the email attribute, naming the setting', async () => {
    const attributes = person();
    delete attributes.mail;
    const request = await begin();
    const { landing } = await post(await idp.response(request, { audience: SP_ENTITY, nameId: 'x', attributes }));
    expect(errorMessage(landing)).to.match(/"mail" attribute \(SamlSettings.EmailAttribute\)/);
  });

  it('signs the AuthnRequest with the SP key when SignRequest is on', async () => {
    ts.config.patch({ SamlSettings: { SignRequest: true, SignatureAlgorithm: 'RSAwithSHA256' } });
    try {
      const request = await begin();
      expect({ signed: request.signed, valid: request.signatureValid, acs: request.acsUrl }).to.deep.equal({ signed: true, valid: true, acs });
    } finally {
      ts.config.patch({ SamlSettings: { SignRequest: false } });
    }
    expect((await begin()).signed).to.equal(false);
  });

  it('serves the SP metadata as XML naming the entity id, the ACS and the SP certificate', async () => {
    ts.config.patch({ SamlSettings: { Encrypt: true } });
    let xml: string;
    try {
      const res = await fetch(`${ts.url}/api/v4/saml/metadata`);
      expect(res.headers.get('content-type')).to.match(/^application\/xml/);
      xml = await res.text();
    } finally {
      ts.config.patch({ SamlSettings: { Encrypt: false } });
    }
    const problems: string[] = [];
    const report = (message: string) => problems.push(message);
    const doc = new DOMParser({ errorHandler: { warning: report, error: report, fatalError: report } }).parseFromString(xml, 'text/xml');
    expect({ problems, root: doc.documentElement?.localName }).to.deep.equal({ problems: [], root: 'EntityDescriptor' });
    const spCert = samlFixture('sp.crt').replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(xml).to.include(`entityID="${SP_ENTITY}"`);
    expect(xml).to.include(`Location="${acs}"`);
    expect(xml.replace(/\s+/g, '')).to.include(spCert);
  });

  it('reports the uploaded certificates and reads an IdP metadata document, for system admins only', async () => {
    expect(await admin.client.getSamlCertificateStatus()).to.deep.equal({ idp_certificate_file: true, private_key_file: true, public_certificate_file: true });
    expect(await admin.client.getSamlMetadataFromIdp(idp.metadataUrl)).to.deep.equal({ idp_url: idp.ssoUrl, idp_descriptor_url: idp.entityId, idp_public_certificate: idp.certBase64 });
    const user = await createUser(ts, admin.client);
    await expectClientError(user.client.getSamlCertificateStatus(), 403);
    await expectClientError(user.client.getSamlMetadataFromIdp(idp.metadataUrl), 403);
    await expectClientError(user.client.uploadIdpSamlCertificate(pemFile(samlFixture('other.crt'), 'evil.crt')), 403);
    await expectClientError(admin.client.uploadPublicSamlCertificate(pemFile('not a certificate', 'x.crt')), 400, 'api.admin.add_certificate.parse.app_error');
    await expectClientError(admin.client.getSamlMetadataFromIdp(''), 400);
  });

  it('takes the IdP certificate from metadata as base64, and turns SAML off when the IdP certificate is removed', async () => {
    await expectClientError(admin.client.setSamlIdpCertificateFromMetadata('bm90IGEgY2VydGlmaWNhdGU='), 400, 'api.admin.saml.failure_parse_idp_certificate.app_error');
    await admin.client.deleteIdpSamlCertificate();
    try {
      expect((await admin.client.getSamlCertificateStatus()).idp_certificate_file).to.equal(false);
      expect(ts.config.get().SamlSettings).to.include({ Enable: false, IdpCertificateFile: '' });
    } finally {
      await admin.client.setSamlIdpCertificateFromMetadata(idp.certBase64);
      ts.config.patch({ SamlSettings: { Enable: true } });
    }
    expect(ts.config.get().SamlSettings.IdpCertificateFile).to.equal('saml-idp.crt');
    expect((await signIn(person())).token).to.not.equal('');
  });

  it('signs out at /logout and sends the browser to the IdP with a LogoutRequest naming the person and the session', async () => {
    const attributes = person();
    const { token } = await signIn(attributes);
    const res = await fetch(`${ts.url}/logout`, { redirect: 'manual', headers: { Cookie: `MMAUTHTOKEN=${token}` } });
    expect(res.status).to.equal(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).to.equal(idp.ssoUrl);
    const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    expect(request).to.match(/<samlp:LogoutRequest /);
    expect(request).to.include(`>${attributes.mail}</saml:NameID>`);
    expect(request).to.match(/SessionIndex[^>]*>_s/);
    await expectClientError(clientWith(token).getMe(), 401);
    const back = await fetch(`${ts.url}/logout?SAMLResponse=x`, { redirect: 'manual' });
    expect(back.headers.get('location')).to.equal('/login');
  });

  it('reports SAML in /config/client with the button settings', async () => {
    const res = await fetch(`${ts.url}/api/v4/config/client?format=old`);
    const client = (await res.json()) as Record<string, string>;
    expect({ EnableSaml: client.EnableSaml, SamlLoginButtonText: client.SamlLoginButtonText, SamlLoginButtonColor: client.SamlLoginButtonColor }).to.deep.equal({ EnableSaml: 'true', SamlLoginButtonText: 'Company SAML', SamlLoginButtonColor: '#34a28b' });
  });

  it('refuses to enable SAML without the settings Mattermost requires', async () => {
    await expectClientError(admin.client.patchConfig({ SamlSettings: { UsernameAttribute: '' } } as never), 400, 'model.config.is_valid.saml_username_attribute.app_error');
  });

  it('answers the sign-in routes with the error page while SAML is off', async () => {
    ts.config.patch({ SamlSettings: { Enable: false } });
    try {
      const res = await fetch(`${ts.url}/login/sso/saml`, { redirect: 'manual' });
      expect(errorMessage(new URL(res.headers.get('location') ?? '', ts.url))).to.match(/not enabled/);
    } finally {
      ts.config.patch({ SamlSettings: { Enable: true } });
    }
  });
});

function pemFile(text: string, name: string): File {
  return new File([text], name, { type: 'application/x-x509-ca-cert' });
}
