// Sign-in with directory credentials through POST /users/login, Mattermost's order: bind as the
// service account, find the person by LoginIdAttribute (or, for a known account, by IdAttribute)
// within UserFilter, bind as them with the password given, make or refresh their account (the
// AdminFilter deciding system admin, the GuestFilter guest), then the MFA code, then a session. Wrong passwords count on
// the account toward LdapSettings.MaximumLoginAttempts.
import type { ConfigService } from '../config/config-service.ts';
import type { LdapSettings } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import type { Session } from '../store/entities/session.ts';
import { AppError } from '../errors/app-error.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { LoginInput, UserService } from './user-service.ts';
import type { MfaService } from './mfa-service.ts';
import type { SessionService } from './session-service.ts';
import { attributeOf, matchFilter, NO_ATTRIBUTES, withLdap, type DirectoryEntry, type LdapConnection } from './ldap-connection.ts';
import { LDAP_SERVICE, LdapAccounts, ldapProfile, profileAttributes, type DirectoryRoles, type LdapProfile } from './ldap-accounts.ts';
import { guestAccountsDisabled } from './provider-guest-role.ts';

export interface LdapSignInDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  users: UserService;
  sessions: SessionService;
  mfa: MfaService;
}

export class LdapSignIn {
  #deps: LdapSignInDeps;
  #accounts: LdapAccounts;

  constructor(deps: LdapSignInDeps) {
    this.#deps = deps;
    this.#accounts = new LdapAccounts(deps);
  }

  /** Whether a login with no account behind its login id should be tried against the directory. */
  enabled(): boolean {
    return this.#deps.config.get().LdapSettings.Enable;
  }

  /**
   * Signs in with directory credentials. `account`: the LDAP account the login id names, when
   * there is one. A login id the directory does not know is refused as bad credentials unless
   * the client asked for LDAP only (`ldap_only`), which gets the directory's own answer.
   */
  async login(input: LoginInput, account: User | null, ctx: HookContext = {}): Promise<{ user: User; session: Session; token: string }> {
    const user = await this.authenticate(input, account, ctx);
    const started = await this.#deps.users.startSession(user, input.deviceId, ctx);
    if (user.failedAttempts > 0) await this.#deps.store.users.update(user.id, { failedAttempts: 0 });
    this.#deps.logger.info('signed in with AD/LDAP', { user_id: user.id, auth_service: LDAP_SERVICE });
    return { ...started, user: { ...user, failedAttempts: 0 } as User };
  }

  /**
   * Everything login() checks, without starting a session (Mattermost's
   * checkLdapUserPasswordAndAllCriteria): the directory password, the lockout, the MFA code and
   * that the account is active; the account is made or brought up to date from the directory.
   */
  async authenticate(input: LoginInput, account: User | null, ctx: HookContext = {}): Promise<User> {
    const config = this.#deps.config.get();
    const settings = config.LdapSettings;
    if (!settings.Enable) throw ldapDisabled();
    if (account && account.failedAttempts >= settings.MaximumLoginAttempts) {
      throw lockedOut();
    }
    const found = await withLdap(settings, async (connection) => {
      const entry = await this.#findEntry(connection, settings, input, account);
      if (!(await connection.passwordMatches(entry.dn, input.password))) {
        if (account) await this.#deps.store.users.recordFailedLogin(account.id);
        throw invalidPassword();
      }
      const roles: DirectoryRoles = {
        isAdmin: adminFilterOn(settings) ? await entryMatches(connection, settings, entry, settings.AdminFilter) : undefined,
        isGuest: guestFilterOn(settings) ? await entryMatches(connection, settings, entry, settings.GuestFilter) : undefined,
      };
      return { entry, roles };
    });
    // With guest accounts off, a person the GuestFilter names must not get a full account.
    if (found.roles.isGuest && !config.GuestAccountsSettings.Enable) throw guestAccountsDisabled('The directory');
    const roles = config.GuestAccountsSettings.Enable ? found.roles : { ...found.roles, isGuest: undefined };
    const profile = checkedProfile(settings, found.entry);
    // The entry found for the login id may belong to another account than the one it named.
    const user = await this.#accounts.findOrCreate(profile, roles, ctx);
    if (user.isBot) throw new AppError('api.user.login.bot_login_forbidden.app_error', 401, 'Bot accounts cannot log in; use one of their access tokens.');
    if (user.failedAttempts >= settings.MaximumLoginAttempts) {
      throw lockedOut();
    }
    await this.#deps.mfa.checkSignIn(user, input.token);
    if (user.deleteAt > 0) {
      throw new AppError('api.user.login.inactive.app_error', 401, 'Login failed because your account has been deactivated. Please contact an administrator.');
    }
    return user;
  }

  /**
   * The directory person whose login id and password these are, without touching any account
   * (switching an email account to AD/LDAP links it to this person).
   */
  async directoryProfile(loginId: string, password: string): Promise<LdapProfile> {
    const settings = this.#deps.config.get().LdapSettings;
    if (!settings.Enable) throw ldapDisabled();
    const input: LoginInput = { loginId, password, deviceId: '', token: '', ldapOnly: true };
    const entry = await withLdap(settings, async (connection) => {
      const found = await this.#findEntry(connection, settings, input, null);
      if (!(await connection.passwordMatches(found.dn, password))) throw invalidPassword();
      return found;
    });
    return checkedProfile(settings, entry);
  }

  async #findEntry(connection: LdapConnection, settings: Readonly<LdapSettings>, input: LoginInput, account: User | null): Promise<DirectoryEntry> {
    const [attribute, value] = account?.authData ? [settings.IdAttribute, account.authData] : [settings.LoginIdAttribute || settings.UsernameAttribute, input.loginId];
    const attributes = profileAttributes(settings);
    const entries = await connection.search(matchFilter(attribute, value, settings.UserFilter), attributes);
    if (entries.length > 1) {
      throw new AppError('ent.ldap.do_login.matched_to_many_users.app_error', 400, 'The login id matches several people in the directory: ask an administrator to check LdapSettings.LoginIdAttribute.');
    }
    if (entries.length === 1) return entries[0];
    if (!account && !input.ldapOnly) {
      throw new AppError('api.user.login.invalid_credentials_email_username', 401, 'Enter a valid email or username and/or password.');
    }
    const outsideFilter = settings.UserFilter.trim() !== '' && (await connection.search(matchFilter(attribute, value, ''), NO_ATTRIBUTES)).length > 0;
    if (outsideFilter) {
      throw new AppError('ent.ldap.do_login.user_filtered.app_error', 401, 'Your AD/LDAP account does not have permission to use this server. Ask an administrator to check the AD/LDAP user filter.');
    }
    throw new AppError('ent.ldap.do_login.user_not_registered.app_error', 401, 'No AD/LDAP account has this login id.');
  }
}

/** Whether an administrator's `filter` (AdminFilter, GuestFilter) matches `entry`. */
async function entryMatches(connection: LdapConnection, settings: Readonly<LdapSettings>, entry: DirectoryEntry, filter: string): Promise<boolean> {
  const id = attributeOf(entry, settings.IdAttribute);
  return (await connection.search(matchFilter(settings.IdAttribute, id, filter), NO_ATTRIBUTES)).length > 0;
}

function checkedProfile(settings: Readonly<LdapSettings>, entry: DirectoryEntry): LdapProfile {
  const profile = ldapProfile(settings, entry);
  if (profile.id === '') {
    throw new AppError('ent.ldap.do_login.invalid_id_attribute.app_error', 500, 'Your directory entry has no value for the ID attribute (LdapSettings.IdAttribute): ask an administrator to check the AD/LDAP settings.');
  }
  return profile;
}

function ldapDisabled(): AppError {
  return new AppError('api.user.login_ldap.disabled.app_error', 501, 'AD/LDAP sign-in is not enabled on this server.');
}

function invalidPassword(): AppError {
  return new AppError('ent.ldap.do_login.invalid_password.app_error', 401, 'Invalid password for your AD/LDAP account.');
}

function lockedOut(): AppError {
  return new AppError('api.user.check_user_login_attempts.too_many_ldap.app_error', 401, 'Your account is locked because of too many failed password attempts. Ask an administrator to unlock it.');
}

export function adminFilterOn(settings: Readonly<LdapSettings>): boolean {
  return settings.EnableAdminFilter && settings.AdminFilter.trim() !== '';
}

/** Mattermost has no separate switch for the GuestFilter: a filter set is a filter on. */
export function guestFilterOn(settings: Readonly<LdapSettings>): boolean {
  return settings.GuestFilter.trim() !== '';
}
