// /plugins/{plugin_id}/...: requests for a plugin, outside /api/v4. `public/` files are served from
// the plugin's folder without calling it; everything else goes to its serveHttp hook with the path
// below the plugin's id (who is calling: see plugin-request.ts).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';
import type { Next } from 'koa';
import { AppError } from '../../errors/app-error.ts';
import type { ParleyContext, ParleyState } from '../context.ts';
import { pluginForwarder, type PluginRequestDeps } from '../plugin-request.ts';

const PLUGIN_PATH = /^\/plugins\/([a-zA-Z0-9-_.]{3,190})(\/.*)?$/;
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

/**
 * Every public file runs sandboxed, whatever it is and however it is opened (a view in the client's
 * iframe, or a page a user is lured to): `sandbox` without allow-same-origin gives it an opaque
 * origin, so its scripts cannot read the server's cookies or storage, and `connect-src 'none'`
 * leaves it no network but its own files. A view talks to the client only through postMessage
 * (plugin-api's view-bridge), and only the client may frame it.
 */
const PUBLIC_FILE_POLICY = [
  'sandbox allow-scripts allow-forms allow-popups allow-modals',
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "media-src 'self' blob: mediastream:",
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** A koa middleware: mount it before authentication and body parsing (it reads its own body). */
export function pluginHttpRoutes(deps: PluginRequestDeps): Koa.Middleware<ParleyState> {
  const forward = pluginForwarder(deps);
  return async function servePluginHttp(ctx, next: Next): Promise<void> {
    const match = PLUGIN_PATH.exec(ctx.path);
    if (!match) return next();
    const pluginCtx = ctx as unknown as ParleyContext;
    const pluginId = match[1].toLowerCase();
    const rest = match[2] ?? '/';
    await deps.runtime.installedKnown;
    const plugin = await deps.runtime.active.whenRunning(pluginId);
    if (!plugin) throw new AppError('api.plugin.not_found.app_error', 404, `No running plugin has the id ${pluginId}.`);
    if (rest === '/public' || rest.startsWith('/public/')) {
      return forward.withSession(pluginCtx, () => servePublic(pluginCtx, deps.runtime.folderOf(pluginId), rest.slice('/public'.length)));
    }
    if (!plugin.process.hooks.has('serveHttp')) throw new AppError('api.plugin.not_found.app_error', 404, `Plugin ${pluginId} does not serve HTTP requests.`);
    await forward.toPlugin(pluginCtx, pluginId, rest);
  };
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
  ctx.set('Content-Security-Policy', PUBLIC_FILE_POLICY);
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.length = info.size;
  // koa answers HEAD with the headers alone; a stream opened for it would never be read.
  if (ctx.method === 'GET') ctx.body = createReadStream(realFile);
}
