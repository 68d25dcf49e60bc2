// The cookies a browser session lives in, Mattermost's: the token (HttpOnly), the user id and the
// CSRF token (both readable by the page), set together when someone signs in.
import type Koa from 'koa';
import type { Session } from '../store/entities/session.ts';
import { CSRF_COOKIE, SESSION_COOKIE, USER_ID_COOKIE } from '../wire/request-credentials.ts';

export function setSessionCookies(ctx: Koa.Context, userId: string, session: Session, token: string): void {
  const maxAge = session.expiresAt - Date.now();
  const secure = ctx.protocol === 'https';
  ctx.cookies.set(SESSION_COOKIE, token, { httpOnly: true, maxAge, sameSite: 'lax', secure, overwrite: true });
  ctx.cookies.set(USER_ID_COOKIE, userId, { httpOnly: false, maxAge, sameSite: 'lax', secure, overwrite: true });
  ctx.cookies.set(CSRF_COOKIE, session.csrfToken, { httpOnly: false, maxAge, sameSite: 'lax', secure, overwrite: true });
}
