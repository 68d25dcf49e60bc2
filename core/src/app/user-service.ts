// Accounts: sign-up (the first user becomes system admin), login with lockout, profile changes,
// roles, passwords, deactivation and personal access tokens — and who may do each, as Mattermost
// decides it: one's own account, or anyone's with edit_other_users; roles need manage_roles,
// reactivating manage_system; tokens follow the token permissions (and a bot's, the bot rules).
import type { ConfigService } from '../config/config-service.ts';
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { User } from '../store/entities/user.ts';
import { UserAccessToken } from '../store/entities/user-access-token.ts';
import { duplicateUserError, emailTaken, publishUserUpdated, updateUserRow, VIEW_MEMBERS } from './user-writes.ts';
import type { AppEvents } from './app-events.ts';
import type { HookContext, PluginHooks } from './plugin-hooks.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { newId } from './ids.ts';
import { validUsername } from './username.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from './password.ts';
import { SYSTEM_ADMIN, SYSTEM_GUEST, SYSTEM_ROLES, SYSTEM_USER, isGuestRoles, parseRoles } from './roles.ts';
import { hashToken, newToken, type SessionService } from './session-service.ts';
import type { PermissionService } from './permission-service.ts';
import { requireManageBot } from './bot-access.ts';
import type { Session } from '../store/entities/session.ts';
import { ssoDisplayName } from './sso-services.ts';
import type { MfaService } from './mfa-service.ts';

/** Proof that an address is its account's (EmailVerification): owned here, where sign-up, sign-in and profile changes need it. */
export interface AddressVerification {
  /** Whether accounts must prove their address before they sign in (EmailSettings.RequireEmailVerification). */
  required(): boolean;
  /** Mails `email` a link that makes it the account's verified address once used. */
  send(user: User, email: string): Promise<void>;
}

export interface UserDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  sessions: SessionService;
  permissions: PermissionService;
  mfa: MfaService;
  verification: AddressVerification;
}


const EMAIL_PATTERN = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const DEFAULT_NOTIFY_PROPS = {
  email: 'true',
  push: 'mention',
  desktop: 'mention',
  desktop_sound: 'true',
  mention_keys: '',
  channel: 'true',
  first_name: 'false',
  comments: 'never',
  push_status: 'online',
};
const DEFAULT_TIMEZONE = { useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' };

/** Mattermost's limits on profile text in runes (model.User.IsValid), and the field's name in its error ids. */
const PROFILE_TEXT_LIMITS = {
  nickname: [64, 'nickname'],
  firstName: [64, 'first_name'],
  lastName: [64, 'last_name'],
  position: [128, 'position'],
  locale: [5, 'locale'],
} as const;

type ProfileText = keyof typeof PROFILE_TEXT_LIMITS;

/** A new account, as POST /users sends it. */
export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  nickname: string;
  firstName: string;
  lastName: string;
  position: string;
  locale: string;
  props: Record<string, string>;
  notifyProps: Record<string, string>;
  timezone: Record<string, string>;
  /** Only a system admin creating the account may set it (Mattermost's SanitizeInput). */
  emailVerified: boolean;
}

/** Profile fields a user (or an admin for them) changes with PATCH/PUT: only those given. */
export type UserPatchInput = Partial<Omit<SignUpInput, 'password' | 'emailVerified'>>;

export interface LoginInput {
  /** A username or an email address. */
  loginId: string;
  password: string;
  /** The mobile app's device id; empty for browsers. */
  deviceId: string;
  /** The MFA code, for accounts with MFA on ('' when the client does not know yet whether one is needed). */
  token: string;
  /** Sign in with directory (AD/LDAP) credentials only (the login page's AD/LDAP form). */
  ldapOnly?: boolean;
}

/** Sign-in with directory credentials (LdapSignIn), given the LDAP account the login id names, if any. */
export interface DirectorySignIn {
  enabled(): boolean;
  login(input: LoginInput, account: User | null, ctx: HookContext): Promise<{ user: User; session: Session; token: string }>;
}

export interface PasswordChangeInput {
  /** Needed unless an admin resets someone else's password. */
  currentPassword: string;
  newPassword: string;
}

/** An account whose owner signs in through a provider (OpenID Connect): no password of its own. */
export interface ExternalAccountInput {
  /** gitlab, google, office365, openid or saml. */
  authService: string;
  /** The owner's subject at the provider. */
  authData: string;
  /** Wished-for username; a free variant is taken when it is in use. */
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  nickname?: string;
  position?: string;
  locale?: string;
  /** The provider marks the person as a guest (SAML's GuestAttribute, LDAP's GuestFilter): the account starts as system_guest. */
  asGuest?: boolean;
}

/** Longest device id kept with a session. */
const DEVICE_ID_MAX = 512;

/** Mattermost's UserLimits (server/public/model/limits.go); zero means no limit. */
export interface UserLimits {
  maxUsersLimit: number;
  lowerBandUserLimit: number;
  upperBandUserLimit: number;
  activeUserCount: number;
}

export class UserService {
  #deps: UserDeps;
  #deactivationListeners: Array<(userId: string) => Promise<void>> = [];
  #directory: DirectorySignIn | undefined;

  constructor(deps: UserDeps) {
    this.#deps = deps;
  }

  /**
   * Creates an account. The very first person's account becomes a system admin (bots, such as a
   * plugin's made before anyone signed up, do not count). Later sign-ups need
   * TeamSettings.EnableUserCreation and either an open server, a team invite id, or an admin caller.
   * A guest (`asGuest`, signing up through a guest invitation) gets system_guest, and their address
   * must belong to GuestAccountsSettings' domains rather than the team settings' ones.
   */
  async signUp(input: SignUpInput, options: { actor?: Actor; inviteAccepted?: boolean; asGuest?: boolean; ctx?: HookContext } = {}): Promise<User> {
    const config = this.#deps.config.get();
    const byAdmin = options.actor !== undefined && this.#deps.permissions.hasSystem(options.actor, 'manage_system');
    // Cheap early refusal before the (deliberately slow) password hash; repeated under the lock below.
    const seemsFirst = (await this.#deps.store.users.countPeople()) === 0;
    if (!seemsFirst && !byAdmin) checkSignUpAllowed(config, options.inviteAccepted === true);
    const username = validUsername(input.username);
    const email = validEmail(input.email);
    if (options.asGuest) checkEmailDomain(email, config.GuestAccountsSettings.RestrictCreationToDomains);
    else if (!byAdmin) checkEmailDomain(email, config.TeamSettings.RestrictCreationToDomains);
    for (const field of Object.keys(PROFILE_TEXT_LIMITS) as ProfileText[]) checkProfileText(field, input[field]);
    checkPasswordRules(input.password, config.PasswordSettings);
    const user = newPerson({
      username,
      email,
      // An invitation reached the address, which proves it; an admin may vouch for it.
      emailVerified: options.asGuest === true || !config.EmailSettings.RequireEmailVerification || (byAdmin && input.emailVerified),
      passwordHash: await hashPassword(input.password),
      nickname: input.nickname,
      firstName: input.firstName,
      lastName: input.lastName,
      position: input.position,
      locale: input.locale || 'en',
      timezone: { ...DEFAULT_TIMEZONE, ...input.timezone },
      props: input.props,
      notifyProps: { ...DEFAULT_NOTIFY_PROPS, ...input.notifyProps },
      ...(options.asGuest ? { roles: SYSTEM_GUEST } : {}),
    });
    user.lastPasswordUpdate = user.createAt;
    await this.#insertNew(user, options.ctx ?? {}, () => {
      if (seemsFirst && !byAdmin) checkSignUpAllowed(config, options.inviteAccepted === true);
    });
    if (!user.emailVerified) await this.#deps.verification.send(user, user.email);
    return user;
  }

  /**
   * Creates the account of someone signing in through a provider for the first time (Mattermost's
   * CreateOAuthUser): allowed while TeamSettings.EnableUserCreation is on, whatever the email
   * sign-up and open-server settings say (the provider decides who may sign in). The email is taken
   * as verified, and the first person on the server becomes system admin as with any sign-up.
   */
  async signUpExternal(input: ExternalAccountInput, ctx: HookContext = {}): Promise<User> {
    if (!this.#deps.config.get().TeamSettings.EnableUserCreation) {
      throw new AppError('api.user.create_user.disabled.app_error', 501, 'Account creation is disabled on this server: ask an administrator to create your account.');
    }
    const email = validEmail(input.email);
    const user = newPerson({
      username: await this.#freeUsername(input.username),
      email,
      emailVerified: true,
      authService: input.authService,
      authData: input.authData,
      firstName: checkProfileText('firstName', input.firstName),
      lastName: checkProfileText('lastName', input.lastName),
      ...(input.nickname ? { nickname: checkProfileText('nickname', input.nickname) } : {}),
      ...(input.position ? { position: checkProfileText('position', input.position) } : {}),
      ...(input.locale ? { locale: checkProfileText('locale', input.locale) } : {}),
      ...(input.asGuest ? { roles: SYSTEM_GUEST } : {}),
    });
    await this.#insertNew(user, ctx, () => undefined);
    return user;
  }

  /** `wanted` if nobody has it, else the first of wanted1, wanted2, ... that is free (Mattermost's rule for provider accounts). */
  async #freeUsername(wanted: string): Promise<string> {
    const base = validUsername(wanted);
    for (let n = 0; ; n++) {
      const suffix = n === 0 ? '' : String(n);
      const candidate = base.slice(0, 22 - suffix.length) + suffix;
      if (!(await this.#deps.store.users.findByUsername(candidate))) return candidate;
    }
  }

  // Two sign-ups racing on an empty server must not both become system admin: decide "first" and
  // insert under one lock. `recheckNotFirst` refuses a sign-up that counted on being the first.
  async #insertNew(user: User, ctx: HookContext, recheckNotFirst: () => void): Promise<void> {
    const isFirst = await this.#deps.store.transaction(async (tx) => {
      await tx.users.lockSignUps();
      const first = (await tx.users.countPeople()) === 0;
      if (!first) recheckNotFirst();
      if (first) user.roles = `${SYSTEM_ADMIN} ${SYSTEM_USER}`;
      try {
        await tx.users.insert(user);
      } catch (err) {
        throw duplicateUserError(err);
      }
      return first;
    });
    this.#deps.logger.info('user created', { user_id: user.id, first_user: isFirst, auth_service: user.authService || undefined });
    this.#deps.events.publish({ event: 'new_user', data: { user_id: user.id }, broadcast: { system_permission: VIEW_MEMBERS } });
    this.#deps.hooks.userHasBeenCreated(ctx, user);
  }

  /**
   * Checks credentials and starts a session; counts failures and locks after MaximumLoginAttempts.
   * With both EmailSettings.EnableSignInWithEmail and EnableSignInWithUsername off, password
   * sign-in is closed to everyone but system admins (so they can still reach the System Console
   * when SSO misbehaves); LDAP accounts still sign in with their directory credentials.
   */
  async login(input: LoginInput, ctx: HookContext = {}): Promise<{ user: User; session: Session; token: string }> {
    const { loginId, password } = input;
    if (loginId === '') throw AppError.invalidParam('login_id');
    if (password === '') throw AppError.invalidParam('password');
    const config = this.#deps.config.get();
    const user = await this.#findForLogin(loginId);
    // Mattermost's rule: LDAP accounts, ldap_only logins and unknown login ids (while LDAP is on) go to the directory.
    if (this.#directory && (input.ldapOnly || user?.authService === 'ldap' || (!user && this.#directory.enabled()))) {
      return this.#directory.login(input, user?.authService === 'ldap' ? user : null, ctx);
    }
    if (!passwordSignInOpen(config) && !(user && parseRoles(user.roles).includes(SYSTEM_ADMIN))) throw passwordSignInClosed(config);
    if (!user) throw invalidCredentials();
    await this.checkPasswordAndCriteria(user, password, input.token);
    // Checked after the password, so the answer tells only the account's owner that it is a guest.
    if (!config.GuestAccountsSettings.AllowEmailAccounts && isGuestRoles(parseRoles(user.roles))) {
      throw new AppError('api.user.login.guest_accounts.email.error', 401, 'Guest accounts cannot sign in with an email address and password on this server (GuestAccountsSettings.AllowEmailAccounts): sign in with your single sign-on provider or AD/LDAP.');
    }
    const started = await this.startSession(user, input.deviceId, ctx);
    if (user.failedAttempts > 0) await this.#deps.store.users.update(user.id, { failedAttempts: 0 });
    return { ...started, user: { ...user, failedAttempts: 0 } as User };
  }

  /**
   * Mattermost's CheckPasswordAndAllCriteria for an email account: not a bot, not locked out, the
   * right password (a wrong one counts toward the lockout), the MFA code when MFA is on, and active.
   */
  async checkPasswordAndCriteria(user: User, password: string, mfaToken: string): Promise<void> {
    if (user.isBot) throw new AppError('api.user.login.bot_login_forbidden.app_error', 401, 'Bot accounts cannot log in; use one of their access tokens.');
    if (user.authService !== '') throw useAuthService(user.authService);
    if (user.failedAttempts >= this.#deps.config.get().ServiceSettings.MaximumLoginAttempts) {
      throw new AppError(
        'api.user.check_user_login_attempts.too_many.app_error',
        401,
        'Your account is locked because of too many failed password attempts. Ask an administrator to reset your password.',
      );
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      await this.#deps.store.users.recordFailedLogin(user.id);
      throw invalidCredentials();
    }
    await this.#deps.mfa.checkSignIn(user, mfaToken);
    if (user.deleteAt > 0) {
      throw new AppError('api.user.login.inactive.app_error', 401, 'Login failed because your account has been deactivated. Please contact an administrator.');
    }
    if (!user.emailVerified && this.#deps.verification.required()) {
      throw new AppError('api.user.login.not_verified.app_error', 401, 'Login failed because your email address has not been verified: open the link in the verification email, or ask for a new one.');
    }
  }

  /** Lets accounts sign in with directory credentials (set once, by the composition of the services). */
  useDirectorySignIn(directory: DirectorySignIn): void {
    this.#directory = directory;
  }

  /** Signs in someone whose identity is already established: plugins may refuse (userWillLogIn), then a session starts. */
  async startSession(user: User, deviceId: string, ctx: HookContext = {}): Promise<{ user: User; session: Session; token: string }> {
    const rejection = await this.#deps.hooks.userWillLogIn(ctx, user);
    if (rejection) throw new AppError('app.user.login.plugin_rejected.app_error', 401, `Login rejected by plugin: ${rejection}`);
    const { session, token } = await this.#deps.sessions.create(user, deviceId.slice(0, DEVICE_ID_MAX));
    this.#deps.hooks.userHasLoggedIn(ctx, user);
    return { user, session, token };
  }

  /** POST /users/mfa (Mattermost's legacy check before sign-in): whether signing in as `loginId` takes an MFA code. */
  async mfaRequiredAtLogin(loginId: string): Promise<boolean> {
    if (loginId === '') throw AppError.invalidParam('login_id');
    if (!this.#deps.config.get().ServiceSettings.EnableMultifactorAuthentication) return false;
    return (await this.#findForLogin(loginId))?.mfaActive ?? false;
  }

  /**
   * POST /users/login/type: how the login id signs in. Mattermost names only passwordless (magic
   * link) accounts here and answers '' for every other one, known or not; Parley has no magic links,
   * so the answer is '' for everyone — it tells nobody whether an account exists or is deactivated.
   */
  loginType(loginId: string): { authService: ''; isDeactivated: false } {
    if (loginId === '') throw AppError.invalidParam('login_id');
    return { authService: '', isDeactivated: false };
  }

  /** The account a login id names under the sign-in settings (for the audit row of a failed sign-in); null when none. */
  async findByLoginId(loginId: string): Promise<User | null> {
    return loginId === '' ? null : this.#findForLogin(loginId);
  }

  async #findForLogin(loginId: string): Promise<User | null> {
    const settings = this.#deps.config.get().EmailSettings;
    // With password sign-in closed, system admins still sign in by email or username.
    const closed = !settings.EnableSignInWithEmail && !settings.EnableSignInWithUsername;
    if ((closed || settings.EnableSignInWithEmail) && loginId.includes('@')) {
      const byEmail = await this.#deps.store.users.findByEmail(loginId);
      if (byEmail) return byEmail;
    }
    return closed || settings.EnableSignInWithUsername ? this.#deps.store.users.findByUsername(loginId) : null;
  }

  async get(id: string): Promise<User> {
    const user = await this.#deps.store.users.findById(id);
    if (!user) throw AppError.notFound('user', id);
    return user;
  }

  async getByUsername(username: string): Promise<User> {
    const user = await this.#deps.store.users.findByUsername(username);
    if (!user) throw AppError.notFound('user', username);
    return user;
  }

  /** Looking a user up by email tells their address: anyone may when ShowEmailAddress is on, else admins only. */
  async getByEmail(actor: Actor, email: string): Promise<User> {
    if (!this.#deps.config.get().PrivacySettings.ShowEmailAddress) this.#deps.permissions.requireSystem(actor, 'manage_system');
    const user = await this.#deps.store.users.findByEmail(email);
    if (!user) throw AppError.notFound('user', email);
    return user;
  }

  /** Changes the profile fields given: the user's own, or anyone's with edit_other_users. */
  async patch(actor: Actor, userId: string, input: UserPatchInput): Promise<User> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const current = await this.get(userId);
    const changes: Partial<User> = {};
    if (input.username !== undefined) changes.username = validUsername(input.username);
    const newEmail = input.email === undefined ? undefined : validEmail(input.email);
    const emailChanges = newEmail !== undefined && newEmail !== current.email;
    // Mattermost's rule: with verification required, a new address takes effect once the link mailed
    // to it is used; without, it takes effect at once and is unverified.
    const emailWaitsForProof = emailChanges && this.#deps.verification.required() && !current.isBot;
    if (emailWaitsForProof && (await this.#deps.store.users.findByEmail(newEmail))) throw emailTaken();
    if (emailChanges && !emailWaitsForProof) {
      changes.email = newEmail;
      if (current.authService === '') changes.emailVerified = false;
    }
    for (const field of Object.keys(PROFILE_TEXT_LIMITS) as ProfileText[]) {
      const value = input[field];
      if (value !== undefined) changes[field] = checkProfileText(field, value);
    }
    // Mattermost's StringMaps are merged: a patch names only the keys it changes.
    if (input.props) changes.props = { ...current.props, ...input.props };
    if (input.notifyProps) changes.notifyProps = { ...current.notifyProps, ...input.notifyProps };
    if (input.timezone) changes.timezone = { ...current.timezone, ...input.timezone };
    if (emailWaitsForProof) await this.#deps.verification.send(current, newEmail);
    if (Object.keys(changes).length === 0) return current;
    changes.updateAt = Date.now();
    return updateUserRow(this.#deps, userId, changes);
  }

  /** Replaces the system roles (manage_roles); live sessions follow. */
  async updateRoles(actor: Actor, userId: string, roles: string): Promise<User> {
    this.#deps.permissions.requireSystem(actor, 'manage_roles');
    const names = parseRoles(roles);
    const unknown = names.filter((r) => !SYSTEM_ROLES.has(r));
    if (unknown.length > 0 || !names.includes(SYSTEM_USER)) {
      throw AppError.badRequest('api.user.update_user_roles.bad_roles', `Roles must include system_user and may add ${[...SYSTEM_ROLES].filter((r) => r !== SYSTEM_USER).join(', ')}.`, `roles=${roles}`);
    }
    if (parseRoles((await this.get(userId)).roles).includes(SYSTEM_GUEST)) {
      // A guest's memberships must change with the account: that is what promotion does.
      throw AppError.badRequest('api.user.update_user_roles.guest.app_error', 'This account is a guest: promote it to a member (POST /users/{user_id}/promote) instead of setting its roles.');
    }
    const updated = (await this.#deps.store.users.update(userId, { roles: names.join(' '), updateAt: Date.now() }))!;
    await this.#deps.sessions.updateRoles(userId, updated.roles);
    this.#deps.events.publish({ event: 'user_role_updated', data: { user_id: userId, roles: updated.roles }, broadcast: { user_id: userId } });
    return updated;
  }

  /**
   * Changes a password: one's own, or anyone's with edit_other_users. Users changing their own must
   * give the current one; an admin resetting someone else's need not. Every other session of the
   * user is signed out.
   */
  async updatePassword(actor: Actor, userId: string, input: PasswordChangeInput): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const user = await this.get(userId);
    const self = actor.userId === userId;
    if (self || !this.#deps.permissions.hasSystem(actor, 'manage_system')) {
      // Mattermost's rule: an account that signs in through a provider has no password to change.
      if (user.authData) {
        throw new AppError('api.user.update_password.oauth.app_error', 400, `This account signs in with ${ssoDisplayName(user.authService)}: its password is managed there, not here.`, { details: `auth_service=${user.authService}` });
      }
      if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
        throw new AppError('api.user.update_password.incorrect.app_error', 400, 'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.');
      }
    }
    checkPasswordRules(input.newPassword, this.#deps.config.get().PasswordSettings);
    const now = Date.now();
    await this.#deps.store.users.update(userId, { passwordHash: await hashPassword(input.newPassword), lastPasswordUpdate: now, updateAt: now, failedAttempts: 0 });
    // A person keeps the session they changed it from.
    await this.#deps.sessions.revokeAllForUser(userId, self && actor.kind === 'user' ? actor.session?.id : undefined);
  }

  /** DELETE /users/{id}: deactivates one's own account, or anyone's with edit_other_users. */
  async deactivate(actor: Actor, userId: string): Promise<User> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    return this.applyActive(userId, false);
  }

  /** PUT /users/{id}/active: users may deactivate themselves; anything else needs manage_system. */
  async setActive(actor: Actor, userId: string, active: boolean): Promise<User> {
    if (active || actor.userId !== userId) this.#deps.permissions.requireSystem(actor, 'manage_system');
    return this.applyActive(userId, active);
  }

  /**
   * Deactivates or reactivates an account, for a service that has already decided who may (a bot's
   * user follows the bot). Deactivation signs the account out everywhere.
   */
  async applyActive(userId: string, active: boolean): Promise<User> {
    const user = await this.get(userId);
    if ((user.deleteAt === 0) === active) return user;
    const now = Date.now();
    // Deactivation signs out in the same transaction: no request finds the account deactivated yet still signed in.
    const updated = await this.#deps.store.transaction(async (tx) => {
      const changed = (await tx.users.update(userId, { deleteAt: active ? 0 : now, updateAt: now }))!;
      if (!active) await tx.sessions.deleteForUser(userId);
      return changed;
    });
    if (!active) {
      this.#deps.sessions.forgetUser(userId);
      for (const listener of this.#deactivationListeners) await listener(userId);
    }
    this.publishUpdated(updated);
    return updated;
  }

  /** Calls `listener` (awaited) after an account is deactivated. */
  /**
   * GET /limits/users (Mattermost's UserLimits): Parley sets no limit on users, so the limits are
   * zero (none) and only the count of active people is reported; for system admins, as Mattermost.
   */
  async limits(actor: Actor): Promise<UserLimits> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    return { maxUsersLimit: 0, lowerBandUserLimit: 0, upperBandUserLimit: 0, activeUserCount: await this.#deps.store.users.countActivePeople() };
  }

  onDeactivated(listener: (userId: string) => Promise<void>): void {
    this.#deactivationListeners.push(listener);
  }

  /**
   * Issues a personal access token; the token string is returned only here. Bots get tokens even
   * when ServiceSettings.EnableUserAccessTokens is off (Mattermost's rule: a token is how a bot acts).
   */
  async createAccessToken(actor: Actor, userId: string, description: string): Promise<{ token: UserAccessToken; secret: string }> {
    await this.#requireTokenPermission(actor, userId, 'create_user_access_token');
    if (description.trim() === '' || description.length > 512) {
      throw AppError.invalidParam('description', 'a description of 1 to 512 characters is required');
    }
    const user = await this.get(userId);
    if (!this.#deps.config.get().ServiceSettings.EnableUserAccessTokens && !user.isBot) {
      throw new AppError('app.user_access_token.disabled', 501, 'Personal access tokens are disabled on this server (ServiceSettings.EnableUserAccessTokens).');
    }
    if (user.deleteAt > 0) throw AppError.badRequest('app.user_access_token.inactive_user', 'Cannot create a token for a deactivated user.');
    const secret = newToken();
    const token = Object.assign(new UserAccessToken(), {
      id: newId(),
      tokenHash: hashToken(secret),
      userId,
      description,
      isActive: true,
      createAt: Date.now(),
    });
    await this.#deps.store.users.insertAccessToken(token);
    return { token, secret };
  }

  async getAccessToken(actor: Actor, tokenId: string): Promise<UserAccessToken> {
    return this.#accessToken(actor, tokenId, 'read_user_access_token');
  }

  /** The tokens of one user (read_user_access_token), or of everyone (`userId` null: manage_system). */
  async listAccessTokens(actor: Actor, userId: string | null, paging: { offset: number; limit: number }): Promise<UserAccessToken[]> {
    if (userId === null) this.#deps.permissions.requireSystem(actor, 'manage_system');
    else await this.#requireTokenPermission(actor, userId, 'read_user_access_token');
    return this.#deps.store.users.listAccessTokens(userId, paging.offset, paging.limit);
  }

  /** Enabling needs create_user_access_token, disabling revoke_user_access_token (Mattermost's rule). */
  async setAccessTokenActive(actor: Actor, tokenId: string, active: boolean): Promise<void> {
    const token = await this.#accessToken(actor, tokenId, active ? 'create_user_access_token' : 'revoke_user_access_token');
    await this.#deps.store.users.setAccessTokenActive(token.id, active);
    this.#deps.sessions.forgetUser(token.userId);
  }

  async revokeAccessToken(actor: Actor, tokenId: string): Promise<void> {
    const token = await this.#accessToken(actor, tokenId, 'revoke_user_access_token');
    await this.#deps.store.users.deleteAccessToken(token.id);
    this.#deps.sessions.forgetUser(token.userId);
  }

  async #accessToken(actor: Actor, tokenId: string, permission: string): Promise<UserAccessToken> {
    const token = await this.#deps.store.users.findAccessToken(tokenId);
    if (!token) throw AppError.notFound('user_access_token', tokenId);
    await this.#requireTokenPermission(actor, token.userId, permission);
    return token;
  }

  // Tokens need the matching token permission, then (Mattermost's SessionHasPermissionToUserOrBot) a
  // bot's tokens follow the bot rules (manage_bots / manage_others_bots), and someone else's tokens
  // need manage_others_user_access_tokens (admins); a user with the token role may manage their own.
  async #requireTokenPermission(actor: Actor, ownerId: string, permission: string): Promise<void> {
    const { permissions, store } = this.#deps;
    permissions.requireSystem(actor, permission);
    const bot = await store.bots.findAccount(ownerId);
    if (bot) requireManageBot(permissions, actor, bot);
    else if (actor.userId !== ownerId) permissions.requireSystem(actor, 'manage_others_user_access_tokens');
  }

  /**
   * Tells every client that a profile changed (user_updated, as a stranger sees it) — every client
   * that may see anyone (view_members): guests, who see only some people, are not told of the others.
   */
  publishUpdated(user: User): void {
    publishUserUpdated(this.#deps.events, user);
  }
}



/** A new person's account row: `fields` over the defaults of a fresh account (no password, system_user, English). */
function newPerson(fields: Pick<User, 'username' | 'email' | 'emailVerified'> & Partial<User>): User {
  const now = Date.now();
  return Object.assign(new User(), {
    id: newId(),
    createAt: now,
    updateAt: now,
    deleteAt: 0,
    passwordHash: '',
    authService: '',
    authData: null,
    nickname: '',
    firstName: '',
    lastName: '',
    position: '',
    roles: SYSTEM_USER,
    locale: 'en',
    timezone: { ...DEFAULT_TIMEZONE },
    props: {},
    notifyProps: { ...DEFAULT_NOTIFY_PROPS },
    lastPasswordUpdate: 0,
    lastPictureUpdate: 0,
    failedAttempts: 0,
    isBot: false,
    ...fields,
  });
}

function checkSignUpAllowed(config: Readonly<Config>, inviteAccepted: boolean): void {
  if (!config.TeamSettings.EnableUserCreation || !config.EmailSettings.EnableSignUpWithEmail) {
    throw new AppError('api.user.create_user.signup_email_disabled.app_error', 501, 'User sign-up is disabled on this server.');
  }
  if (!config.TeamSettings.EnableOpenServer && !inviteAccepted) {
    throw new AppError('api.user.create_user.no_open_server', 403, 'This server does not allow open sign-up. Ask an administrator for an invite.');
  }
}

/** Password sign-in of an account that signs in through a provider (Mattermost's use_auth_service error). */
function useAuthService(authService: string): AppError {
  const provider = ssoDisplayName(authService);
  return new AppError('api.user.login.use_auth_service.app_error', 400, `This account signs in with ${provider}: use the ${provider} button on the login page.`);
}

/** Whether people sign in with a password at all (by email address or by username). */
export function passwordSignInOpen(config: Readonly<Config>): boolean {
  return config.EmailSettings.EnableSignInWithEmail || config.EmailSettings.EnableSignInWithUsername;
}

/**
 * A password sign-in while EmailSettings turns it off. Mattermost has no id of its own for this: it
 * answers with the "invalid credentials" id its login masks errors with, chosen by the settings
 * (the SSO one when a provider is on), and so does Parley; the message says what to do instead.
 */
function passwordSignInClosed(config: Readonly<Config>): AppError {
  const providers = [
    [config.SamlSettings.Enable, 'SAML'],
    [config.OpenIdSettings.Enable, ssoDisplayName('openid')],
    [config.GitLabSettings.Enable, ssoDisplayName('gitlab')],
    [config.GoogleSettings.Enable, ssoDisplayName('google')],
    [config.Office365Settings.Enable, ssoDisplayName('office365')],
  ].filter(([on]) => on).map(([, name]) => name as string);
  const id = providers.length > 0 ? 'api.user.login.invalid_credentials_sso' : 'api.user.login.invalid_credentials_email_username';
  const instead = providers.length > 0 ? `sign in with ${providers.join(' or ')} instead` : 'ask an administrator how to sign in';
  return new AppError(id, 401, `Signing in with a password is turned off on this server: ${instead}.`);
}

function invalidCredentials(): AppError {
  return new AppError('api.user.login.invalid_credentials_email_username', 401, 'Enter a valid email or username and/or password.');
}


/** An address Mattermost accepts for an account (model.IsValidEmail, at most 128 characters). */
export function isValidEmail(value: string): boolean {
  return value.length <= 128 && EMAIL_PATTERN.test(value);
}

function validEmail(value: string): string {
  if (!isValidEmail(value)) {
    throw AppError.badRequest('model.user.is_valid.email.app_error', 'Please enter a valid email address.');
  }
  return value.toLowerCase();
}

/** Whether `email` belongs to one of the domains of a RestrictCreationToDomains setting (any, when it names none). */
export function emailDomainAllowed(email: string, restrictTo: string): boolean {
  const domains = acceptedDomains(restrictTo);
  return domains.length === 0 || domains.includes(email.split('@')[1]?.toLowerCase() ?? '');
}

function acceptedDomains(restrictTo: string): string[] {
  return restrictTo.split(/[\s,]+/).filter(Boolean).map((d) => d.toLowerCase());
}

function checkEmailDomain(email: string, restrictTo: string): void {
  if (!emailDomainAllowed(email, restrictTo)) {
    throw AppError.badRequest('api.user.create_user.accepted_domain.app_error', `The email you provided does not belong to an accepted domain (${acceptedDomains(restrictTo).join(', ')}).`);
  }
}

/** The value, when within Mattermost's limit for the field (counted in runes). */
function checkProfileText(field: ProfileText, value: string): string {
  const [max, name] = PROFILE_TEXT_LIMITS[field];
  if ([...value].length > max) throw AppError.badRequest(`model.user.is_valid.${name}.app_error`, `The ${name.replace('_', ' ')} must be at most ${max} characters.`, name);
  return value;
}
