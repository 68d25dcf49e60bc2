// Files: Mattermost's upload (POST /files, multipart), downloads of a file, its thumbnail and
// preview, file infos alone or per post, and public links (GET /files/{id}/link, and outside
// /api/v4 the link itself, GET /files/{id}/public?h=, which needs no session).
import Router from '@koa/router';
import type Koa from 'koa';
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, requireActor, stringQuery, type ParleyContext, type ParleyState } from '../context.ts';
import { siteBase } from '../browser-sign-in.ts';
import { hookContext } from '../hook-context.ts';
import { readMultipart } from '../multipart-file.ts';
import type { FileContent, FileService, FileVariant } from '../../app/file-service.ts';
import { toWireFileInfo } from '../../wire/file-info.ts';

/** Types a browser may show in the page; anything else is always a download (Mattermost's MediaContentTypes). */
const INLINE_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/gif', 'image/tiff', 'video/avi', 'video/mpeg', 'video/mp4', 'audio/mpeg', 'audio/wav'];
/** Types served as plain text so an uploaded file can never run as script in the server's origin. */
const UNSAFE_TYPES = ['application/javascript', 'application/ecmascript', 'text/javascript', 'text/ecmascript', 'application/x-javascript', 'text/html'];
/** Files never change once uploaded. */
const CACHE_SECONDS = 30 * 24 * 60 * 60;

export function fileRoutes(api: ApiRouter, { services, config }: RouteDeps): void {
  const files = services.files;

  api.post('/files', async (ctx) => {
    const result = await files.upload(requireActor(ctx), {
      channelId: stringQuery(ctx, 'channel_id'),
      forBookmark: boolQuery(ctx, 'bookmark'),
      ctx: hookContext(ctx),
      receive: async (sink) => {
        await readMultipart(ctx.req, ctx.get('Content-Type'), { param: 'files', ...sink });
      },
    });
    ctx.status = 201;
    ctx.body = { file_infos: result.files.map(toWireFileInfo), client_ids: result.clientIds };
  });

  api.get('/files/:file_id', (ctx) => sendFile(ctx, files, 'file'));
  api.get('/files/:file_id/thumbnail', (ctx) => sendFile(ctx, files, 'thumbnail'));
  api.get('/files/:file_id/preview', (ctx) => sendFile(ctx, files, 'preview'));

  api.get('/files/:file_id/info', async (ctx) => {
    ctx.body = toWireFileInfo(await files.info(requireActor(ctx), idParam(ctx, 'file_id')));
  });

  api.get('/files/:file_id/link', async (ctx) => {
    ctx.body = { link: await services.publicFileLinks.link(requireActor(ctx), idParam(ctx, 'file_id'), siteBase(config, ctx)) };
  });

  api.get('/posts/:post_id/files/info', async (ctx) => {
    const list = await files.forPost(requireActor(ctx), idParam(ctx, 'post_id'));
    ctx.body = list.map(toWireFileInfo);
  });
}

/** The link a public file link points at (Mattermost's web route, outside /api/v4). */
export function publicFileRoutes({ services }: RouteDeps): Koa.Middleware<ParleyState> {
  const router = new Router<ParleyState>();
  router.get('/files/:file_id/public', async (ctx) => {
    writeFile(ctx, await services.publicFileLinks.content(idParam(ctx, 'file_id'), stringQuery(ctx, 'h') ?? ''), 'file', false);
  });
  return router.routes() as Koa.Middleware<ParleyState>;
}

async function sendFile(ctx: ParleyContext, files: FileService, variant: FileVariant): Promise<void> {
  writeFile(ctx, await files.content(requireActor(ctx), idParam(ctx, 'file_id'), variant), variant, boolQuery(ctx, 'download'));
}

/** Mattermost's WriteFileResponse: inline only for media types unless `?download=1`, never framed. */
function writeFile(ctx: ParleyContext, content: FileContent, variant: FileVariant, forceDownload: boolean): void {
  let type = content.mimeType || 'application/octet-stream';
  if (UNSAFE_TYPES.some((unsafe) => type.startsWith(unsafe))) type = 'text/plain';
  const inline = !forceDownload && INLINE_TYPES.some((media) => type.startsWith(media));
  const name = encodeURIComponent(content.info.name);
  ctx.set('Content-Type', type);
  ctx.set('Content-Disposition', `${inline ? 'inline' : 'attachment'};filename="${name}"; filename*=UTF-8''${name}`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Content-Security-Policy', "Frame-ancestors 'none'");
  ctx.set('Cache-Control', `private, max-age=${CACHE_SECONDS}`);
  ctx.set('Last-Modified', new Date(content.info.updateAt).toUTCString());
  if (variant === 'file') ctx.length = content.info.size;
  ctx.body = content.body;
}
