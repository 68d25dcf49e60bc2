// Multi-factor authentication with time-based one-time passwords (RFC 6238), as Mattermost has it:
//   - a user (or an admin for them: edit_other_users) generates a secret, shown once as text and as
//     a QR code of its otpauth:// URI; MFA is switched on by a code computed from that secret, and
//     off again by the user or an admin (the admin's "reset MFA");
//   - signing in then takes a code besides the password: a missing or malformed code is refused with
//     mfa.validate_token.authenticate.app_error (the web app then asks for one), a wrong one with
//     api.user.check_user_mfa.bad_code.app_error; wrong codes count as failed sign-ins, so the
//     lockout after ServiceSettings.MaximumLoginAttempts stops guessing;
//   - codes are accepted one 30-second step either side of the server's clock, and each at most once:
//     the last accepted step is stored and a code must be for a later one;
//   - with EnforceMultifactorAuthentication, a signed-in user without MFA must set it up before using
//     the API (mustSetUp); bots and accounts of other sign-in services are exempt, as in Mattermost.
// The secret is stored sealed with a key derived from the server's secret, bound to its user.
import { generateSecret, verify } from 'otplib';
import type { ConfigService } from '../config/config-service.ts';
import type { Config } from '../config/config-schema.ts';
import type { Repositories } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { AuthSession } from './auth-session.ts';
import { openEnvelope, sealEnvelope } from './aes-gcm-envelope.ts';
import type { PermissionService } from './permission-service.ts';
import { ServerSecret } from './server-secret.ts';
import { isGuestRoles } from './roles.ts';
import type { SessionService } from './session-service.ts';

const SECRET_NAME = 'MfaSecretKey';
const SECRET_PURPOSE = 'mfa secret';
/** One time step either side of the server's clock (RFC 6238 §5.2's allowance for drift and typing). */
const TOLERANCE_SECONDS = 30;
const CODE_PATTERN = /^\d{6}$/;
/** Mattermost requires MFA only of accounts that sign in with a password: email and LDAP. */
const PASSWORD_AUTH_SERVICES = new Set(['', 'email', 'ldap']);
/** Who must still set up MFA is remembered per user, so enforcement reads no row per request. */
const OWES_CACHE_MAX = 10_000;

export interface MfaDeps {
  store: Repositories;
  config: ConfigService;
  events: AppEvents;
  sessions: SessionService;
  permissions: PermissionService;
}

/** POST /users/{id}/mfa/generate: the secret and a QR code (PNG, base64) of its otpauth:// URI. */
export interface GeneratedMfaSecret {
  secret: string;
  qrCode: string;
}

export class MfaService {
  #deps: MfaDeps;
  #key: ServerSecret;
  /** userId → must set up MFA before using the API (only filled while enforcement is on). */
  #owes = new Map<string, boolean>();

  constructor(deps: MfaDeps) {
    this.#deps = deps;
    this.#key = new ServerSecret(deps.store.systems, SECRET_NAME);
    // Activating, resetting, deactivating or re-roling a user tells every node through the sessions.
    deps.sessions.onCredentialsChanged((userId) => this.#owes.delete(userId));
    deps.config.onChange(() => this.#owes.clear());
  }

  /** A new secret for `userId` (oneself, or anyone with edit_other_users), pending until activated with a code. */
  async generate(actor: Actor, userId: string): Promise<GeneratedMfaSecret> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const user = await this.#user(userId);
    const config = this.#deps.config.get();
    requireEnabled(config);
    const secret = generateSecret();
    if (!(await this.#deps.store.userMfa.storePendingSecret(userId, await this.#seal(userId, secret)))) {
      throw AppError.badRequest('api.user.generate_mfa_secret.already_active.app_error', 'Multi-factor authentication is already on for this account: remove it before setting it up again.');
    }
    const uri = otpauthUri(issuerOf(config), user.email, secret);
    // qrcode loads with the first secret generated, not with the server (some 9 MB resident).
    const { default: QRCode } = await import('qrcode');
    const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'H', margin: 2, scale: 4 });
    return { secret, qrCode: png.toString('base64') };
  }

  /**
   * PUT /users/{id}/mfa: switches MFA on with a code from the pending secret, or off (oneself, or
   * anyone with edit_other_users: an admin resets a user who lost their device this way).
   */
  async update(actor: Actor, userId: string, change: { activate: boolean; code: string }): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const user = await this.#user(userId);
    if (change.activate) await this.#activate(user, change.code);
    else if (!(await this.#deps.store.userMfa.deactivate(userId))) return;
    this.#deps.sessions.forgetUser(userId);
    const updated = await this.#deps.store.users.findById(userId);
    if (updated) this.#deps.events.publish({ event: 'user_updated', subject: { kind: 'user', user: updated }, broadcast: { system_permission: 'view_members' } });
  }

  async #activate(user: User, code: string): Promise<void> {
    if (!PASSWORD_AUTH_SERVICES.has(user.authService)) {
      throw AppError.badRequest('api.user.activate_mfa.email_and_ldap_only.app_error', 'Multi-factor authentication is only for accounts that sign in with a password (email or AD/LDAP).');
    }
    requireEnabled(this.#deps.config.get());
    const state = await this.#deps.store.userMfa.find(user.id);
    const secret = state?.sealedSecret ? await this.#open(user.id, state.sealedSecret) : undefined;
    const timeStep = state && secret !== undefined ? await timeStepOf(secret, code) : undefined;
    const accepted =
      state !== null &&
      timeStep !== undefined &&
      (state.active ? await this.#deps.store.userMfa.consumeTimeStep(user.id, timeStep) : await this.#deps.store.userMfa.activate(user.id, state.sealedSecret, timeStep));
    if (!accepted) {
      throw new AppError('mfa.activate.bad_token.app_error', 401, 'That code is not valid for the secret being set up. Enter the current code your authenticator app shows.');
    }
  }

  /**
   * The second step of signing in (Mattermost's CheckUserMfa), after the password was checked: nothing
   * to do unless the user has MFA on and the server allows MFA. A code that is present but wrong
   * counts as a failed sign-in; a missing one does not (clients sign in without one first to learn
   * whether one is needed).
   */
  async checkSignIn(user: User, token: string): Promise<void> {
    if (!user.mfaActive || !this.#deps.config.get().ServiceSettings.EnableMultifactorAuthentication) return;
    const code = token.trim();
    const state = await this.#deps.store.userMfa.find(user.id);
    const secret = state?.sealedSecret ? await this.#open(user.id, state.sealedSecret) : undefined;
    if (!CODE_PATTERN.test(code) || secret === undefined) {
      if (token !== '') await this.#deps.store.users.recordFailedLogin(user.id);
      throw new AppError('mfa.validate_token.authenticate.app_error', 401, 'Enter the 6-digit code from your authenticator app to sign in.');
    }
    const timeStep = await timeStepOf(secret, code);
    if (timeStep === undefined || !(await this.#deps.store.userMfa.consumeTimeStep(user.id, timeStep))) {
      await this.#deps.store.users.recordFailedLogin(user.id);
      throw new AppError('api.user.check_user_mfa.bad_code.app_error', 401, 'The MFA code is not valid, or was already used. Enter the current code from your authenticator app.');
    }
  }

  /**
   * Whether the caller must set up MFA before using the API (Mattermost's MfaRequired): only while
   * MFA is enabled and enforced, and never for bots or accounts of other sign-in services.
   */
  async mustSetUp(session: AuthSession): Promise<boolean> {
    const config = this.#deps.config.get();
    const settings = config.ServiceSettings;
    // GuestAccountsSettings.EnforceMultifactorAuthentication asks it of guests alone.
    const enforced = settings.EnforceMultifactorAuthentication || (config.GuestAccountsSettings.EnforceMultifactorAuthentication && isGuestRoles(session.roles));
    if (!settings.EnableMultifactorAuthentication || !enforced) return false;
    const known = this.#owes.get(session.userId);
    if (known !== undefined) return known;
    const user = await this.#deps.store.users.findById(session.userId);
    const owes = user !== null && !user.isBot && PASSWORD_AUTH_SERVICES.has(user.authService) && !user.mfaActive;
    if (this.#owes.size >= OWES_CACHE_MAX) this.#owes.delete(this.#owes.keys().next().value as string);
    this.#owes.set(session.userId, owes);
    return owes;
  }

  async #user(userId: string): Promise<User> {
    const user = await this.#deps.store.users.findById(userId);
    if (!user) throw AppError.notFound('user', userId);
    return user;
  }

  async #seal(userId: string, secret: string): Promise<string> {
    return sealEnvelope(await this.#key.key(SECRET_PURPOSE), Buffer.from(secret, 'utf8'), sealingContext(userId)).toString('base64');
  }

  /** The secret, or undefined when the stored box does not open (another server's key, or moved to another user's row). */
  async #open(userId: string, sealed: string): Promise<string | undefined> {
    return openEnvelope(await this.#key.key(SECRET_PURPOSE), Buffer.from(sealed, 'base64'), sealingContext(userId))?.toString('utf8');
  }
}

/** Mattermost's refusal of a caller who must set up enforced MFA first (HTTP 403; the WebSocket closes). */
export function mfaRequiredError(): AppError {
  return new AppError('api.context.mfa_required.app_error', 403, 'Multi-factor authentication is required on this server: set it up in your account settings before going on.');
}

function requireEnabled(config: Readonly<Config>): void {
  if (!config.ServiceSettings.EnableMultifactorAuthentication) {
    throw AppError.notImplemented('mfa.mfa_disabled.app_error', 'Multi-factor authentication is disabled on this server (ServiceSettings.EnableMultifactorAuthentication).');
  }
}

/** A sealed secret opens only for the user it was sealed for. */
function sealingContext(userId: string): Buffer {
  return Buffer.from(`parley mfa secret ${userId}`, 'utf8');
}

/** The time step `code` is valid for (within the tolerance), or undefined. */
async function timeStepOf(secret: string, code: string): Promise<number | undefined> {
  if (!CODE_PATTERN.test(code)) return undefined;
  const result = await verify({ secret, token: code, epochTolerance: TOLERANCE_SECONDS });
  // otplib's result type covers HOTP too; a TOTP match names its time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Who the authenticator app lists the account under: the site's host as Mattermost does, else its name. */
function issuerOf(config: Readonly<Config>): string {
  const host = config.ServiceSettings.SiteURL.trim().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
  return host || config.TeamSettings.SiteName;
}

/**
 * The Key URI Format authenticator apps scan: issuer and account name are each percent-encoded, so a
 * colon in a host:port issuer cannot be read as the separator between them.
 */
function otpauthUri(issuer: string, account: string, secret: string): string {
  const encodedIssuer = encodeURIComponent(issuer);
  return `otpauth://totp/${encodedIssuer}:${encodeURIComponent(account)}?secret=${secret}&issuer=${encodedIssuer}&algorithm=SHA1&digits=6&period=30`;
}
