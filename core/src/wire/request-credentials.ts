// How a request presents its credentials, Mattermost's way: `Authorization: Bearer|Token <token>`,
// else the MMAUTHTOKEN cookie (with its CSRF rule for non-GET requests), else an `access_token` query
// parameter. Shared by the HTTP API, plugin requests and the WebSocket upgrade.

export const SESSION_COOKIE = 'MMAUTHTOKEN';
export const USER_ID_COOKIE = 'MMUSERID';
export const CSRF_COOKIE = 'MMCSRF';

/** Where the token came from: a cookie needs a CSRF token on non-GET requests. */
export type TokenSource = 'header' | 'cookie' | 'query';

/** The token a request presents, wherever it put it. */
export function tokenFrom(ctx: { get(name: string): string; cookies: { get(name: string): string | undefined }; query: Record<string, unknown> }): { token: string; source: TokenSource } | null {
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
export function passesCsrf(ctx: { method: string; get(name: string): string }, expected: string): boolean {
  if (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'OPTIONS') return true;
  const sent = ctx.get('X-CSRF-Token');
  if (sent) return sent === expected;
  return ctx.get('X-Requested-With') === 'XMLHttpRequest';
}
