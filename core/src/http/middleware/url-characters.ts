// Refuses a NUL character (%00) anywhere in the path or query string, before any route or plugin
// sees it: no id, name or search term contains one, and PostgreSQL cannot store or compare text
// holding it, so it would otherwise surface as a 500 from deep inside a query.
import type { Next } from 'koa';
import { AppError } from '../../errors/app-error.ts';
import type { ParleyContext } from '../context.ts';

const ENCODED_NUL = /%00/i;

export function urlCharacters() {
  return async function refuseNulInUrl(ctx: ParleyContext, next: Next): Promise<void> {
    if (ENCODED_NUL.test(ctx.path) || ENCODED_NUL.test(ctx.querystring) || ctx.url.includes('\u0000')) {
      throw new AppError('api.context.invalid_url_param.app_error', 400, 'The URL contains a NUL character (%00), which no parameter may hold.');
    }
    return next();
  };
}
