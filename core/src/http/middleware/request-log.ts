// Gives every request an id (X-Request-ID, also in every log line) and logs it once when it ends.
import type { Next } from 'koa';
import type { Logger } from '../../logger.ts';
import { newId } from '../../app/ids.ts';
import { SERVER_VERSION } from '../../version.ts';
import type { ParleyContext } from '../context.ts';

export function requestLog(logger: Logger) {
  return async function logRequest(ctx: ParleyContext, next: Next): Promise<void> {
    const started = performance.now();
    const requestId = newId();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ request_id: requestId });
    ctx.set('X-Request-ID', requestId);
    ctx.set('X-Version-Id', `${SERVER_VERSION}.0.parley.false`);
    try {
      await next();
    } finally {
      // Most servers log at info: the line's fields (the client's address among them) are read only when it is written.
      if (ctx.state.log.isEnabled('debug')) logEnded(ctx, started);
    }
  };
}

function logEnded(ctx: ParleyContext, started: number): void {
  ctx.state.log.debug('request', {
    method: ctx.method,
    url: ctx.path,
    status_code: ctx.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    user_id: ctx.state.session?.userId,
    ip: ctx.ip,
  });
}
