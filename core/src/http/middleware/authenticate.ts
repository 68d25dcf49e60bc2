// Finds the caller: `Authorization: Bearer|Token <token>`, else the MMAUTHTOKEN cookie (with
// Mattermost's CSRF rule for non-GET requests), else an `access_token` query parameter.
import type { Next } from 'koa';
import type { SessionService } from '../../app/session-service.ts';
import { AppError } from '../../app/app-error.ts';
import type { ParleyContext, ParleyState } from '../context.ts';

export const SESSION_COOKIE = 'MMAUTHTOKEN';
export const USER_ID_COOKIE = 'MMUSERID';
export const CSRF_COOKIE = 'MMCSRF';

export function authenticate(sessions: SessionService) {
  return async function authenticateRequest(ctx: ParleyContext, next: Next): Promise<void> {
    const found = tokenFrom(ctx);
    if (found) {
      const session = await sessions.authenticate(found.token);
      if (session) {
        if (found.source === 'cookie' && !passesCsrf(ctx, session.csrfToken)) {
          throw new AppError('api.context.session_expired.app_error', 401, 'The request was refused: its CSRF token is missing or wrong.', {
            details: 'token_location=cookie',
          });
        }
        ctx.state.session = session;
        ctx.state.tokenSource = found.source;
        ctx.state.log = ctx.state.log.child({ user_id: session.userId });
      }
    }
    return next();
  };
}

/** The token a request presents, wherever it put it. */
export function tokenFrom(ctx: { get(name: string): string; cookies: { get(name: string): string | undefined }; query: Record<string, unknown> }): { token: string; source: NonNullable<ParleyState['tokenSource']> } | null {
  const header = /^(?:bearer|token)\s+(\S+)$/i.exec(ctx.get('Authorization'));
  if (header) return { token: header[1], source: 'header' };
  const cookie = ctx.cookies.get(SESSION_COOKIE);
  if (cookie) return { token: cookie, source: 'cookie' };
  const query = ctx.query.access_token;
  if (typeof query === 'string' && query) return { token: query, source: 'query' };
  return null;
}

// Mattermost's non-strict rule: a non-GET request authenticated by cookie must carry the session's
// CSRF token in X-CSRF-Token, or (older clients) X-Requested-With: XMLHttpRequest.
export function passesCsrf(ctx: Pick<ParleyContext, 'method' | 'get'>, expected: string): boolean {
  if (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'OPTIONS') return true;
  const sent = ctx.get('X-CSRF-Token');
  if (sent) return sent === expected;
  return ctx.get('X-Requested-With') === 'XMLHttpRequest';
}
