// RateLimitSettings as Mattermost applies them: a GCRA limiter (the algorithm of the throttled
// library Mattermost uses) keyed by remote address, user and/or a header, answering 429 with
// X-RateLimit-* headers. Runs after authentication so VaryByUser can key on the verified user.
import type { Next } from 'koa';
import type { ConfigService } from '../../config/config-service.ts';
import type { RateLimitSettings } from '../../config/config-schema.ts';
import { AppError } from '../../errors/app-error.ts';
import { GcraLimiter } from '../../app/gcra-limiter.ts';
import type { ParleyContext } from '../context.ts';

export function rateLimit(config: ConfigService) {
  let limiter = new GcraLimiter(config.get().RateLimitSettings);
  config.onChange((next, previous) => {
    if (JSON.stringify(next.RateLimitSettings) !== JSON.stringify(previous.RateLimitSettings)) limiter = new GcraLimiter(next.RateLimitSettings);
  });
  return async function limitRate(ctx: ParleyContext, next: Next): Promise<void> {
    const settings = config.get().RateLimitSettings;
    if (!settings.Enable) return next();
    const verdict = limiter.take(keyFor(ctx, settings), Date.now());
    ctx.set('X-RateLimit-Limit', String(verdict.limit));
    ctx.set('X-RateLimit-Remaining', String(verdict.remaining));
    ctx.set('X-RateLimit-Reset', String(Math.ceil(verdict.resetAfterMs / 1000)));
    if (verdict.limited) {
      ctx.set('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1000)));
      throw new AppError('api.context.rate_limit_exceeded.app_error', 429, 'Too many requests: the rate limit was exceeded. Wait and try again.', {
        details: `retry_after_ms=${verdict.retryAfterMs}`,
      });
    }
    return next();
  };
}

function keyFor(ctx: ParleyContext, settings: RateLimitSettings): string {
  const parts: string[] = [];
  if (settings.VaryByRemoteAddr) parts.push(ctx.ip);
  if (settings.VaryByUser) parts.push(ctx.state.session?.userId ?? ctx.ip);
  if (settings.VaryByHeader) parts.push(ctx.get(settings.VaryByHeader));
  return parts.join('|');
}
