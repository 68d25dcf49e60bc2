// Files: Mattermost's upload (POST /files, multipart), downloads of a file, its thumbnail and
// preview, and file infos alone or per post.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { readMultipart } from '../multipart-file.ts';
import type { FileService, FileVariant } from '../../app/file-service.ts';
import { toWireFileInfo } from '../../wire/file-info.ts';

/** Types a browser may show in the page; anything else is always a download (Mattermost's MediaContentTypes). */
const INLINE_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/gif', 'image/tiff', 'video/avi', 'video/mpeg', 'video/mp4', 'audio/mpeg', 'audio/wav'];
/** Types served as plain text so an uploaded file can never run as script in the server's origin. */
const UNSAFE_TYPES = ['application/javascript', 'application/ecmascript', 'text/javascript', 'text/ecmascript', 'application/x-javascript', 'text/html'];
/** Files never change once uploaded. */
const CACHE_SECONDS = 30 * 24 * 60 * 60;

export function fileRoutes(api: ApiRouter, { services }: RouteDeps): void {
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

  api.get('/posts/:post_id/files/info', async (ctx) => {
    const list = await files.forPost(requireActor(ctx), idParam(ctx, 'post_id'));
    ctx.body = list.map(toWireFileInfo);
  });
}

/** Mattermost's WriteFileResponse: inline only for media types unless `?download=1`, never framed. */
async function sendFile(ctx: ParleyContext, files: FileService, variant: FileVariant): Promise<void> {
  const forceDownload = boolQuery(ctx, 'download');
  const content = await files.content(requireActor(ctx), idParam(ctx, 'file_id'), variant);
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
