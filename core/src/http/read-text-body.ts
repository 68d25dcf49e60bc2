// Reads a request body as UTF-8 text, refusing it with a 413 once it passes `limit` bytes —
// declared (Content-Length) or as it streams in.
import { AppError } from '../errors/app-error.ts';
import type { ParleyContext } from './context.ts';

export function readTextBody(ctx: ParleyContext, limit: number): Promise<string> {
  if (Number(ctx.get('Content-Length') || 0) > limit) return Promise.reject(bodyTooLarge(ctx, limit));
  // Plain listeners, not `for await`: leaving an async iterator early destroys the request, and koa
  // then answers a bare 500 instead of our 413. The rest of an oversized body is discarded as it
  // arrives, and `Connection: close` ends the socket once the 413 is sent.
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
        reject(bodyTooLarge(ctx, limit));
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

function bodyTooLarge(ctx: ParleyContext, limit: number): AppError {
  ctx.set('Connection', 'close');
  return new AppError('api.context.request_body_too_large.app_error', 413, `The request body is larger than the server accepts (${limit} bytes).`);
}
