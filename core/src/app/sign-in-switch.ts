// Switching how an account signs in, Mattermost's POST /users/login/switch (api4 switchAccountType
// and the app's SwitchEmailToOAuth, SwitchOAuthToEmail, SwitchEmailToLdap, SwitchLdapToEmail):
//   - email → OpenID Connect provider or SAML: the email password (and MFA code) prove the owner;
//     the answer's follow_link leads through the provider, whose answer links the account
//     (ExternalAccounts.switchTo) — Parley keeps which account in the sign-in's server-side state;
//   - email → AD/LDAP: the email password proves the owner, the directory credentials the person
//     in the directory; the account is linked at once;
//   - SSO → email: the signed-in owner sets a password; LDAP → email: the directory password (and
//     MFA code) prove the owner, who sets a password. Both need email sign-up and sign-in to be on.
// Every switch ends all of the account's sessions, as Mattermost's; the follow_link of a finished
// switch is the login page, where the person signs in the new way. Parley sends no email (it has no
// mail delivery), so Mattermost's "sign-in method changed" notice is not sent.
import type { ConfigService } from '../config/config-service.ts';
import type { SendMail } from './mail-sender.ts';
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { SessionService } from './session-service.ts';
import type { UserService } from './user-service.ts';
import type { LdapSignIn } from './ldap-sign-in.ts';
import { ssoCallbackUri, type SsoSignIn } from './sso-sign-in.ts';
import type { SamlSignIn } from './saml-sign-in.ts';
import { switchSignIn } from './external-accounts.ts';
import { LDAP_SERVICE } from './ldap-accounts.ts';
import { SAML_SERVICE, isSsoService, ssoDisplayName } from './sso-services.ts';
import { checkPasswordRules, hashPassword } from './password.ts';

/** Where a finished switch sends the browser (Mattermost's login page with its "sign-in method changed" notice). */
export const SIGN_IN_CHANGED_PATH = '/login?extra=signin_change';

/** POST /users/login/switch's body (Mattermost's SwitchRequest). */
export interface SwitchRequest {
  currentService: string;
  newService: string;
  email: string;
  /** The password of the current method (email or AD/LDAP). */
  password: string;
  /** The new email password, or (switching to AD/LDAP) the directory password. */
  newPassword: string;
  mfaCode: string;
  /** The AD/LDAP login id (switching to AD/LDAP). */
  ldapLoginId: string;
}

export interface SwitchOutcome {
  /** Where the client goes next: the provider's sign-in page, or the login page once switched. */
  followLink: string;
  /** Set when the switch goes on at an OpenID Connect provider: binds it to this browser (the MMOAUTH cookie). */
  browserSecret?: string;
}

export interface SignInSwitchDeps {
  sendMail: SendMail;
  store: Store;
  config: ConfigService;
  logger: Logger;
  users: UserService;
  sessions: SessionService;
  ldap: LdapSignIn;
  ssoSignIn: SsoSignIn;
  samlSignIn: SamlSignIn;
}

const EMAIL_SERVICE = 'email';

export class SignInSwitch {
  #deps: SignInSwitchDeps;

  constructor(deps: SignInSwitchDeps) {
    this.#deps = deps;
  }

  /**
   * Carries out a switch. `requesterId`: the signed-in caller (needed only to leave SSO for email,
   * which proves the owner by their session); `siteBase`: this server's address, for the links.
   */
  async switch(request: SwitchRequest, context: { requesterId: string | null; siteBase: string }): Promise<SwitchOutcome> {
    const { currentService: from, newService: to } = request;
    const isProvider = (service: string) => service === SAML_SERVICE || isSsoService(service);
    if (from === EMAIL_SERVICE && isProvider(to)) return this.#emailToProvider(request, to, context.siteBase);
    if (isProvider(from) && to === EMAIL_SERVICE) return { followLink: await this.#providerToEmail(request, context.requesterId) };
    if (from === EMAIL_SERVICE && to === LDAP_SERVICE) return { followLink: await this.#emailToLdap(request) };
    if (from === LDAP_SERVICE && to === EMAIL_SERVICE) return { followLink: await this.#ldapToEmail(request) };
    throw AppError.invalidParam('switch_request', `cannot switch from "${from}" to "${to}": switches are between email and gitlab, google, office365, openid, saml or ldap`);
  }

  async #emailToProvider(request: SwitchRequest, service: string, siteBase: string): Promise<SwitchOutcome> {
    const user = await this.#emailAccount(request);
    if (service === SAML_SERVICE) {
      const token = await this.#deps.samlSignIn.switchToken(user.id);
      return { followLink: `${siteBase}/login/sso/saml?action=email_to_sso&email_token=${encodeURIComponent(token)}` };
    }
    const begun = await this.#deps.ssoSignIn.begin(service, { redirectUri: ssoCallbackUri(siteBase, service), redirectTo: '', switchUserId: user.id });
    return { followLink: begun.authorizationUrl, browserSecret: begun.browserSecret };
  }

  async #emailToLdap(request: SwitchRequest): Promise<string> {
    if (request.ldapLoginId === '') throw AppError.invalidParam('ldap_id');
    if (request.newPassword === '') throw AppError.invalidParam('new_password');
    const user = await this.#emailAccount(request);
    const person = await this.#deps.ldap.directoryProfile(request.ldapLoginId, request.newPassword);
    await switchSignIn(this.#deps, user, { authService: LDAP_SERVICE, authData: person.id, resetMfa: false });
    this.#deps.logger.info('switched an account to AD/LDAP', { user_id: user.id });
    return SIGN_IN_CHANGED_PATH;
  }

  async #ldapToEmail(request: SwitchRequest): Promise<string> {
    const config = this.#deps.config.get();
    requireEmailSignIn(config);
    if (request.password === '') throw AppError.invalidParam('password');
    const user = await this.#accountByEmail(request.email);
    if (user.authService !== LDAP_SERVICE) {
      throw new AppError('api.user.ldap_to_email.not_ldap_account.app_error', 400, 'This account does not sign in with AD/LDAP, so it cannot be switched from AD/LDAP to email.');
    }
    checkPasswordRules(request.newPassword, config.PasswordSettings);
    const checked = await this.#deps.ldap.authenticate({ loginId: '', password: request.password, token: request.mfaCode, deviceId: '' }, user);
    await switchSignIn(this.#deps, checked, { authService: '', authData: null, passwordHash: await hashPassword(request.newPassword), resetMfa: false });
    this.#deps.logger.info('switched an account from AD/LDAP to email', { user_id: user.id });
    return SIGN_IN_CHANGED_PATH;
  }

  async #providerToEmail(request: SwitchRequest, requesterId: string | null): Promise<string> {
    if (!requesterId) throw AppError.unauthorized();
    const config = this.#deps.config.get();
    requireEmailSignIn(config);
    const user = await this.#accountByEmail(request.email);
    if (user.id !== requesterId) {
      throw new AppError('api.user.oauth_to_email.context.app_error', 403, 'You can switch only your own account to email sign-in.', { details: `requester=${requesterId}` });
    }
    if (user.authService !== request.currentService) {
      throw new AppError('api.user.oauth_to_email.not_current_service.app_error', 400, `This account does not sign in with ${ssoDisplayName(request.currentService)}, so it cannot be switched from it.`, {
        details: `auth_service=${user.authService || EMAIL_SERVICE}`,
      });
    }
    checkPasswordRules(request.newPassword, config.PasswordSettings);
    await switchSignIn(this.#deps, user, { authService: '', authData: null, passwordHash: await hashPassword(request.newPassword), resetMfa: false });
    this.#deps.logger.info('switched an account from a provider to email', { user_id: user.id, auth_service: request.currentService });
    return SIGN_IN_CHANGED_PATH;
  }

  /** The email account `request.email` names, its owner proven by its password and MFA code (Mattermost's CheckPasswordAndAllCriteria). */
  async #emailAccount(request: SwitchRequest): Promise<User> {
    if (request.password === '') throw AppError.invalidParam('password');
    const user = await this.#accountByEmail(request.email);
    await this.#deps.users.checkPasswordAndCriteria(user, request.password, request.mfaCode);
    return user;
  }

  /** An unknown address gets the answer of a wrong password, so the switch tells nobody which addresses have accounts. */
  async #accountByEmail(email: string): Promise<User> {
    if (email === '') throw AppError.invalidParam('email');
    const user = await this.#deps.store.users.findByEmail(email);
    if (!user) throw new AppError('api.user.login.invalid_credentials_email_username', 401, 'Enter a valid email or username and/or password.');
    return user;
  }
}

/** Leaving SSO or AD/LDAP for email needs email accounts to be allowed (Mattermost's auth_switch checks). */
function requireEmailSignIn(config: Readonly<Config>): void {
  if (!config.EmailSettings.EnableSignUpWithEmail) {
    throw new AppError('api.user.auth_switch.not_available.email_signup_disabled.app_error', 403, 'Email accounts are turned off on this server (EmailSettings.EnableSignUpWithEmail), so an account cannot switch to email sign-in.');
  }
  if (!config.EmailSettings.EnableSignInWithEmail && !config.EmailSettings.EnableSignInWithUsername) {
    throw new AppError('api.user.auth_switch.not_available.login_disabled.app_error', 403, 'Signing in with a password is turned off on this server, so an account cannot switch to email sign-in.');
  }
}
