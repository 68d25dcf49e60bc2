// Password reset by email, Mattermost's flow: POST /users/password/reset/send mails a single-use link
// (a token kept with the invitation tokens, type password_recovery) to the account with that
// address, and POST /users/password/reset sets a new password with the token within a day (24 hours). The
// first answers the same whether or not the address has an account, so it tells nobody who is
// registered; accounts that sign in through a provider have no password here and are refused, with
// Mattermost's error ids. A reset ends every session of the account.
import { randomBytes } from 'node:crypto';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { InvitationToken } from '../store/invitation-token-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { INVITATION_EXPIRY_MS } from './email-invitations.ts';
import type { SendMail } from './mail-sender.ts';
import { checkPasswordRules, hashPassword } from './password.ts';
import type { SessionService } from './session-service.ts';

export const PASSWORD_RECOVERY = 'password_recovery';
/** Mattermost's PasswordRecoverExpiryTime. */
export const PASSWORD_RESET_EXPIRY_MS = 24 * 60 * 60 * 1000;

export interface PasswordResetDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  sessions: SessionService;
  sendMail: SendMail;
}

export class PasswordReset {
  #deps: PasswordResetDeps;

  constructor(deps: PasswordResetDeps) {
    this.#deps = deps;
  }

  /** Mails a reset link to the account with `email`; nothing happens (and nothing is said) when there is none. */
  async send(email: string): Promise<void> {
    const { store } = this.#deps;
    const user = await store.users.findByEmail(email);
    if (!user || user.isBot) return;
    if (user.authData) {
      throw new AppError('api.user.send_password_reset.sso.app_error', 400, 'This account signs in with single sign-on or AD/LDAP: its password is managed there, so it cannot be reset here.');
    }
    const now = Date.now();
    const token: InvitationToken = { token: randomBytes(32).toString('hex'), type: PASSWORD_RECOVERY, extra: { userId: user.id, email: user.email }, createAt: now };
    // Purging by age must spare guest invitations, which live longer in the same table.
    await store.invitationTokens.insert([token], now - INVITATION_EXPIRY_MS);
    try {
      await this.#deps.sendMail(resetMail(this.#deps.config.get().ServiceSettings.SiteURL.replace(/\/+$/, ''), user.email, token.token));
    } catch (err) {
      await store.invitationTokens.take(token.token);
      this.#deps.logger.warn('could not send a password reset email', { user_id: user.id, error: String(err) });
      throw new AppError('api.user.send_password_reset.send.app_error', 500, 'The password reset email could not be sent: ask an administrator to check the SMTP settings (EmailSettings).');
    }
  }

  /** Sets `newPassword` on the account a live token names and answers its id; the token is used up unless the password breaks the rules. */
  async reset(tokenValue: string, newPassword: string): Promise<string> {
    const { store } = this.#deps;
    const token = await store.invitationTokens.take(tokenValue);
    if (token && token.type !== PASSWORD_RECOVERY) await store.invitationTokens.insert([token], 0);
    if (!token || token.type !== PASSWORD_RECOVERY) throw invalidLink();
    if (Date.now() - token.createAt >= PASSWORD_RESET_EXPIRY_MS) {
      throw new AppError('api.user.reset_password.link_expired.app_error', 400, 'The password reset link has expired (it works for 24 hours): ask for a new one.');
    }
    const user = await store.users.findById(token.extra.userId);
    // A link sent to an address the account no longer has is void.
    if (!user || user.email !== token.extra.email) throw invalidLink();
    if (user.authData) {
      throw new AppError('api.user.reset_password.sso.app_error', 400, 'This account signs in with single sign-on or AD/LDAP: its password is managed there, so it cannot be reset here.');
    }
    try {
      checkPasswordRules(newPassword, this.#deps.config.get().PasswordSettings);
    } catch (err) {
      await store.invitationTokens.insert([token], 0);
      throw err;
    }
    const now = Date.now();
    await store.users.update(user.id, { passwordHash: await hashPassword(newPassword), lastPasswordUpdate: now, updateAt: now, failedAttempts: 0 });
    await this.#deps.sessions.revokeAllForUser(user.id);
    this.#deps.logger.info('password reset by email', { user_id: user.id });
    return user.id;
  }
}

function invalidLink(): AppError {
  return new AppError('api.user.reset_password.invalid_link.app_error', 400, 'The password reset link is not valid (it was used already, or mistyped): ask for a new one.');
}

function resetMail(siteUrl: string, to: string, token: string) {
  const link = `${siteUrl}/reset_password_complete?token=${token}`;
  const text = `Someone asked to reset the password of your account. If it was you, choose a new password here (the link works for 24 hours, once): ${link}\n\nIf it was not you, ignore this email: your password stays as it is.`;
  const html = `<p>Someone asked to reset the password of your account. If it was you, <a href="${link}">choose a new password</a> (the link works for 24 hours, once).</p><p>If it was not you, ignore this email: your password stays as it is.</p>`;
  return { to, subject: 'Reset your password', text, html };
}
