// /plugins/{plugin_id}/...: requests for a plugin, outside /api/v4. `public/` files are served from
// the plugin's folder without calling it; everything else goes to its serveHttp hook.
//
// Mattermost's rule for who is calling: the plugin is told a user id only when the request carries
// a valid session (Authorization header, access_token query, or the session cookie with its CSRF
// token on non-GET requests). Anything else — no token, a bad token, a cookie without CSRF — is
// passed on as anonymous, never refused. The caller's credentials and any incoming
// Mattermost-User-Id header are never forwarded.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';
import type { Next } from 'koa';
import type { HttpRequest } from '@parley/plugin-api';
import type { SessionService } from '../../app/session-service.ts';
import type { ConfigService } from '../../config/config-service.ts';
import { AppError } from '../../app/app-error.ts';
import type { PluginRuntime } from '../../plugins/plugin-runtime.ts';
import type { ParleyContext, ParleyState } from '../context.ts';
import { readTextBody } from '../read-text-body.ts';
import { hookContext } from '../hook-context.ts';
import { passesCsrf, tokenFrom } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';

export interface PluginHttpDeps {
  runtime: PluginRuntime;
  sessions: SessionService;
  config: ConfigService;
}

const PLUGIN_PATH = /^\/plugins\/([a-zA-Z0-9-_.]{3,190})(\/.*)?$/;
/** Never forwarded to a plugin: the caller's credentials and identity claims. */
const STRIPPED_REQUEST_HEADERS = new Set(['authorization', 'cookie', 'x-csrf-token', 'mattermost-user-id', 'mattermost-plugin-id', 'referer']);
/** Never taken from a plugin's answer: connection management is the server's, cookies belong to the server's origin. */
const REFUSED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate', 'content-length', 'set-cookie']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** A koa middleware: mount it before authentication and body parsing (it reads its own body). */
export function pluginHttpRoutes(deps: PluginHttpDeps): Koa.Middleware<ParleyState> {
  const limitRate = rateLimit(deps.config);
  return async function servePluginHttp(ctx, next: Next): Promise<void> {
    const match = PLUGIN_PATH.exec(ctx.path);
    if (!match) return next();
    const pluginCtx = ctx as unknown as ParleyContext;
    const pluginId = match[1].toLowerCase();
    const rest = match[2] ?? '/';
    const plugin = deps.runtime.active.get(pluginId);
    if (!plugin) throw new AppError('api.plugin.not_found.app_error', 404, `No running plugin has the id ${pluginId}.`);
    const session = await optionalSession(pluginCtx, deps.sessions);
    if (session) ctx.state.session = session;
    await limitRate(pluginCtx, async () => {
      if (rest === '/public' || rest.startsWith('/public/')) return servePublic(pluginCtx, deps.runtime.folderOf(pluginId), rest.slice('/public'.length));
      if (!plugin.process.hooks.has('serveHttp')) throw new AppError('api.plugin.not_found.app_error', 404, `Plugin ${pluginId} does not serve HTTP requests.`);
      const request: HttpRequest = {
        method: ctx.method,
        path: rest,
        query: query(ctx.querystring),
        headers: forwardedHeaders(ctx.headers, session?.userId),
        user_id: session?.userId ?? '',
        body: await readTextBody(pluginCtx, deps.config.get().ServiceSettings.MaximumPayloadSizeBytes),
      };
      const response = await deps.runtime.dispatcher.serveHttp(pluginId, hookContext(pluginCtx), request);
      respond(pluginCtx, pluginId, response);
    });
  };
}

async function optionalSession(ctx: ParleyContext, sessions: SessionService) {
  const found = tokenFrom(ctx);
  if (!found) return undefined;
  const session = await sessions.authenticate(found.token);
  if (!session) return undefined;
  if (found.source === 'cookie' && !passesCsrf(ctx, session.csrfToken)) return undefined;
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

async function servePublic(ctx: ParleyContext, folder: string | undefined, relative: string): Promise<void> {
  const notFound = () => new AppError('api.plugin.public_file.not_found.app_error', 404, 'The plugin has no such public file.', { details: relative });
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new AppError('api.context.405.app_error', 405, `${ctx.method} is not allowed on a plugin's public files.`);
  if (!folder) throw notFound();
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    throw notFound();
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) throw notFound();
  const root = path.join(folder, 'public');
  const file = path.resolve(root, `.${decoded}`);
  // Resolve links too: whatever the name says, the file must really lie inside public/.
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => ''), realpath(file).catch(() => '')]);
  if (!realRoot || !realFile || !realFile.startsWith(realRoot + path.sep)) throw notFound();
  const info = await stat(realFile);
  if (!info.isFile()) throw notFound();
  ctx.status = 200;
  ctx.type = CONTENT_TYPES[path.extname(realFile).toLowerCase()] ?? 'application/octet-stream';
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.length = info.size;
  // koa answers HEAD with the headers alone; a stream opened for it would never be read.
  if (ctx.method === 'GET') ctx.body = createReadStream(realFile);
}
