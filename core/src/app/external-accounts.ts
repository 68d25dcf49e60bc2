// The account of someone a sign-in provider vouched for (OpenID Connect or SAML): found by
// (auth_service, auth_data = the provider's subject), or created on first sign-in when account
// creation is on; an account that already has the email address is never taken over. On each
// sign-in the profile follows the provider, as Mattermost's UpdateOAuthUserAttrs and its SAML
// attribute sync do.
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { SessionService } from './session-service.ts';
import type { UserService } from './user-service.ts';
import { SYSTEM_ADMIN, SYSTEM_USER, parseRoles } from './roles.ts';
import { ssoDisplayName } from './sso-services.ts';
import { followProviderGuestRole } from './provider-guest-role.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import { sendSignInChangeMail, type SignInChangeMailDeps } from './sign-in-change-mail.ts';

/** What a provider said about the person, already checked. */
export interface ExternalProfile {
  service: string;
  subject: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  /** Set only when the provider manages the field (a SAML attribute is mapped to it). */
  nickname?: string;
  position?: string;
  locale?: string;
  /** Set only when the provider decides who is a system admin (SAML's admin attribute). */
  systemAdmin?: boolean;
  /** Set only when the provider decides who is a guest (SAML's guest attribute); a guest is never made an admin. */
  guest?: boolean;
}

export interface ExternalAccountsDeps extends SignInChangeMailDeps {
  store: Store;
  users: UserService;
  sessions: SessionService;
}

export class ExternalAccounts {
  #deps: ExternalAccountsDeps;

  constructor(deps: ExternalAccountsDeps) {
    this.#deps = deps;
  }

  /** The account of the provider's subject: found (and brought up to date), or created when allowed. */
  async account(profile: ExternalProfile, ctx: HookContext): Promise<User> {
    const users = this.#deps.store.users;
    const { service } = profile;
    const existing = await users.findByAuth(service, profile.subject);
    if (existing) {
      if (existing.isBot) throw new AppError('api.user.login_by_oauth.bot_login_forbidden.app_error', 403, 'Bot accounts cannot sign in.');
      if (existing.deleteAt > 0) {
        throw new AppError('api.user.login.inactive.app_error', 401, 'Login failed because your account has been deactivated. Please contact an administrator.');
      }
      return this.#refresh(existing, profile);
    }
    const byEmail = await users.findByEmail(profile.email);
    // The same person's other sign-in, finishing at this moment, made the account after the lookup above.
    if (byEmail && byEmail.authService === service && byEmail.authData === profile.subject) return this.account(profile, ctx);
    if (byEmail) {
      // Mattermost's CreateOAuthUser: the address belongs to an account that signs in another way;
      // its owner must switch that account to the provider themselves (with its password).
      const other = byEmail.authService === '' ? 'email and password' : ssoDisplayName(byEmail.authService);
      throw new AppError('api.user.create_oauth_user.already_attached.app_error', 400, `An account with the email address ${profile.email} already exists and signs in with ${other}. Sign in with ${other} instead.`, {
        details: `service=${service} existing_auth=${byEmail.authService || 'email'}`,
      });
    }
    let created: User;
    try {
      created = await this.#deps.users.signUpExternal(
        { authService: service, authData: profile.subject, username: profile.username, email: profile.email, firstName: profile.firstName, lastName: profile.lastName, nickname: profile.nickname, position: profile.position, locale: profile.locale, asGuest: profile.guest === true },
        ctx,
      );
    } catch (err) {
      // Two sign-ins of the same person at once: the other one made the account (auth_data is unique per service).
      const made = await users.findByAuth(service, profile.subject);
      if (made) return made;
      throw err;
    }
    return this.#applyRoles(created, profile);
  }

  /**
   * The end of switching an email account to the provider (Mattermost's CompleteSwitchWithOAuth and
   * its SAML counterpart): the account of `userId` now signs in as the provider's subject, its email
   * follows the provider's, and its password and MFA are gone.
   */
  async switchTo(userId: string, profile: ExternalProfile): Promise<User> {
    const user = await this.#deps.store.users.findById(userId);
    if (!user || user.deleteAt > 0 || user.isBot) {
      throw new AppError('app.user.missing_account.const', 400, 'The account being switched is gone or was deactivated, so the sign-in method was not changed.', { details: `user_id=${userId}` });
    }
    if (user.authService !== '') {
      throw new AppError('api.user.login.use_auth_service.app_error', 400, `This account already signs in with ${ssoDisplayName(user.authService)}; its sign-in method was not changed.`);
    }
    return switchSignIn(this.#deps, user, { authService: profile.service, authData: profile.subject, email: profile.email, resetMfa: true });
  }

  /** Names follow the provider; so does the email, unless another account has it. */
  async #refresh(user: User, profile: ExternalProfile): Promise<User> {
    const changes: Partial<User> = {};
    if (profile.firstName !== user.firstName) changes.firstName = profile.firstName;
    if (profile.lastName !== user.lastName) changes.lastName = profile.lastName;
    if (profile.nickname !== undefined && profile.nickname !== user.nickname) changes.nickname = profile.nickname;
    if (profile.position !== undefined && profile.position !== user.position) changes.position = profile.position;
    if (profile.locale !== undefined && profile.locale !== user.locale) changes.locale = profile.locale;
    if (profile.email !== user.email && !(await this.#deps.store.users.findByEmail(profile.email))) changes.email = profile.email;
    let updated = user;
    if (Object.keys(changes).length > 0) {
      updated = (await this.#deps.store.users.update(user.id, { ...changes, updateAt: Date.now() })) ?? user;
      this.#deps.users.publishUpdated(updated);
    }
    return this.#applyRoles(updated, profile);
  }

  /** The provider's word on guest and system admin, when it has one: given or taken away at each sign-in; live sessions follow. */
  async #applyRoles(user: User, profile: ExternalProfile): Promise<User> {
    if (profile.guest !== undefined) user = await followProviderGuestRole(this.#deps, user, profile.guest);
    if (profile.systemAdmin === undefined || profile.guest) return user;
    const roles = parseRoles(user.roles).filter((role) => role !== SYSTEM_ADMIN);
    if (!roles.includes(SYSTEM_USER)) roles.unshift(SYSTEM_USER);
    if (profile.systemAdmin) roles.push(SYSTEM_ADMIN);
    const wanted = roles.join(' ');
    if (wanted === user.roles) return user;
    const updated = (await this.#deps.store.users.update(user.id, { roles: wanted, updateAt: Date.now() })) ?? user;
    await this.#deps.sessions.updateRoles(user.id, updated.roles);
    this.#deps.users.publishUpdated(updated);
    return updated;
  }
}

/** What an account signs in with after a switch. */
export interface SignInMethod {
  /** '' for email and password. */
  authService: string;
  /** The subject at the provider or directory; null for email and password. */
  authData: string | null;
  /** The provider's email address, taken when no other account has it. */
  email?: string;
  /** Set a new password (already hashed); '' when the account will have none. */
  passwordHash?: string;
  /** MFA is switched off (a provider account has no password for it to guard). */
  resetMfa: boolean;
}

/**
 * Changes how an account signs in (POST /users/login/switch, Mattermost's UpdateAuthData and
 * UpdatePassword): every session of the account ends first, as Mattermost revokes them, so no
 * session outlives the credentials it was started with. A subject another account already signs in
 * with is refused.
 */
export async function switchSignIn(deps: ExternalAccountsDeps, user: User, method: SignInMethod): Promise<User> {
  const { store } = deps;
  if (method.authData !== null) {
    const holder = await store.users.findByAuth(method.authService, method.authData);
    if (holder && holder.id !== user.id) throw alreadyLinked(method.authService);
  }
  await deps.sessions.revokeAllForUser(user.id);
  const now = Date.now();
  const changes: Partial<User> = { authService: method.authService, authData: method.authData, passwordHash: method.passwordHash ?? '', lastPasswordUpdate: now, failedAttempts: 0, updateAt: now };
  if (method.email && method.email !== user.email && !(await store.users.findByEmail(method.email))) changes.email = method.email;
  let updated: User | null;
  try {
    updated = await store.users.update(user.id, changes);
  } catch (err) {
    if (err instanceof UniqueViolation) throw alreadyLinked(method.authService);
    throw err;
  }
  if (method.resetMfa) await store.userMfa.deactivate(user.id);
  const current = (await store.users.findById(user.id)) ?? updated ?? user;
  deps.sessions.forgetUser(user.id);
  deps.users.publishUpdated(current);
  sendSignInChangeMail(deps, current);
  return current;
}

function alreadyLinked(authService: string): AppError {
  const provider = authService === 'ldap' ? 'AD/LDAP' : ssoDisplayName(authService);
  return new AppError('app.user.update_auth_data.email_exists.app_error', 400, `Another account already signs in with this ${provider} identity, so this account was not switched to it.`, { details: `auth_service=${authService}` });
}
