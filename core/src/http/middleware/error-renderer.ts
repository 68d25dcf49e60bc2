// Renders every error as Mattermost's AppError JSON and logs it once: 5xx at error with the cause
// (never sent to the client), 4xx at debug. A request refused because the database is unreachable is
// logged at debug too: the store's monitor already said so once, and a line per request would bury it.
import type { Next } from 'koa';
import { AppError } from '../../app/app-error.ts';
import { DATABASE_UNAVAILABLE_ID, databaseUnavailableError } from '../../app/database-unavailable.ts';
import { unstorableInputError } from '../../app/unstorable-input.ts';
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

/** Any thrown value as an AppError; an unreachable database becomes a 503, a value it cannot store a 400, other unknown errors a 500 that hides their detail. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError && err.status < 500) return err;
  const known = databaseUnavailableError(err) ?? unstorableInputError(err);
  if (known) return known;
  if (err instanceof AppError) return err;
  const status = (err as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // koa's own client errors (ctx.throw, http-errors from the router)
    return new AppError('api.context.invalid_request.app_error', status, (err as Error).message);
  }
  return AppError.internal('app.server.internal_error', err);
}
