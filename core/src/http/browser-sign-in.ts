// What the browser sign-in routes share (OpenID Connect's and SAML's): errors shown on the web
// app's /error page rather than as JSON, the only places a sign-in may go on to, and the site's
// own address.
import type { ConfigService } from '../config/config-service.ts';
import type { ParleyContext } from './context.ts';
import { AppError } from '../errors/app-error.ts';
import { toAppError } from '../errors/to-app-error.ts';
import { SSO_LOGIN_TTL_MS } from '../app/sso-sign-in.ts';

/** Mattermost's cookie binding a sign-in to the browser that began it. */
export const OAUTH_COOKIE = 'MMOAUTH';

/** Binds a sign-in to this browser. Lax: the provider sends the browser back with a top-level GET, which carries it. */
export function setOAuthCookie(ctx: ParleyContext, browserSecret: string): void {
  ctx.cookies.set(OAUTH_COOKIE, browserSecret, { httpOnly: true, sameSite: 'lax', secure: ctx.protocol === 'https', maxAge: SSO_LOGIN_TTL_MS, overwrite: true });
}

/** ServiceSettings.SiteURL without its trailing slash, or the address the request came to. */
export function siteBase(config: ConfigService, ctx: ParleyContext): string {
  return config.get().ServiceSettings.SiteURL.replace(/\/+$/, '') || `${ctx.protocol}://${ctx.host}`;
}

/** Runs a browser route: its errors are logged and shown on the web app's error page, never as JSON. */
export async function renderingErrors(ctx: ParleyContext, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const error = toAppError(err);
    if (error.status >= 500) ctx.state.log.error('sign-in failed', { error_id: error.id, details: error.details, cause: String(err instanceof Error && err.cause ? err.cause : err) });
    else ctx.state.log.info('sign-in refused', { error_id: error.id, details: error.details });
    redirectToError(ctx, { message: error.message });
  }
}

export function redirectToError(ctx: ParleyContext, params: Record<string, string>): void {
  ctx.redirect(`/error?${new URLSearchParams(params).toString()}`);
}

/** Only a path of this site is a place to go after signing in (Mattermost's ValidateWebAuthRedirectUrl). */
export function safeRedirectPath(value: string): string {
  if (value === '') return '';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f]/.test(value)) {
    throw new AppError('api.invalid_redirect_url', 400, 'The address to go to after signing in (redirect_to) must be a page of this site.', { details: `redirect_to=${value.slice(0, 200)}` });
  }
  return value;
}
