// Mattermost answers JSON with exactly `Content-Type: application/json`, and its official client
// compares the header verbatim: koa's default adds `; charset=utf-8`, which the client would
// read as text. JSON is UTF-8 by definition (RFC 8259), so nothing is lost.
import type { Next } from 'koa';
import type { ParleyContext } from '../context.ts';

export function jsonContentType() {
  return async function setJsonContentType(ctx: ParleyContext, next: Next): Promise<void> {
    await next();
    const body = ctx.body;
    const isJson = body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && typeof (body as { pipe?: unknown }).pipe !== 'function';
    if (isJson) ctx.set('Content-Type', 'application/json');
  };
}
