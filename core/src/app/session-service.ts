// Login sessions and personal access tokens: issuing, authenticating (expiry, idle timeout,
// sliding extension), listing and revoking.
import { hash } from 'node:crypto';
import type { ConfigService } from '../config/config-service.ts';
import type { PeerChannel } from '../cluster/peer-channel.ts';
import type { Repositories } from '../store/store.ts';
import { Session } from '../store/entities/session.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AuthSession } from './auth-session.ts';
import { newId } from './ids.ts';
import type { PermissionService } from './permission-service.ts';
import { parseRoles } from './roles.ts';

/** Writing last_activity_at on every request would turn each read into a write; at most once a minute. */
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;
const HOUR_MS = 3_600_000;
/**
 * Authenticated tokens are remembered this long, so requests read no session row. Revoking,
 * deactivating or changing roles forgets them at once, on this node and (told through the cluster)
 * on the others; a node that could not hear the cluster for a while forgets everything when it
 * hears it again, and a settings change forgets everything. The bound is for what no message
 * covers (a row changed by hand in the database).
 */
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;
const FORGET_USER = 'session.forget_user';

type CachedAuth = { kind: 'session'; session: Session; cachedAt: number } | { kind: 'token'; auth: AuthSession; cachedAt: number };

export interface SessionDeps {
  store: Repositories;
  config: ConfigService;
  /** The other nodes of a cluster, told when a user's credentials change. */
  peers: PeerChannel;
  permissions: PermissionService;
}

/** An opaque bearer token: 26 characters like a Mattermost token, 130 bits of randomness. */
export function newToken(): string {
  return newId();
}

/** Every request hashes its token: the one-shot hash() costs a third to a half of a Hash object's create-update-digest. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** What a mobile app says of the phone it runs on (PUT /users/sessions/device); '' where it said nothing. */
export interface DeviceProps {
  deviceId: string;
  notificationsDisabled: '' | 'true' | 'false' | string;
  mobileVersion: string;
}

export class SessionService {
  #deps: SessionDeps;
  #cache = new Map<string, CachedAuth>();
  #credentialListeners = new Set<(userId: string) => void>();

  constructor(deps: SessionDeps) {
    this.#deps = deps;
    deps.peers.onPeerMessage(FORGET_USER, (data) => {
      if (typeof data.user_id === 'string') this.#forgetLocally(data.user_id);
    });
    deps.peers.onRejoined(() => this.#cache.clear());
    // Session lengths, idle timeouts and whether access tokens are allowed decide what a token is worth.
    deps.config.onChange(() => this.#cache.clear());
  }

  /** Starts a session for `user`; the token is returned once and stored only as a hash. */
  async create(user: User, deviceId = ''): Promise<{ session: Session; token: string }> {
    const token = newToken();
    const now = Date.now();
    const settings = this.#deps.config.get().ServiceSettings;
    const hours = deviceId ? settings.SessionLengthMobileInHours : settings.SessionLengthWebInHours;
    const session = Object.assign(new Session(), {
      id: newId(),
      tokenHash: hashToken(token),
      userId: user.id,
      createAt: now,
      expiresAt: now + hours * HOUR_MS,
      lastActivityAt: now,
      deviceId,
      roles: user.roles,
      isOauth: false,
      csrfToken: newId(),
      props: {},
    });
    await this.#deps.store.sessions.insert(session);
    return { session, token };
  }

  /** The caller behind a token, or null when it is unknown, expired, idle too long or revoked. */
  async authenticate(token: string): Promise<AuthSession | null> {
    if (!token || token.length > 128) return null;
    const tokenHash = hashToken(token);
    const cached = this.#cache.get(tokenHash);
    if (cached && Date.now() - cached.cachedAt < CACHE_TTL_MS) {
      if (cached.kind === 'token') return cached.auth;
      // A copy that looks expired or idle may be stale: another node may have seen activity since.
      if (!this.#ended(cached.session, Date.now())) return this.#checkSession(cached.session, tokenHash);
    }
    this.#cache.delete(tokenHash);
    const session = await this.#deps.store.sessions.findByTokenHash(tokenHash);
    if (session) {
      this.#remember(tokenHash, { kind: 'session', session, cachedAt: Date.now() });
      return this.#checkSession(session, tokenHash);
    }
    const auth = await this.#authenticateAccessToken(tokenHash);
    if (auth) this.#remember(tokenHash, { kind: 'token', auth, cachedAt: Date.now() });
    return auth;
  }

  /**
   * Forgets cached authentications of a user after revocation, deactivation, a role or token change,
   * and tells the listeners (the WebSocket hub re-checks that user's open sockets at once), here and
   * on the other nodes of a cluster.
   */
  forgetUser(userId: string): void {
    this.#forgetLocally(userId);
    this.#deps.peers.sendToPeers({ type: FORGET_USER, data: { user_id: userId } });
  }

  #forgetLocally(userId: string): void {
    for (const [hash, entry] of this.#cache) {
      if ((entry.kind === 'session' ? entry.session.userId : entry.auth.userId) === userId) this.#cache.delete(hash);
    }
    for (const listener of this.#credentialListeners) listener(userId);
  }

  /** Calls `listener` with the user id whenever a user's sessions or tokens change; returns the unsubscribe function. */
  onCredentialsChanged(listener: (userId: string) => void): () => void {
    this.#credentialListeners.add(listener);
    return () => this.#credentialListeners.delete(listener);
  }

  #remember(tokenHash: string, entry: CachedAuth): void {
    if (this.#cache.size >= CACHE_MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(tokenHash, entry);
  }

  /** Past its expiry, or idle longer than SessionIdleTimeoutInMinutes (web sessions only). */
  #ended(session: Session, now: number): boolean {
    const idleLimit = this.#deps.config.get().ServiceSettings.SessionIdleTimeoutInMinutes * 60_000;
    return session.expiresAt <= now || (!session.deviceId && idleLimit > 0 && now - session.lastActivityAt > idleLimit);
  }

  async #checkSession(session: Session, tokenHash: string): Promise<AuthSession | null> {
    const now = Date.now();
    const settings = this.#deps.config.get().ServiceSettings;
    const idleLimit = settings.SessionIdleTimeoutInMinutes * 60_000;
    if (this.#ended(session, now)) {
      this.#cache.delete(tokenHash);
      await this.#deps.store.sessions.delete(session.id);
      return null;
    }
    // A short idle timeout needs fresher activity, or an active user would be signed out early.
    const writeInterval = idleLimit > 0 ? Math.min(ACTIVITY_WRITE_INTERVAL_MS, idleLimit / 10) : ACTIVITY_WRITE_INTERVAL_MS;
    if (now - session.lastActivityAt > writeInterval) {
      const hours = session.deviceId ? settings.SessionLengthMobileInHours : settings.SessionLengthWebInHours;
      const extended = settings.ExtendSessionLengthWithActivity ? now + hours * HOUR_MS : undefined;
      await this.#deps.store.sessions.touch(session.id, now, extended);
      session.lastActivityAt = now;
      if (extended) session.expiresAt = extended;
    }
    return {
      id: session.id,
      userId: session.userId,
      roles: parseRoles(session.roles),
      csrfToken: session.csrfToken,
      isAccessToken: false,
      createAt: session.createAt,
      expiresAt: session.expiresAt,
      lastActivityAt: session.lastActivityAt,
      deviceId: session.deviceId,
    };
  }

  async #authenticateAccessToken(tokenHash: string): Promise<AuthSession | null> {
    const token = await this.#deps.store.users.findAccessTokenByHash(tokenHash);
    if (!token?.isActive) return null;
    const user = await this.#deps.store.users.findById(token.userId);
    if (!user || user.deleteAt > 0) return null;
    // Bots act only through tokens, so theirs keep working when personal tokens are turned off.
    if (!this.#deps.config.get().ServiceSettings.EnableUserAccessTokens && !user.isBot) return null;
    return {
      id: token.id,
      userId: user.id,
      roles: parseRoles(user.roles),
      csrfToken: '',
      isAccessToken: true,
      createAt: token.createAt,
      expiresAt: 0,
      lastActivityAt: Date.now(),
      deviceId: '',
    };
  }

  /** A user's sessions: one's own, or anyone's with edit_other_users. */
  listForUser(actor: Actor, userId: string): Promise<Session[]> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    return this.#deps.store.sessions.listForUser(userId);
  }

  /** POST /users/logout: ends the session the request came with; an access token is not a session and stays. */
  async logout(caller: AuthSession): Promise<void> {
    if (!caller.isAccessToken) await this.#revoke(caller.userId, caller.id);
  }

  /**
   * Revokes one of `userId`'s sessions (one's own, or anyone's with edit_other_users); 400 when the
   * session belongs to someone else or does not exist.
   */
  async revoke(actor: Actor, userId: string, sessionId: string): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    await this.#revoke(userId, sessionId);
  }

  async #revoke(userId: string, sessionId: string): Promise<void> {
    const session = await this.#deps.store.sessions.findById(sessionId);
    if (!session || session.userId !== userId) {
      throw AppError.badRequest('api.user.revoke_session.app_error', 'That session does not belong to this user.', `session_id=${sessionId}`);
    }
    await this.#deps.store.sessions.delete(sessionId);
    this.forgetUser(userId);
  }

  /** Ends one session, for a service that has decided it must (an identity provider's single logout); nothing when it is gone. */
  async end(sessionId: string): Promise<void> {
    const session = await this.#deps.store.sessions.findById(sessionId);
    if (!session) return;
    await this.#deps.store.sessions.delete(sessionId);
    this.forgetUser(session.userId);
  }

  /** Signs a user out everywhere: oneself, or anyone with edit_other_users. */
  async revokeAll(actor: Actor, userId: string): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    await this.revokeAllForUser(userId);
  }

  /** Signs a user out everywhere (but `exceptSessionId`), for a service that has decided it must (a password change, deactivation). */
  async revokeAllForUser(userId: string, exceptSessionId?: string): Promise<number> {
    const revoked = await this.#deps.store.sessions.deleteForUser(userId, exceptSessionId);
    this.forgetUser(userId);
    return revoked;
  }

  /**
   * PUT /users/sessions/device: binds the session to the phone's push device (ending the user's other
   * sessions on that device, and lasting a mobile session's length) and keeps what the app says of
   * itself in the session's props. Answers the session's new expiry when it was bound, else null.
   */
  async setDeviceProps(caller: AuthSession, device: DeviceProps): Promise<number | null> {
    if (caller.isAccessToken) {
      throw AppError.badRequest('api.user.attach_device_id.access_token.app_error', 'A personal access token is not a session: only a signed-in session can be bound to a device.');
    }
    const props: Record<string, string> = {};
    if (device.notificationsDisabled !== '') props.device_notification_disabled = device.notificationsDisabled;
    if (device.mobileVersion !== '') props.mobile_version = device.mobileVersion;
    const expiresAt = device.deviceId === '' ? null : Date.now() + this.#deps.config.get().ServiceSettings.SessionLengthMobileInHours * HOUR_MS;
    await this.#deps.store.sessions.setDevice(caller.id, caller.userId, { deviceId: device.deviceId, expiresAt, props });
    this.forgetUser(caller.userId);
    return expiresAt;
  }

  /** Keeps live sessions' roles in step with the user's (PUT /users/{id}/roles). */
  async updateRoles(userId: string, roles: string): Promise<void> {
    await this.#deps.store.sessions.updateRolesForUser(userId, roles);
    this.forgetUser(userId);
  }
}

