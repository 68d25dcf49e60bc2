// Renders every error as Mattermost's AppError JSON and logs it once: 5xx at error with the cause
// (never sent to the client), 4xx at debug. A request refused because the database is unreachable is
// logged at debug too: the store's monitor already said so once, and a line per request would bury it.
import type { Next } from 'koa';
import { AppError } from '../../errors/app-error.ts';
import { DATABASE_UNAVAILABLE_ID } from '../../errors/database-unavailable.ts';
import { toAppError } from '../../errors/to-app-error.ts';
import type { ParleyContext } from '../context.ts';

export function errorRenderer() {
  return async function renderErrors(ctx: ParleyContext, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('api.context.404.app_error', 404, 'Sorry, we could not find the page.', { details: `${ctx.method} ${ctx.path}` });
      }
      if (ctx.status === 405 && (ctx.body === undefined || ctx.body === 'Method Not Allowed')) {
        throw new AppError('api.context.405.app_error', 405, `${ctx.method} is not allowed on ${ctx.path}.`);
      }
    } catch (err) {
      const appError = toAppError(err);
      const log = ctx.state.log;
      if (appError.status >= 500 && appError.id !== DATABASE_UNAVAILABLE_ID) log?.error('request failed', { error_id: appError.id, err: appError.cause ?? appError, url: ctx.path, method: ctx.method });
      else log?.debug('request refused', { error_id: appError.id, status_code: appError.status, message: appError.message, details: appError.details });
      ctx.status = appError.status;
      if (appError.id === DATABASE_UNAVAILABLE_ID) ctx.set('Retry-After', '5');
      ctx.body = {
        id: appError.id,
        message: appError.message,
        detailed_error: appError.status >= 500 ? '' : appError.details,
        request_id: ctx.state.requestId ?? '',
        status_code: appError.status,
      };
    }
  };
}
