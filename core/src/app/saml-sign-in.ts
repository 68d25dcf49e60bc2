// Sign-in through a SAML 2.0 identity provider, Mattermost's flow: GET /login/sso/saml sends the
// browser to the IdP with an AuthnRequest (HTTP-Redirect, signed when SignRequest) whose ID is
// kept on the server; the IdP posts a Response to the ACS (POST /login/sso/saml). @node-saml checks
// the IdP's XML signature (on the Response or on the assertion), decrypts an encrypted assertion
// with the SP key, checks the audience, the time conditions and that InResponseTo names a request
// this server sent (unsolicited responses are refused). Parley adds what node-saml leaves out: the
// Response's Destination and the subject confirmation's Recipient must be this ACS, the assertion's
// Issuer the IdP's entity id, each request is used once, and each assertion ID is accepted once.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SendMail } from './mail-sender.ts';
import { DOMParser } from '@xmldom/xmldom';
import type { CacheProvider, Profile, SAML, SamlConfig, ValidateInResponseTo } from '@node-saml/node-saml';
import type { ConfigService } from '../config/config-service.ts';
import type { ConfigFiles } from '../config/config-files.ts';
import type { Config, SamlSettings } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { SsoLoginState } from '../store/sso-login-state-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { SessionService } from './session-service.ts';
import type { UserService } from './user-service.ts';
import { ExternalAccounts } from './external-accounts.ts';
import { samlProfile } from './saml-profile.ts';
import { SAML_SERVICE } from './sso-services.ts';
import type { SsoCompleted } from './sso-sign-in.ts';
import { SSO_LOGIN_TTL_MS } from './sso-sign-in.ts';

/**
 * A node-saml client. The library and its XML stack (some 14 MB resident) load with the first SAML
 * request, so a server without SAML sign-in never holds them.
 */
async function newSaml(options: SamlConfig): Promise<SAML> {
  const { SAML: Client } = await import('@node-saml/node-saml');
  return new Client(options);
}

export interface SamlSignInDeps {
  sendMail: SendMail;
  store: Store;
  config: ConfigService;
  configFiles: ConfigFiles;
  logger: Logger;
  users: UserService;
  sessions: SessionService;
}

/** Mattermost's limit on a posted SAMLResponse. */
export const MAX_SAML_RESPONSE_CHARS = 2 * 1024 * 1024;
/** Clocks of the IdP and this server may differ this much. */
const CLOCK_SKEW_MS = 60 * 1000;
/** How long a used assertion ID is remembered when the assertion names no end of validity. */
const ASSERTION_MEMORY_MS = 24 * 60 * 60 * 1000;
const REDIRECT_MAX = 2048;
/** The service of a kept switch token (never a request the IdP could answer). */
const SAML_SWITCH_TOKEN = 'saml-switch';

const SIGNATURE_ALGORITHMS = { RSAwithSHA1: 'sha1', RSAwithSHA256: 'sha256', RSAwithSHA512: 'sha512' } as const;

/** The addresses the SP is known by, from the settings or else the site's own. */
export interface SamlAddresses {
  /** This server's origin and path prefix (ServiceSettings.SiteURL, or the request's). */
  siteBase: string;
}

export class SamlSignIn {
  #deps: SamlSignInDeps;
  #accounts: ExternalAccounts;

  constructor(deps: SamlSignInDeps) {
    this.#deps = deps;
    this.#accounts = new ExternalAccounts(deps);
    deps.config.addValidator((candidate) => checkSamlSettings(candidate));
  }

  /**
   * A single-use token for switching the email account `userId` to SAML (Mattermost's SAML relay
   * token of SwitchEmailToOAuth): /login/sso/saml?action=email_to_sso&email_token=... takes it.
   */
  async switchToken(userId: string): Promise<string> {
    this.#enabledSettings();
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.#deps.store.ssoLoginStates.insert({ state: token, service: SAML_SWITCH_TOKEN, browserHash: '', codeVerifier: '', nonce: '', redirectTo: '', expireAt: now + SSO_LOGIN_TTL_MS, switchUserId: userId }, now);
    return token;
  }

  /**
   * The AuthnRequest as the address of the IdP's sign-in page (HTTP-Redirect binding). With
   * `emailToken` (from switchToken), the IdP's answer switches that account to SAML.
   */
  async begin(input: SamlAddresses & { redirectTo: string; emailToken?: string }): Promise<string> {
    if (input.redirectTo.length > REDIRECT_MAX) throw AppError.invalidParam('redirect_to', `must be at most ${REDIRECT_MAX} characters`);
    const settings = this.#enabledSettings();
    const switchUserId = input.emailToken === undefined ? null : await this.#takeSwitchToken(input.emailToken);
    const cache: CacheProvider = {
      saveAsync: async (id, value) => {
        const now = Date.now();
        await this.#deps.store.ssoLoginStates.insert({ state: id, service: SAML_SERVICE, browserHash: '', codeVerifier: '', nonce: '', redirectTo: input.redirectTo, expireAt: now + SSO_LOGIN_TTL_MS, switchUserId }, now);
        return { value, createdAt: now };
      },
      getAsync: async () => null,
      removeAsync: async () => null,
    };
    const saml = await newSaml(this.#options(settings, input.siteBase, cache));
    // Mattermost's RelayState: base64 JSON of the sign-in's properties, echoed by the IdP. The
    // server trusts its own copy (kept with the request ID), never this one.
    const relayState = Buffer.from(JSON.stringify(input.redirectTo ? { redirect_to: input.redirectTo } : {})).toString('base64');
    try {
      return await saml.getAuthorizeUrlAsync(relayState, undefined, {});
    } catch (err) {
      throw new AppError('ent.saml.build_request.app_error', 500, 'The sign-in request for the identity provider could not be built; check the SAML settings and the service provider key.', { details: (err as Error).message, cause: err });
    }
  }

  /** Checks the IdP's Response and starts a session for the person it names. */
  async complete(input: SamlAddresses & { samlResponse: string }, ctx: HookContext = {}): Promise<SsoCompleted> {
    const settings = this.#enabledSettings();
    const encoded = input.samlResponse.trim();
    if (encoded === '') throw new AppError('ent.saml.do_login.empty_response.app_error', 400, 'The identity provider sent no SAML response. Start again from the login page.');
    if (encoded.length > MAX_SAML_RESPONSE_CHARS) throw new AppError('api.user.authorize_oauth_user.saml_response_too_long.app_error', 400, 'The SAML response is too long.');
    const envelope = readEnvelope(encoded);
    const acs = acsUrl(settings, input.siteBase);
    if (envelope.destination !== null && envelope.destination !== acs) {
      throw parseError(`The SAML response was sent to ${envelope.destination}, not to this server's sign-in address.`, `destination=${envelope.destination} acs=${acs}`);
    }
    if (settings.Encrypt && !envelope.encrypted) {
      throw new AppError('ent.saml.configure.not_encrypted_response.app_error', 400, 'This server requires encrypted SAML assertions (SamlSettings.Encrypt), and the identity provider sent a plain one. Ask an administrator to turn on assertion encryption at the identity provider.');
    }

    // The request this Response answers is taken from the store exactly once; node-saml asks first
    // whether it is pending (getAsync) and drops it whatever the outcome (removeAsync).
    let taken: SsoLoginState | null = null;
    const takeRequest = async (id: string): Promise<void> => {
      const row = await this.#deps.store.ssoLoginStates.take(id);
      if (row && row.service === SAML_SERVICE) taken = row;
    };
    const cache: CacheProvider = {
      saveAsync: async () => null,
      getAsync: async (id) => {
        const row = await this.#deps.store.ssoLoginStates.find(id);
        if (!row || row.service !== SAML_SERVICE || row.expireAt <= Date.now()) return null;
        return new Date(row.expireAt - SSO_LOGIN_TTL_MS).toISOString();
      },
      removeAsync: async (id) => {
        if (id && !taken) await takeRequest(id);
        return null;
      },
    };
    const saml = await newSaml(this.#options(settings, input.siteBase, cache));
    let profile: Profile | null;
    try {
      ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: encoded }));
    } catch (err) {
      throw validationError(err as Error, envelope.encrypted);
    }
    if (!profile) throw parseError('The identity provider answered without an assertion.', 'no profile');
    const requestId = typeof profile.inResponseTo === 'string' ? profile.inResponseTo : '';
    if (!taken && requestId) await takeRequest(requestId);
    const request = taken as SsoLoginState | null;
    if (!request || request.state !== requestId) {
      throw parseError('This sign-in was already used or was not started here. Start again from the login page.', `in_response_to=${requestId}`);
    }

    const assertion = signedAssertion(profile);
    if (settings.IdpDescriptorURL && profile.issuer !== settings.IdpDescriptorURL) {
      throw parseError('The assertion was issued by another identity provider than the one this server trusts.', `issuer=${profile.issuer}`);
    }
    if (!assertion.recipients.includes(acs)) {
      throw parseError("The assertion was meant for another service's sign-in address.", `recipients=${assertion.recipients.join(',')} acs=${acs}`);
    }
    const now = Date.now();
    const expireAt = Math.max(assertion.notOnOrAfter ?? now + ASSERTION_MEMORY_MS, now + CLOCK_SKEW_MS) + CLOCK_SKEW_MS;
    if (!assertion.id || !(await this.#deps.store.samlAssertions.markUsed(assertion.id, expireAt, now))) {
      throw parseError('This SAML assertion was already used to sign in. Start again from the login page.', `assertion_id=${assertion.id}`);
    }

    const guestAccountsEnabled = this.#deps.config.get().GuestAccountsSettings.Enable;
    const person = samlProfile(settings, { nameId: profile.nameID ?? '', attributes: (profile.attributes as Record<string, unknown> | undefined) ?? {} }, guestAccountsEnabled);
    // A switch to SAML links the account, then signs it in (Mattermost's completeSaml does both).
    const user = request.switchUserId ? await this.#accounts.switchTo(request.switchUserId, person) : await this.#accounts.account(person, ctx);
    const started = await this.#deps.users.startSession(user, '', ctx);
    await this.#deps.store.samlSessions.insert(
      { sessionId: started.session.id, nameId: profile.nameID ?? '', nameIdFormat: profile.nameIDFormat ?? '', sessionIndex: profile.sessionIndex ?? '', expireAt: started.session.expiresAt },
      now,
    );
    this.#deps.logger.info('signed in with SAML', { user_id: user.id, auth_service: SAML_SERVICE });
    return { ...started, redirectTo: request.redirectTo };
  }

  /**
   * Single logout, SP-initiated: the address of a LogoutRequest (HTTP-Redirect, signed when
   * SignRequest) asking the IdP to end its session for the person of `sessionId`; null when that
   * session did not begin through SAML or SAML is off. The IdP answers at /logout.
   */
  async logoutUrl(sessionId: string, input: SamlAddresses): Promise<string | null> {
    const row = await this.#deps.store.samlSessions.take(sessionId);
    const settings = this.#deps.config.get().SamlSettings;
    if (!row || !settings.Enable || !row.nameId) return null;
    const cache: CacheProvider = { saveAsync: async () => null, getAsync: async () => null, removeAsync: async () => null };
    const saml = await newSaml({ ...this.#options(settings, input.siteBase, cache), logoutUrl: settings.IdpURL, logoutCallbackUrl: `${input.siteBase}/logout` });
    const person = { issuer: settings.IdpDescriptorURL, nameID: row.nameId, nameIDFormat: row.nameIdFormat || 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', ...(row.sessionIndex ? { sessionIndex: row.sessionIndex } : {}) };
    return saml.getLogoutUrlAsync(person, '', {});
  }

  /**
   * Single logout started by the IdP: a LogoutRequest on /logout (HTTP-Redirect). It must be signed
   * with the IdP's key (node-saml would let an unsigned one through) and name the IdP as issuer; the
   * Parley sessions of its NameID (and SessionIndex) end. Returns the address of the LogoutResponse
   * to the IdP, signed with the SP key when one is uploaded.
   */
  async idpLogout(input: SamlAddresses & { query: Record<string, string>; originalQuery: string }): Promise<string> {
    const settings = this.#enabledSettings();
    const { query } = input;
    if (!query.Signature || !query.SigAlg) {
      throw new AppError('ent.saml.do_logout.unsigned.app_error', 401, 'The identity provider asked to sign someone out without signing the request, so it was refused.');
    }
    const cache: CacheProvider = { saveAsync: async () => null, getAsync: async () => null, removeAsync: async () => null };
    const spKey = this.#deps.configFiles.read(settings.PrivateKeyFile);
    const saml = await newSaml({
      ...this.#options(settings, input.siteBase, cache),
      ...(spKey ? { privateKey: spKey } : {}),
      idpIssuer: settings.IdpDescriptorURL,
      logoutUrl: settings.IdpURL,
      logoutCallbackUrl: `${input.siteBase}/logout`,
    });
    let profile: Profile | null;
    try {
      ({ profile } = await saml.validateRedirectAsync(query, input.originalQuery));
    } catch (err) {
      throw new AppError('ent.saml.do_logout.invalid.app_error', 401, "The identity provider's sign-out request could not be verified, so it was refused.", { details: (err as Error).message, cause: err });
    }
    if (!profile?.nameID) throw new AppError('ent.saml.do_logout.invalid.app_error', 401, 'The sign-out request names nobody.');
    const sessionIds = await this.#deps.store.samlSessions.takeByNameId(profile.nameID, typeof profile.sessionIndex === 'string' ? profile.sessionIndex : null);
    for (const id of sessionIds) await this.#deps.sessions.end(id);
    this.#deps.logger.info('signed out by the identity provider', { sessions: sessionIds.length });
    return saml.getLogoutResponseUrlAsync(profile, query.RelayState ?? '', {}, true);
  }

  /** The SP's metadata (Mattermost's GET /api/v4/saml/metadata): entity id, ACS, and the SP certificate when requests are signed or assertions encrypted. */
  async metadata(input: SamlAddresses): Promise<string> {
    const settings = this.#deps.config.get().SamlSettings;
    const spCert = this.#deps.configFiles.read(settings.PublicCertificateFile);
    const spKey = spCert ? this.#deps.configFiles.read(settings.PrivateKeyFile) : null;
    const encrypts = settings.Encrypt && spKey !== null;
    const signs = settings.SignRequest && spKey !== null;
    const cache: CacheProvider = { saveAsync: async () => null, getAsync: async () => null, removeAsync: async () => null };
    // node-saml lists a certificate only for the uses its options have a key for.
    const saml = await newSaml({
      ...this.#baseOptions(settings, input.siteBase, cache),
      idpCert: 'not needed for metadata',
      logoutCallbackUrl: `${input.siteBase}/logout`,
      ...(encrypts ? { decryptionPvk: spKey } : {}),
      ...(signs ? { privateKey: spKey } : {}),
    });
    const encryptionCert = encrypts ? spCert : null;
    const signingCert = signs ? spCert : null;
    try {
      return saml.generateServiceProviderMetadata(encryptionCert, signingCert);
    } catch (err) {
      throw new AppError('api.admin.saml.metadata.app_error', 500, 'The service provider metadata could not be built; check the SAML settings and certificates.', { details: (err as Error).message, cause: err });
    }
  }

  async #takeSwitchToken(token: string): Promise<string> {
    const row = token === '' ? null : await this.#deps.store.ssoLoginStates.take(token);
    if (!row || row.service !== SAML_SWITCH_TOKEN || row.expireAt <= Date.now() || !row.switchUserId) {
      throw new AppError('api.user.saml.invalid_email_token.app_error', 400, 'This link to switch your account to SAML is not valid any more (it was used or has expired). Start the switch again from your profile.');
    }
    return row.switchUserId;
  }

  #enabledSettings(): Readonly<SamlSettings> {
    const settings = this.#deps.config.get().SamlSettings;
    if (!settings.Enable) throw new AppError('api.user.saml.not_available.app_error', 501, 'SAML sign-in is not enabled on this server.');
    return settings;
  }

  #options(settings: Readonly<SamlSettings>, siteBase: string, cache: CacheProvider): SamlConfig {
    const files = this.#deps.configFiles;
    const idpCert = files.read(settings.IdpCertificateFile);
    if (!idpCert) throw notConfigured(`the identity provider certificate (${settings.IdpCertificateFile || 'SamlSettings.IdpCertificateFile'}) is missing`);
    const needsKey = settings.SignRequest || settings.Encrypt;
    const spKey = needsKey ? files.read(settings.PrivateKeyFile) : null;
    if (needsKey && !spKey) throw notConfigured(`the service provider private key (${settings.PrivateKeyFile || 'SamlSettings.PrivateKeyFile'}) is missing`);
    return {
      ...this.#baseOptions(settings, siteBase, cache),
      idpCert: pemBlocks(idpCert),
      ...(settings.SignRequest && spKey ? { privateKey: spKey } : {}),
      ...(settings.Encrypt && spKey ? { decryptionPvk: spKey } : {}),
    };
  }

  #baseOptions(settings: Readonly<SamlSettings>, siteBase: string, cacheProvider: CacheProvider): Omit<SamlConfig, 'idpCert'> {
    const acs = acsUrl(settings, siteBase);
    const entityId = settings.ServiceProviderIdentifier || acs;
    return {
      entryPoint: settings.IdpURL,
      issuer: entityId,
      audience: entityId,
      callbackUrl: acs,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      // IdPs that sign people in by other means than a password (Kerberos, certificates) refuse a
      // request that insists on PasswordProtectedTransport.
      disableRequestedAuthnContext: true,
      // Either signature is enough (Okta signs both, ADFS and Entra ID the assertion); node-saml
      // still refuses a Response with neither.
      wantAssertionsSigned: false,
      wantAuthnResponseSigned: false,
      validateInResponseTo: 'always' as ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: SSO_LOGIN_TTL_MS,
      cacheProvider,
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      signatureAlgorithm: SIGNATURE_ALGORITHMS[settings.SignatureAlgorithm],
      generateUniqueId: () => `_${randomUUID().replaceAll('-', '')}`,
      ...(settings.ScopingIDPProviderId
        ? { scoping: { idpList: [{ entries: [{ providerId: settings.ScopingIDPProviderId, ...(settings.ScopingIDPName ? { name: settings.ScopingIDPName } : {}) }] }] } }
        : {}),
    };
  }
}

/** Where the IdP posts its answers: AssertionConsumerServiceURL, or this site's /login/sso/saml. */
export function acsUrl(settings: Readonly<SamlSettings>, siteBase: string): string {
  return settings.AssertionConsumerServiceURL || `${siteBase}/login/sso/saml`;
}

/** Mattermost's SamlSettings.isValid: what an enabled SAML sign-in needs. */
function checkSamlSettings(config: Readonly<Config>): void {
  const s = config.SamlSettings;
  if (!s.Enable) return;
  const invalid = (id: string, message: string) => new AppError(`model.config.is_valid.${id}.app_error`, 400, `Invalid configuration: ${message}`);
  if (!URL.canParse(s.IdpURL)) throw invalid('saml_idp_url', 'SamlSettings.IdpURL (the identity provider\'s SAML SSO URL) must be an http(s) address.');
  if (!s.IdpDescriptorURL) throw invalid('saml_idp_descriptor_url', 'SamlSettings.IdpDescriptorURL (the identity provider\'s issuer) must be set.');
  if (!s.IdpCertificateFile) throw invalid('saml_idp_cert', 'SamlSettings.IdpCertificateFile must name the uploaded identity provider certificate.');
  if (!s.EmailAttribute) throw invalid('saml_email_attribute', 'SamlSettings.EmailAttribute must be set.');
  if (!s.UsernameAttribute) throw invalid('saml_username_attribute', 'SamlSettings.UsernameAttribute must be set.');
  if (s.Encrypt || s.SignRequest) {
    if (!s.PrivateKeyFile) throw invalid('saml_private_key', 'SamlSettings.PrivateKeyFile must name the uploaded service provider private key (needed to encrypt or sign).');
    if (!s.PublicCertificateFile) throw invalid('saml_public_cert', 'SamlSettings.PublicCertificateFile must name the uploaded service provider certificate (needed to encrypt or sign).');
  }
}

/** Each certificate of a PEM file (an IdP rolling its key over publishes two). */
function pemBlocks(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  return blocks && blocks.length > 0 ? blocks : [pem];
}

/** What the Response says of itself before any signature is checked: only used to refuse early. */
function readEnvelope(encoded: string): { destination: string | null; encrypted: boolean } {
  let doc: Document;
  try {
    const xml = Buffer.from(encoded, 'base64').toString('utf8');
    doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined, fatalError: () => undefined } }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (err) {
    throw parseError('The SAML response is not readable XML.', (err as Error).message);
  }
  const root = doc?.documentElement;
  if (!root || root.localName !== 'Response') throw parseError('The SAML response is not readable XML.', 'no Response element');
  const destination = root.getAttribute('Destination');
  const encrypted = Array.from(root.childNodes).some((node) => (node as Element).localName === 'EncryptedAssertion');
  return { destination: destination ? destination : null, encrypted };
}

interface AssertionFacts {
  id: string;
  recipients: string[];
  notOnOrAfter: number | null;
}

/** The facts of the assertion node-saml verified (its signed copy, not the envelope). */
function signedAssertion(profile: Profile): AssertionFacts {
  const parsed = (profile.getAssertion?.() ?? {}) as { Assertion?: XmlNode };
  const assertion = parsed.Assertion ?? {};
  const confirmations = (assertion.Subject?.[0]?.SubjectConfirmation ?? []) as XmlNode[];
  const recipients = confirmations.flatMap((confirmation) => (confirmation.SubjectConfirmationData ?? []).map((data: XmlNode) => String(data.$?.Recipient ?? '')));
  const notOnOrAfter = assertion.Conditions?.[0]?.$?.NotOnOrAfter;
  return { id: String(assertion.$?.ID ?? ''), recipients, notOnOrAfter: notOnOrAfter ? Date.parse(notOnOrAfter) : null };
}

// xml2js's shape: attributes under $, children as arrays.
type XmlNode = { $?: Record<string, string>; [child: string]: any };

function validationError(err: Error, encrypted: boolean): AppError {
  const message = err.message;
  // A key that does not fit fails inside OpenSSL ("rsa routines: oaep decoding error", "data too large for modulus").
  if (/decrypt|EncryptedAssertion/i.test(message) || (encrypted && /routines::/.test(message))) {
    return new AppError('ent.saml.do_login.decrypt.app_error', 401, "The encrypted assertion could not be decrypted with this server's key, so the sign-in was refused. Ask an administrator to check the service provider certificate the identity provider encrypts to.", { details: message, cause: err });
  }
  if (/signature/i.test(message)) {
    return new AppError('ent.saml.do_login.invalid_signature.app_error', 401, "The identity provider's signature on this sign-in could not be verified, so it was refused. Start again from the login page; if it fails again, tell an administrator.", { details: message, cause: err });
  }
  // node-saml rejects every subject confirmation outside its time window with this message.
  if (/expired|not yet valid|too old|No valid subject confirmation/i.test(message)) {
    return new AppError('ent.saml.do_login.invalid_time.app_error', 401, 'This sign-in has expired or is not valid yet. Start again from the login page; if it fails again, check the clocks of this server and the identity provider.', { details: message, cause: err });
  }
  if (/InResponseTo/i.test(message)) return parseError('This sign-in was already used or was not started here. Start again from the login page.', message, err);
  if (/audience/i.test(message)) return parseError('The assertion was meant for another service (its audience is not this server).', message, err);
  return parseError('The SAML response could not be accepted.', message, err);
}

function parseError(message: string, details: string, cause?: unknown): AppError {
  return new AppError('ent.saml.do_login.parse.app_error', 401, message, { details, cause });
}

function notConfigured(what: string): AppError {
  return new AppError('api.admin.saml.not_available.app_error', 501, `SAML sign-in is not fully set up: ${what}. An administrator must upload it in the System Console.`);
}
