// Accounts: sign-up (the first user becomes system admin), login with lockout, profile changes,
// roles, passwords, deactivation and personal access tokens.
import type { ConfigService } from '../config/config-service.ts';
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { User } from '../store/entities/user.ts';
import { UserAccessToken } from '../store/entities/user-access-token.ts';
import type { UserListFilter } from '../store/user-repository.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { AppEvents } from './app-events.ts';
import type { HookContext, PluginHooks } from './plugin-hooks.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { newId } from './ids.ts';
import { validUsername } from './username.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from './password.ts';
import { SYSTEM_ADMIN, SYSTEM_ROLES, SYSTEM_USER, parseRoles, rolesGrant } from './roles.ts';
import { hashToken, newToken, type SessionService } from './session-service.ts';
import type { PermissionService } from './permission-service.ts';
import type { Session } from '../store/entities/session.ts';

export interface UserDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  sessions: SessionService;
  permissions: PermissionService;
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

/** Profile fields a user (or an admin for them) may change with PATCH/PUT. */
const PATCHABLE = {
  username: 'username',
  email: 'email',
  nickname: 'nickname',
  first_name: 'firstName',
  last_name: 'lastName',
  position: 'position',
  locale: 'locale',
  timezone: 'timezone',
  props: 'props',
  notify_props: 'notifyProps',
} as const;

export interface SignUpInput {
  username?: unknown;
  email?: unknown;
  password?: unknown;
  nickname?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  position?: unknown;
  locale?: unknown;
  props?: unknown;
  notify_props?: unknown;
  timezone?: unknown;
}

export class UserService {
  #deps: UserDeps;
  #deactivationListeners: Array<(userId: string) => Promise<void>> = [];

  constructor(deps: UserDeps) {
    this.#deps = deps;
  }

  /**
   * Creates an account. The very first account becomes a system admin. Later sign-ups need
   * TeamSettings.EnableUserCreation and either an open server, a team invite id, or an admin caller.
   */
  async signUp(input: SignUpInput, options: { actor?: Actor; inviteAccepted?: boolean; ctx?: HookContext } = {}): Promise<User> {
    const config = this.#deps.config.get();
    const byAdmin = options.actor !== undefined && this.#deps.permissions.hasSystem(options.actor, 'manage_system');
    // Cheap early refusal before the (deliberately slow) password hash; repeated under the lock below.
    const seemsFirst = (await this.#deps.store.users.count()) === 0;
    if (!seemsFirst && !byAdmin) checkSignUpAllowed(config, options.inviteAccepted === true);
    const username = validUsername(input.username);
    const email = validEmail(input.email);
    if (!byAdmin) checkEmailDomain(email, config.TeamSettings.RestrictCreationToDomains);
    checkPasswordRules(input.password, config.PasswordSettings);
    const now = Date.now();
    const user = Object.assign(new User(), {
      id: newId(),
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      username,
      email,
      emailVerified: !config.EmailSettings.RequireEmailVerification,
      passwordHash: await hashPassword(input.password as string),
      authService: '',
      nickname: optionalString(input.nickname, 'nickname', 64),
      firstName: optionalString(input.first_name, 'first_name', 64),
      lastName: optionalString(input.last_name, 'last_name', 64),
      position: optionalString(input.position, 'position', 128),
      roles: SYSTEM_USER,
      locale: optionalString(input.locale, 'locale', 5) || 'en',
      timezone: { ...DEFAULT_TIMEZONE, ...stringMap(input.timezone, 'timezone') },
      props: stringMap(input.props, 'props'),
      notifyProps: { ...DEFAULT_NOTIFY_PROPS, ...stringMap(input.notify_props, 'notify_props') },
      lastPasswordUpdate: now,
      lastPictureUpdate: 0,
      failedAttempts: 0,
      isBot: false,
    });
    // Two sign-ups racing on an empty server must not both become system admin: decide "first"
    // and insert under one lock.
    const isFirst = await this.#deps.store.transaction(async (tx) => {
      await tx.users.lockSignUps();
      const first = (await tx.users.count()) === 0;
      if (!first && seemsFirst && !byAdmin) checkSignUpAllowed(config, options.inviteAccepted === true);
      if (first) user.roles = `${SYSTEM_ADMIN} ${SYSTEM_USER}`;
      try {
        await tx.users.insert(user);
      } catch (err) {
        throw duplicateUserError(err);
      }
      return first;
    });
    this.#deps.logger.info('user created', { user_id: user.id, first_user: isFirst });
    this.#deps.events.publish({ event: 'new_user', data: { user_id: user.id }, broadcast: {} });
    this.#deps.hooks.userHasBeenCreated(options.ctx ?? {}, user);
    return user;
  }

  /** Checks credentials and starts a session; counts failures and locks after MaximumLoginAttempts. */
  async login(loginId: unknown, password: unknown, deviceId: unknown, ctx: HookContext = {}): Promise<{ user: User; session: Session; token: string }> {
    if (typeof loginId !== 'string' || loginId === '') throw AppError.invalidParam('login_id');
    if (typeof password !== 'string' || password === '') throw AppError.invalidParam('password');
    const config = this.#deps.config.get();
    const user = await this.#findForLogin(loginId);
    if (!user) throw invalidCredentials();
    if (user.isBot) throw new AppError('api.user.login.bot_login_forbidden.app_error', 401, 'Bot accounts cannot log in; use one of their access tokens.');
    if (user.failedAttempts >= config.ServiceSettings.MaximumLoginAttempts) {
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
    if (user.deleteAt > 0) {
      throw new AppError('api.user.login.inactive.app_error', 401, 'Login failed because your account has been deactivated. Please contact an administrator.');
    }
    const rejection = await this.#deps.hooks.userWillLogIn(ctx, user);
    if (rejection) throw new AppError('app.user.login.plugin_rejected.app_error', 401, `Login rejected by plugin: ${rejection}`);
    if (user.failedAttempts > 0) await this.#deps.store.users.update(user.id, { failedAttempts: 0 });
    const { session, token } = await this.#deps.sessions.create(user, typeof deviceId === 'string' ? deviceId.slice(0, 512) : '');
    this.#deps.hooks.userHasLoggedIn(ctx, user);
    return { user: { ...user, failedAttempts: 0 } as User, session, token };
  }

  async #findForLogin(loginId: string): Promise<User | null> {
    const settings = this.#deps.config.get().EmailSettings;
    if (settings.EnableSignInWithEmail && loginId.includes('@')) {
      const byEmail = await this.#deps.store.users.findByEmail(loginId);
      if (byEmail) return byEmail;
    }
    return settings.EnableSignInWithUsername ? this.#deps.store.users.findByUsername(loginId) : null;
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

  async getByEmail(email: string): Promise<User> {
    const user = await this.#deps.store.users.findByEmail(email);
    if (!user) throw AppError.notFound('user', email);
    return user;
  }

  getByIds(ids: readonly string[]): Promise<User[]> {
    return this.#deps.store.users.findByIds(ids);
  }

  getByUsernames(usernames: readonly string[]): Promise<User[]> {
    return this.#deps.store.users.findByUsernames(usernames);
  }

  list(filter: UserListFilter): Promise<User[]> {
    return this.#deps.store.users.list(filter);
  }

  /** Changes profile fields; `replace` (PUT) also requires the identifying fields to be present. */
  async patch(userId: string, patch: Record<string, unknown>): Promise<User> {
    const current = await this.get(userId);
    const changes: Record<string, unknown> = {};
    for (const [wire, field] of Object.entries(PATCHABLE)) {
      if (!(wire in patch) || patch[wire] === undefined) continue;
      const value = patch[wire];
      switch (wire) {
        case 'username':
          changes[field] = validUsername(value);
          break;
        case 'email':
          changes[field] = validEmail(value);
          break;
        case 'timezone':
        case 'props':
        case 'notify_props':
          changes[field] = { ...(current[field as 'props'] ?? {}), ...stringMap(value, wire) };
          break;
        default:
          changes[field] = optionalString(value, wire, wire === 'position' ? 128 : wire === 'locale' ? 5 : 64);
      }
    }
    if (Object.keys(changes).length === 0) return current;
    changes.updateAt = Date.now();
    let updated: User | null;
    try {
      updated = await this.#deps.store.users.update(userId, changes);
    } catch (err) {
      throw duplicateUserError(err);
    }
    if (!updated) throw AppError.notFound('user', userId);
    this.publishUpdated(updated);
    return updated;
  }

  /** Replaces the system roles (admins only, checked by the route); live sessions follow. */
  async updateRoles(userId: string, roles: unknown): Promise<User> {
    if (typeof roles !== 'string') throw AppError.invalidParam('roles');
    const names = parseRoles(roles);
    const unknown = names.filter((r) => !SYSTEM_ROLES.has(r));
    if (unknown.length > 0 || !names.includes(SYSTEM_USER)) {
      throw AppError.badRequest('api.user.update_user_roles.bad_roles', `Roles must include system_user and may add ${[...SYSTEM_ROLES].filter((r) => r !== SYSTEM_USER).join(', ')}.`, `roles=${roles}`);
    }
    await this.get(userId);
    const updated = (await this.#deps.store.users.update(userId, { roles: names.join(' '), updateAt: Date.now() }))!;
    await this.#deps.sessions.updateRoles(userId, updated.roles);
    this.#deps.events.publish({ event: 'user_role_updated', data: { user_id: userId, roles: updated.roles }, broadcast: { user_id: userId } });
    return updated;
  }

  /**
   * Changes a password. Users changing their own must give the current one; an admin resetting
   * someone else's need not. Every other session of the user is signed out.
   */
  async updatePassword(actor: Actor, userId: string, currentPassword: unknown, newPassword: unknown): Promise<void> {
    const user = await this.get(userId);
    const self = actor.userId === userId;
    if (self || !this.#deps.permissions.hasSystem(actor, 'manage_system')) {
      if (typeof currentPassword !== 'string' || !(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new AppError('api.user.update_password.incorrect.app_error', 400, 'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.');
      }
    }
    checkPasswordRules(newPassword, this.#deps.config.get().PasswordSettings);
    const now = Date.now();
    await this.#deps.store.users.update(userId, { passwordHash: await hashPassword(newPassword), lastPasswordUpdate: now, updateAt: now, failedAttempts: 0 });
    // A person keeps the session they changed it from.
    await this.#deps.sessions.revokeAllForUser(userId, self && actor.kind === 'user' ? actor.session?.id : undefined);
  }

  /** Deactivates (active=false) or reactivates an account; deactivation signs it out everywhere. */
  async setActive(userId: string, active: boolean): Promise<User> {
    const user = await this.get(userId);
    if ((user.deleteAt === 0) === active) return user;
    const now = Date.now();
    const updated = (await this.#deps.store.users.update(userId, { deleteAt: active ? 0 : now, updateAt: now }))!;
    if (!active) {
      await this.#deps.sessions.revokeAllForUser(userId);
      for (const listener of this.#deactivationListeners) await listener(userId);
    }
    this.publishUpdated(updated);
    return updated;
  }

  /** Calls `listener` (awaited) after an account is deactivated. */
  onDeactivated(listener: (userId: string) => Promise<void>): void {
    this.#deactivationListeners.push(listener);
  }

  /**
   * Issues a personal access token; the token string is returned only here. Bots get tokens even
   * when ServiceSettings.EnableUserAccessTokens is off (Mattermost's rule: a token is how a bot acts).
   */
  async createAccessToken(userId: string, description: unknown): Promise<{ token: UserAccessToken; secret: string }> {
    if (typeof description !== 'string' || description.trim() === '' || description.length > 512) {
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

  async getAccessToken(tokenId: string): Promise<UserAccessToken> {
    const token = await this.#deps.store.users.findAccessToken(tokenId);
    if (!token) throw AppError.notFound('user_access_token', tokenId);
    return token;
  }

  listAccessTokens(userId: string | null, offset: number, limit: number): Promise<UserAccessToken[]> {
    return this.#deps.store.users.listAccessTokens(userId, offset, limit);
  }

  async setAccessTokenActive(token: UserAccessToken, active: boolean): Promise<void> {
    await this.#deps.store.users.setAccessTokenActive(token.id, active);
    this.#deps.sessions.forgetUser(token.userId);
  }

  async revokeAccessToken(token: UserAccessToken): Promise<void> {
    await this.#deps.store.users.deleteAccessToken(token.id);
    this.#deps.sessions.forgetUser(token.userId);
  }

  /** Tells every client that a profile changed (user_updated, as a stranger sees it). */
  publishUpdated(user: User): void {
    this.#deps.events.publish({ event: 'user_updated', subject: { kind: 'user', user }, broadcast: {} });
  }
}

function checkSignUpAllowed(config: Readonly<Config>, inviteAccepted: boolean): void {
  if (!config.TeamSettings.EnableUserCreation || !config.EmailSettings.EnableSignUpWithEmail) {
    throw new AppError('api.user.create_user.signup_email_disabled.app_error', 501, 'User sign-up is disabled on this server.');
  }
  if (!config.TeamSettings.EnableOpenServer && !inviteAccepted) {
    throw new AppError('api.user.create_user.no_open_server', 403, 'This server does not allow open sign-up. Ask an administrator for an invite.');
  }
}

function invalidCredentials(): AppError {
  return new AppError('api.user.login.invalid_credentials_email_username', 401, 'Enter a valid email or username and/or password.');
}

/** Unique violations on users as Mattermost reports them (username or email taken). */
export function duplicateUserError(err: unknown): unknown {
  if (err instanceof UniqueViolation) {
    if (err.constraint.includes('username')) return new AppError('app.user.save.username_exists.app_error', 400, 'An account with that username already exists.');
    if (err.constraint.includes('email')) return new AppError('app.user.save.email_exists.app_error', 400, 'An account with that email already exists.');
  }
  return err;
}

function validEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 128 || !EMAIL_PATTERN.test(value)) {
    throw AppError.badRequest('model.user.is_valid.email.app_error', 'Please enter a valid email address.');
  }
  return value.toLowerCase();
}

function checkEmailDomain(email: string, restrictTo: string): void {
  const domains = restrictTo.split(/[\s,]+/).filter(Boolean).map((d) => d.toLowerCase());
  if (domains.length === 0) return;
  const domain = email.split('@')[1];
  if (!domains.includes(domain)) {
    throw AppError.badRequest('api.user.create_user.accepted_domain.app_error', `The email you provided does not belong to an accepted domain (${domains.join(', ')}).`);
  }
}

function optionalString(value: unknown, name: string, maxLength: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw AppError.invalidParam(name, 'must be a string');
  if (value.length > maxLength) throw AppError.invalidParam(name, `at most ${maxLength} characters`);
  return value;
}

function stringMap(value: unknown, name: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw AppError.invalidParam(name, 'must be an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw AppError.invalidParam(`${name}.${k}`, 'must be a string');
    out[k] = v;
  }
  return out;
}
