// Hands an HTTP request to a plugin's serveHttp hook and writes its answer: shared by
// /plugins/{id}/... and by the core paths a trusted plugin owns (/hooks/..., /api/v4/commands...).
//
// Mattermost's rule for who is calling: the plugin is told a user id only when the request carries
// a valid session (Authorization header, access_token query, or the session cookie with its CSRF
// token on non-GET requests). Anything else — no token, a bad token, a cookie without CSRF — is
// passed on as anonymous, never refused; so is a user who must first set up enforced MFA (the API
// refuses them; a plugin must not act for them either). The caller's credentials and any incoming
// Mattermost-User-Id header are never forwarded.
import type { HttpRequest } from '@parley/plugin-api';
import type { SessionService } from '../app/session-service.ts';
import type { MfaService } from '../app/mfa-service.ts';
import type { ConfigService } from '../config/config-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { PluginRuntime } from '../plugins/runtime/plugin-runtime.ts';
import type { ParleyContext } from './context.ts';
import { readTextBody } from './read-text-body.ts';
import { hookContext } from './hook-context.ts';
import { passesCsrf, tokenFrom } from '../wire/request-credentials.ts';
import { rateLimit } from './middleware/rate-limit.ts';

export interface PluginRequestDeps {
  runtime: PluginRuntime;
  sessions: SessionService;
  config: ConfigService;
  mfa: Pick<MfaService, 'mustSetUp'>;
}

/** Never forwarded to a plugin: the caller's credentials and identity claims. */
const STRIPPED_REQUEST_HEADERS = new Set(['authorization', 'cookie', 'x-csrf-token', 'mattermost-user-id', 'mattermost-plugin-id', 'referer']);
/** Never taken from a plugin's answer: connection management is the server's, cookies belong to the server's origin. */
const REFUSED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate', 'content-length', 'set-cookie']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;

export interface PluginForwarder {
  /** Runs `work` with the caller's session (if valid) on ctx.state and within the rate limit. */
  withSession(ctx: ParleyContext, work: () => Promise<void>): Promise<void>;
  /** Sends the request to the plugin's serveHttp as `path` and writes the plugin's answer. */
  toPlugin(ctx: ParleyContext, pluginId: string, path: string): Promise<void>;
}

export function pluginForwarder(deps: PluginRequestDeps): PluginForwarder {
  const limitRate = rateLimit(deps.config);
  const withSession = async (ctx: ParleyContext, work: () => Promise<void>) => {
    const session = await optionalSession(ctx, deps);
    if (session) ctx.state.session = session;
    await limitRate(ctx, work);
  };
  return {
    withSession,
    toPlugin: (ctx, pluginId, path) =>
      withSession(ctx, async () => {
        const userId = ctx.state.session?.userId;
        const request: HttpRequest = {
          method: ctx.method,
          path,
          query: query(ctx.querystring),
          headers: forwardedHeaders(ctx.headers, userId),
          user_id: userId ?? '',
          body: await readTextBody(ctx, deps.config.get().ServiceSettings.MaximumPayloadSizeBytes),
        };
        const response = await deps.runtime.dispatcher.serveHttp(pluginId, hookContext(ctx), request);
        respond(ctx, pluginId, response);
      }),
  };
}

async function optionalSession(ctx: ParleyContext, deps: PluginRequestDeps) {
  const found = tokenFrom(ctx);
  if (!found) return undefined;
  const session = await deps.sessions.authenticate(found.token);
  if (!session) return undefined;
  if (found.source === 'cookie' && !passesCsrf(ctx, session.csrfToken)) return undefined;
  if (await deps.mfa.mustSetUp(session)) return undefined;
  return session;
}

function query(querystring: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(querystring)) if (name !== 'access_token' && !(name in out)) out[name] = value;
  return out;
}

function forwardedHeaders(incoming: Record<string, string | string[] | undefined>, userId: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || STRIPPED_REQUEST_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (userId) headers['mattermost-user-id'] = userId;
  return headers;
}

function respond(ctx: ParleyContext, pluginId: string, response: { status?: unknown; headers?: unknown; body?: unknown }): void {
  const status = response.status ?? 200;
  const invalid = (why: string) => new AppError('plugin.http.invalid_response', 502, `Plugin ${pluginId} answered with an invalid response: ${why}.`);
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) throw invalid('status must be an integer from 200 to 599');
  const body = response.body ?? '';
  if (typeof body !== 'string') throw invalid('body must be a string');
  const headers = response.headers ?? {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) throw invalid('headers must be an object');
  let contentType = 'text/plain; charset=utf-8';
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || !HEADER_NAME.test(name) || /[\r\n\0]/.test(value) || REFUSED_RESPONSE_HEADERS.has(lower)) continue;
    if (lower === 'content-type') contentType = value;
    else ctx.set(name, value);
  }
  ctx.status = status;
  // Set verbatim and first: koa would add a charset, or guess text/html for a body starting with "<".
  ctx.set('Content-Type', contentType);
  ctx.body = body;
}
