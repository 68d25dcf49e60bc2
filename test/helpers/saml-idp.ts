// A SAML 2.0 identity provider on loopback for the SAML suites: it serves its metadata, takes
// AuthnRequests by HTTP-Redirect (inflating them and reading their ID and ACS, checking their
// signature when the SP signs), and issues Responses signed with xml-crypto — on the assertion,
// the Response or both — optionally encrypted to the SP certificate with xml-encryption. Every
// field a forgery would change (audience, destination, recipient, times, issuer, signing key) can
// be set per response. Keys: test/fixtures/saml (test-only).
import { createPublicKey, createSign, createVerify, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync, inflateRaw } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import xmlenc from 'xml-encryption';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/saml');
export const samlFixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

export interface SamlRequestSeen {
  id: string;
  acsUrl: string;
  relayState: string;
  /** The AuthnRequest's XML. */
  xml: string;
  /** Whether the query carried a signature, and whether it verified against the SP certificate. */
  signed: boolean;
  signatureValid: boolean;
}

export interface SamlResponseOptions {
  inResponseTo?: string | null;
  nameId?: string;
  attributes?: Record<string, string | string[]>;
  audience?: string;
  destination?: string | null;
  recipient?: string;
  issuer?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Which parts carry a signature (default: the assertion). */
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Key and certificate that sign (default: the IdP's). */
  signingKey?: string;
  signingCert?: string;
  /** Encrypt the assertion to this certificate (the SP's, or a stranger's). */
  encryptTo?: string;
  assertionId?: string;
}

export class SamlIdp {
  readonly entityId: string;
  readonly url: string;
  readonly key = samlFixture('idp.key');
  readonly cert = samlFixture('idp.crt');
  /** The SP certificate requests are checked against, once the test knows it. */
  spCert = samlFixture('sp.crt');
  /** The audience the IdP's own login form puts in its assertions (the SP's entity id). */
  audience = '';
  #server: http.Server;
  #requests: SamlRequestSeen[] = [];
  #accounts = new Map<string, Record<string, string | string[]>>();

  private constructor(server: http.Server, url: string) {
    this.#server = server;
    this.url = url;
    this.entityId = `${url}/entity`;
  }

  static async start(): Promise<SamlIdp> {
    let idp: SamlIdp | undefined;
    const server = http.createServer((req, res) => {
      idp!.#handle(req, res).catch((err: Error) => {
        res.statusCode = 500;
        res.end(err.message);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    idp = new SamlIdp(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return idp;
  }

  get ssoUrl(): string {
    return `${this.url}/sso`;
  }

  get metadataUrl(): string {
    return `${this.url}/metadata`;
  }

  /** The certificate as metadata carries it: base64 DER without the PEM armour. */
  get certBase64(): string {
    return this.cert.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  }

  /** The AuthnRequests received so far, newest last. */
  get requests(): readonly SamlRequestSeen[] {
    return this.#requests;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  metadata(): string {
    return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${this.entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${this.certBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${this.ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /** SamlSettings that trust this IdP, for an SP known as `spEntityId` (unsigned requests, plain assertions; objectId, mail and uid mapped). */
  settings(spEntityId: string): Record<string, unknown> {
    return { Enable: true, Encrypt: false, SignRequest: false, IdpURL: this.ssoUrl, IdpDescriptorURL: this.entityId, ServiceProviderIdentifier: spEntityId, IdAttribute: 'objectId', EmailAttribute: 'mail', UsernameAttribute: 'uid' };
  }

  /**
   * The address of an IdP-initiated LogoutRequest for `nameId` sent to `sloUrl` (HTTP-Redirect:
   * deflated, base64, the query signed with RSA-SHA256 by `signingKey`, or unsigned when null).
   */
  logoutRequestUrl(sloUrl: string, options: { nameId: string; sessionIndex?: string; relayState?: string; signingKey?: string | null }): { url: string; requestId: string } {
    const requestId = `_lr${randomUUID().replaceAll('-', '')}`;
    const index = options.sessionIndex ? `<samlp:SessionIndex>${esc(options.sessionIndex)}</samlp:SessionIndex>` : '';
    const xml = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${requestId}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${esc(sloUrl)}"><saml:Issuer>${esc(this.entityId)}</saml:Issuer><saml:NameID>${esc(options.nameId)}</saml:NameID>${index}</samlp:LogoutRequest>`;
    let query = `SAMLRequest=${encodeURIComponent(deflateRawSync(xml).toString('base64'))}`;
    if (options.relayState) query += `&RelayState=${encodeURIComponent(options.relayState)}`;
    const key = options.signingKey === undefined ? this.key : options.signingKey;
    if (key !== null) {
      query += `&SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`;
      query += `&Signature=${encodeURIComponent(createSign('RSA-SHA256').update(query).sign(key, 'base64'))}`;
    }
    return { url: `${sloUrl}?${query}`, requestId };
  }

  /** A person who can sign in on the IdP's own login form (any password), with the attributes it releases. */
  addAccount(username: string, attributes: Record<string, string | string[]>): void {
    this.#accounts.set(username, attributes);
  }

  /** Reads an AuthnRequest from the address Parley redirected the browser to (the IdP's /sso?SAMLRequest=...). */
  async receive(redirect: string): Promise<SamlRequestSeen> {
    const res = await fetch(redirect);
    if (res.status !== 200) throw new Error(`the IdP refused the request: ${res.status} ${await res.text()}`);
    return this.#requests.at(-1)!;
  }

  /** A base64 SAMLResponse to `request` (or to nothing, for unsolicited ones), shaped by `options`. */
  async response(request: SamlRequestSeen | null, options: SamlResponseOptions = {}): Promise<string> {
    const now = Date.now();
    const acs = request?.acsUrl ?? options.recipient ?? '';
    const inResponseTo = options.inResponseTo === undefined ? (request?.id ?? null) : options.inResponseTo;
    const issuer = options.issuer ?? this.entityId;
    const assertionId = options.assertionId ?? `_a${randomUUID().replaceAll('-', '')}`;
    const notBefore = (options.notBefore ?? new Date(now - 60_000)).toISOString();
    const notOnOrAfter = (options.notOnOrAfter ?? new Date(now + 5 * 60_000)).toISOString();
    const irt = inResponseTo ? ` InResponseTo="${esc(inResponseTo)}"` : '';
    const destination = options.destination === undefined ? acs : options.destination;
    const attributes = Object.entries(options.attributes ?? {})
      .map(([name, value]) => `<saml:Attribute Name="${esc(name)}">${(Array.isArray(value) ? value : [value]).map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
      .join('');
    let assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${new Date(now).toISOString()}"><saml:Issuer>${esc(issuer)}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${esc(options.nameId ?? 'someone')}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${notOnOrAfter}" Recipient="${esc(options.recipient ?? acs)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(options.audience ?? '')}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${new Date(now).toISOString()}" SessionIndex="_s${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
    const key = options.signingKey ?? this.key;
    const cert = options.signingCert ?? this.cert;
    if (options.signAssertion ?? true) assertion = sign(assertion, 'Assertion', key, cert);
    if (options.encryptTo) assertion = `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${await encrypt(assertion, options.encryptTo)}</saml:EncryptedAssertion>`;
    const dest = destination === null ? '' : ` Destination="${esc(destination)}"`;
    let response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID().replaceAll('-', '')}" Version="2.0" IssueInstant="${new Date(now).toISOString()}"${dest}${irt}><saml:Issuer>${esc(issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
    if (options.signResponse) response = sign(response, 'Response', key, cert);
    return Buffer.from(response).toString('base64');
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === '/metadata') {
      res.setHeader('Content-Type', 'application/samlmetadata+xml');
      res.end(this.metadata());
      return;
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      await this.#login(req, res);
      return;
    }
    if (url.pathname !== '/sso') {
      res.statusCode = 404;
      res.end();
      return;
    }
    const encoded = url.searchParams.get('SAMLRequest') ?? '';
    const xml = (await promisify(inflateRaw)(Buffer.from(encoded, 'base64'))).toString('utf8');
    const id = /\bID="([^"]+)"/.exec(xml)?.[1] ?? '';
    const acsUrl = /\bAssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1] ?? '';
    const signature = url.searchParams.get('Signature');
    let signatureValid = false;
    if (signature) {
      // HTTP-Redirect binding: the signature covers the query's own encoding of these parameters, in this order.
      const raw = (url.search.slice(1).split('&') as string[]);
      const pick = (name: string) => raw.find((pair) => pair.startsWith(`${name}=`));
      const signed = ['SAMLRequest', 'RelayState', 'SigAlg'].map(pick).filter(Boolean).join('&');
      const algorithm = decodeURIComponent(pick('SigAlg')!.slice('SigAlg='.length));
      const hash = algorithm.endsWith('sha512') ? 'RSA-SHA512' : algorithm.endsWith('sha256') ? 'RSA-SHA256' : 'RSA-SHA1';
      signatureValid = createVerify(hash).update(signed).verify(this.spCert, signature, 'base64');
    }
    this.#requests.push({ id, acsUrl, relayState: url.searchParams.get('RelayState') ?? '', xml, signed: signature !== null, signatureValid });
    // The IdP's login page, as a browser sees it.
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Test IdP</title><h1>Test IdP sign-in</h1><form method="post" action="/login"><input type="hidden" name="request" value="${esc(id)}"><label>Username <input name="username"></label><label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form>`);
  }

  /** The login form's answer: a page that posts the signed Response to the SP's ACS at once (HTTP-POST binding). */
  async #login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const request = this.#requests.find((seen) => seen.id === form.get('request'));
    const attributes = this.#accounts.get(form.get('username') ?? '');
    if (!request || !attributes) {
      res.statusCode = 401;
      res.end('unknown request or account');
      return;
    }
    const response = await this.response(request, { audience: this.audience, nameId: form.get('username') ?? '', attributes });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Signing in</title><form method="post" action="${esc(request.acsUrl)}"><input type="hidden" name="SAMLResponse" value="${response}"><input type="hidden" name="RelayState" value="${esc(request.relayState)}"></form><script>document.forms[0].submit()</script>`);
  }
}

function sign(xml: string, element: 'Assertion' | 'Response', key: string, cert: string): string {
  const signer = new SignedXml({
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  const node = `/*[local-name(.)='${element}']`;
  const target = element === 'Assertion' ? `//*[local-name(.)='Assertion']` : node;
  signer.addReference({
    xpath: target,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  // The signature goes right after the element's Issuer, where the SAML schema puts it.
  signer.computeSignature(xml, { location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

function encrypt(xml: string, cert: string): Promise<string> {
  const rsaPub = createPublicKey(cert).export({ type: 'spki', format: 'pem' }).toString();
  return new Promise((resolve, reject) =>
    xmlenc.encrypt(
      xml,
      {
        rsa_pub: rsaPub,
        pem: cert,
        encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
        disallowEncryptionWithInsecureAlgorithm: true,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
