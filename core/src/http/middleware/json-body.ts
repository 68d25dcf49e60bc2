// Reads JSON request bodies with a size limit (ServiceSettings.MaximumPayloadSizeBytes). Other
// content types are left unread for routes that stream them (file uploads, plugin bundles).
import type { Next } from 'koa';
import type { ConfigService } from '../../config/config-service.ts';
import { AppError } from '../../app/app-error.ts';
import type { ParleyContext } from '../context.ts';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function jsonBody(config: ConfigService) {
  return async function readJsonBody(ctx: ParleyContext, next: Next): Promise<void> {
    if (!METHODS_WITH_BODY.has(ctx.method) || !isJson(ctx.get('Content-Type'))) return next();
    const limit = config.get().ServiceSettings.MaximumPayloadSizeBytes;
    const declared = Number(ctx.get('Content-Length') || 0);
    if (declared > limit) {
      ctx.set('Connection', 'close');
      throw tooLarge(limit);
    }
    const text = await readText(ctx, limit);
    if (text.trim() !== '') {
      try {
        ctx.state.body = JSON.parse(text);
      } catch (err) {
        throw new AppError('api.context.invalid_body_param.app_error', 400, 'The request body is not valid JSON.', {
          details: (err as Error).message,
        });
      }
    }
    return next();
  };
}

// Mattermost treats a missing Content-Type as JSON; so do we.
function isJson(contentType: string): boolean {
  return contentType === '' || /^application\/(.+\+)?json\b/i.test(contentType) || /^text\/plain\b/i.test(contentType);
}

function tooLarge(limit: number): AppError {
  return new AppError('api.context.request_body_too_large.app_error', 413, `The request body is larger than the server accepts (${limit} bytes).`);
}

// Plain listeners, not `for await`: leaving an async iterator early destroys the request, and koa
// then answers a bare 500 instead of our 413. The rest of an oversized body is discarded as it
// arrives, and `Connection: close` ends the socket once the 413 is sent.
function readText(ctx: ParleyContext, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    ctx.req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        ctx.set('Connection', 'close');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    ctx.req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    ctx.req.on('error', reject);
  });
}
