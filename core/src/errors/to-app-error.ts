// What any thrown value is to a client, whichever edge reports it (HTTP, WebSocket, a plugin's API
// call): an AppError the client can act on. The store's failures are told apart here, once.
import { AppError } from './app-error.ts';
import { databaseUnavailableError } from './database-unavailable.ts';
import { unstorableInputError } from './unstorable-input.ts';

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
