// The browser app (chat, login page and System Console) built by `npm run build:webapp` into
// dist/webapp: its pages answer index.html (the app routes in the browser), /static/ serves the
// content-hashed bundles and their lazily loaded chunks, in the compressed form the build wrote
// beside each (Brotli, else gzip) when the browser accepts it. Mounted after the API: paths under /api,
// /plugins and /hooks are never answered here, so their 404s stay Mattermost's JSON errors.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';
import type { Next } from 'koa';
import type { ParleyState } from '../context.ts';
import { teamNameProblem } from '../../app/team-name.ts';

export const WEBAPP_DIR = path.resolve(import.meta.dirname, '../../../../dist/webapp');

/** The app's own pages; any path below them is a page too (the browser app tells them apart). */
const PAGE_ROOTS = ['/login', '/admin_console', '/plug', '/error', '/reset_password', '/reset_password_complete'];
/** A team's chat pages, at Mattermost's addresses: /<team>/channels/<name>, /<team>/messages/@<user>, /<team>/pl/<post id>, /<team>/threads. */
const TEAM_PAGE = /^\/([^/]+)\/(?:channels|messages|pl|threads)(?:\/|$)/;
/** Never pages, whatever follows: the API, plugins' own routes and incoming webhooks. */
const NEVER_PAGES = new Set(['api', 'plugins', 'hooks']);
const ASSET = /^\/static\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** The compressed copies the build writes beside each asset (scripts/build-webapp.ts), best first: Content-Encoding and file suffix. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
const NOT_BUILT = 'The web app is not built. Run `npm run build:webapp` (npm start and npm test run it for you), then reload this page.\n';
// The app loads only its own scripts and stylesheet; marketplace icons are data: URLs. It frames only
// plugin views (served sandboxed, see plugin-http-routes.ts) and talks to its own server (WebSocket included).
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; frame-src 'self'; connect-src 'self' ws: wss:";
/** A script written into the page itself (the build inlines its startup script): `<script>` without attributes. */
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

export function webappRoutes(dir = WEBAPP_DIR): Koa.Middleware<ParleyState> {
  return async function serveWebapp(ctx, next: Next): Promise<void> {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const asset = ASSET.exec(ctx.path);
    if (asset) return serveAsset(ctx, dir, asset[1], next);
    if (isPage(ctx.path)) return servePage(ctx, dir);
    return next();
  };
}

function isPage(pathname: string): boolean {
  if (pathname === '/' || PAGE_ROOTS.some((root) => pathname === root || pathname.startsWith(`${root}/`))) return true;
  const team = TEAM_PAGE.exec(pathname)?.[1];
  return team !== undefined && !NEVER_PAGES.has(team) && teamNameProblem(team) === null;
}

async function servePage(ctx: Koa.ParameterizedContext<ParleyState>, dir: string): Promise<void> {
  const html = await readFile(path.join(dir, 'index.html')).catch(() => undefined);
  if (!html) return notBuilt(ctx);
  ctx.type = 'text/html; charset=utf-8';
  // Always asked again, so a rebuilt app (new hashed bundle names) is picked up at once.
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('Content-Security-Policy', pagePolicy(html.toString('utf8')));
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.body = html;
}

/**
 * The page's policy, which lets exactly the inline scripts the build wrote into it run, each named by
 * its hash: an inline script injected in any other way matches none and stays inert.
 */
function pagePolicy(html: string): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map((script) => `'sha256-${createHash('sha256').update(script[1], 'utf8').digest('base64')}'`);
  return hashes.length === 0 ? CONTENT_SECURITY_POLICY : `${CONTENT_SECURITY_POLICY}; script-src 'self' ${hashes.join(' ')}`;
}

function notBuilt(ctx: Koa.ParameterizedContext<ParleyState>): void {
  ctx.status = 503;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = NOT_BUILT;
}

async function serveAsset(ctx: Koa.ParameterizedContext<ParleyState>, dir: string, name: string, next: Next): Promise<void> {
  const type = CONTENT_TYPES[path.extname(name)];
  if (!type) return next();
  const file = path.join(dir, 'static', name);
  const { body, encoding } = (await readCompressed(ctx, file)) ?? { body: await readFile(file).catch(() => undefined), encoding: undefined };
  if (!body) return next();
  ctx.type = type;
  // The names carry a hash of the content: a changed file gets a new name.
  ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.vary('Accept-Encoding');
  if (encoding) ctx.set('Content-Encoding', encoding);
  ctx.body = body;
}

/** The best compressed copy of `file` the browser accepts, if the build wrote one. */
async function readCompressed(ctx: Koa.ParameterizedContext<ParleyState>, file: string): Promise<{ body: Buffer; encoding: string } | undefined> {
  // Browsers list gzip before br, and koa's negotiation follows their order: ask for each ourselves, best first.
  for (const { encoding, suffix } of PRECOMPRESSED) {
    if (ctx.acceptsEncodings(encoding) !== encoding) continue;
    const body = await readFile(file + suffix).catch(() => undefined);
    if (body) return { body, encoding };
  }
  return undefined;
}
