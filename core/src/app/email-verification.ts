// Email verification, Mattermost's flow under EmailSettings.RequireEmailVerification: an account
// signed up with email and password starts unverified and is mailed a single-use link (a token kept
// with the invitation tokens, type verify_email, naming the account and the address); until the
// link is used, signing in is refused (UserService, api.user.login.not_verified.app_error). A new
// address chosen later takes effect only when the link mailed to it is used, so nobody can put an
// address they do not control on their account. The link can be sent again without saying whether
// the address has an account, and a system admin can mark an account verified by hand.
import { randomBytes } from 'node:crypto';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import type { InvitationToken } from '../store/invitation-token-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import { escapeHtml, INVITATION_EXPIRY_MS } from './email-invitations.ts';
import type { SendMail } from './mail-sender.ts';
import { PASSWORD_RESET_EXPIRY_MS } from './password-reset.ts';
import type { PermissionService } from './permission-service.ts';
import { updateUserRow } from './user-writes.ts';

export const VERIFY_EMAIL = 'verify_email';
/** Mattermost checks a verification link's age against its password recovery expiry: 24 hours. */
const VERIFY_EMAIL_EXPIRY_MS = PASSWORD_RESET_EXPIRY_MS;

export interface EmailVerificationDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  sendMail: SendMail;
}

export class EmailVerification {
  #deps: EmailVerificationDeps;

  constructor(deps: EmailVerificationDeps) {
    this.#deps = deps;
  }

  /** Whether accounts must prove their address before they sign in. */
  required(): boolean {
    return this.#deps.config.get().EmailSettings.RequireEmailVerification;
  }

  /**
   * Mails `email` a link that, once used, makes it the account's verified address. The account
   * already exists when this is called: a mail server that fails is logged, and the owner can ask
   * for the link again.
   */
  async send(user: User, email: string): Promise<void> {
    const { store, logger } = this.#deps;
    const now = Date.now();
    const token: InvitationToken = { token: randomBytes(32).toString('hex'), type: VERIFY_EMAIL, extra: { userId: user.id, email }, createAt: now };
    // Purging by age must spare guest invitations, which live longer in the same table.
    await store.invitationTokens.insert([token], now - INVITATION_EXPIRY_MS);
    try {
      await this.#deps.sendMail(verificationMail(this.#deps.config.get().ServiceSettings.SiteURL.replace(/\/+$/, ''), email, token.token));
    } catch (err) {
      await store.invitationTokens.take(token.token);
      logger.warn('could not send an email verification link', { user_id: user.id, error: String(err) });
    }
  }

  /** POST /users/email/verify/send: mails a new link to the unverified account with `email`; says nothing either way. */
  async resend(email: string): Promise<void> {
    const user = await this.#deps.store.users.findByEmail(email);
    if (!user || user.isBot || user.emailVerified || user.deleteAt > 0) return;
    await this.send(user, user.email);
  }

  /** POST /users/email/verify: the link's token makes its address the account's, verified; answers the account. */
  async verify(tokenValue: string): Promise<User> {
    const { store } = this.#deps;
    const token = await store.invitationTokens.take(tokenValue);
    if (token && token.type !== VERIFY_EMAIL) await store.invitationTokens.insert([token], 0);
    if (!token || token.type !== VERIFY_EMAIL) throw badLink('no such verification token');
    if (Date.now() - token.createAt >= VERIFY_EMAIL_EXPIRY_MS) throw badLink('the link has expired');
    const user = await store.users.findById(token.extra.userId);
    if (!user) throw badLink('the account is gone');
    const email = token.extra.email;
    // Another account may have taken the address while the link was on its way (app.user.save.email_exists.app_error).
    const updated = await updateUserRow(this.#deps, user.id, { email, emailVerified: true, updateAt: Date.now() });
    if (user.email !== email) this.#tellOldAddress(user, email);
    this.#deps.logger.info('email address verified', { user_id: user.id });
    return updated;
  }

  /** POST /users/{id}/email/verify/member: a system admin vouches for the account's current address. */
  async markVerified(actor: Actor, userId: string): Promise<User> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    if (!(await this.#deps.store.users.findById(userId))) throw AppError.notFound('user', userId);
    return updateUserRow(this.#deps, userId, { emailVerified: true, updateAt: Date.now() });
  }

  // Mattermost's SendEmailChangeEmail: the address the account leaves hears of it, so that a change
  // its owner did not make does not go unnoticed. The change is done: a failing mail server is logged.
  #tellOldAddress(user: User, newEmail: string): void {
    const site = this.#deps.config.get().TeamSettings.SiteName;
    const text = `The email address of your ${site} account was changed to ${newEmail}. If you did not make this change, tell your system administrator at once.`;
    const html = `<p>${escapeHtml(text)}</p>`;
    this.#deps.sendMail({ to: user.email, subject: `[${site}] Your email address has changed`, text, html }).catch((err: unknown) => {
      this.#deps.logger.warn('could not send the email change notice', { user_id: user.id, error: String(err) });
    });
  }
}

function badLink(details: string): AppError {
  return new AppError('api.user.verify_email.bad_link.app_error', 400, 'The email verification link is not valid (used already, older than 24 hours, or mistyped): ask for a new one.', { details });
}

function verificationMail(siteUrl: string, to: string, token: string) {
  const link = `${siteUrl}/do_verify_email?token=${token}&email=${encodeURIComponent(to)}`;
  const text = `Please verify your email address by opening this link (it works for 24 hours, once): ${link}\n\nIf you did not ask for this, ignore this email.`;
  const html = `<p>Please <a href="${escapeHtml(link)}">verify your email address</a> (the link works for 24 hours, once).</p><p>If you did not ask for this, ignore this email.</p>`;
  return { to, subject: 'Verify your email address', text, html };
}
