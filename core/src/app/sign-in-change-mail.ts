// Mattermost's SendSignInChangeEmail: once an account's sign-in method has changed, its address is
// told which way it signs in now, so that a switch its owner did not make does not go unnoticed.
// The switch has already happened when this is sent: a mail server that fails is logged, not fatal.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { User } from '../store/entities/user.ts';
import type { SendMail } from './mail-sender.ts';
import { ssoDisplayName } from './sso-services.ts';

export interface SignInChangeMailDeps {
  config: ConfigService;
  logger: Logger;
  sendMail: SendMail;
}

export function sendSignInChangeMail(deps: SignInChangeMailDeps, user: User): void {
  const site = deps.config.get().TeamSettings.SiteName;
  const method = user.authService === '' ? 'email and password' : user.authService === 'ldap' ? 'AD/LDAP' : ssoDisplayName(user.authService);
  const text = `You now sign in to ${site} with ${method}. If you did not make this change, tell your system administrator at once.`;
  const html = `<p>You now sign in to ${escapeHtml(site)} with ${escapeHtml(method)}.</p><p>If you did not make this change, tell your system administrator at once.</p>`;
  deps.sendMail({ to: user.email, subject: `[${site}] Your sign-in method has changed`, text, html }).catch((err: unknown) => {
    deps.logger.warn('could not send the sign-in change email', { user_id: user.id, error: String(err) });
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
