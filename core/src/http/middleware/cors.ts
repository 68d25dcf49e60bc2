// Cross-origin access as ServiceSettings.AllowCorsFrom says: a space-separated list of origins,
// or "*". Preflight requests are answered here; disallowed origins get no CORS headers.
import type { Next } from 'koa';
import type { ConfigService } from '../../config/config-service.ts';
import type { ParleyContext } from '../context.ts';

const ALWAYS_EXPOSED = ['X-Request-ID', 'Token', 'X-Version-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'];

export function cors(config: ConfigService) {
  return async function applyCors(ctx: ParleyContext, next: Next): Promise<void> {
    const origin = ctx.get('Origin');
    const settings = config.get().ServiceSettings;
    const allowed = origin !== '' && isAllowed(origin, settings.AllowCorsFrom);
    if (allowed) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.vary('Origin');
      if (settings.CorsAllowCredentials) ctx.set('Access-Control-Allow-Credentials', 'true');
      const exposed = [...ALWAYS_EXPOSED, ...settings.CorsExposedHeaders.split(/[\s,]+/).filter(Boolean)];
      ctx.set('Access-Control-Expose-Headers', exposed.join(', '));
    }
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      if (allowed) {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS');
        ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || 'Content-Type, Authorization');
        ctx.set('Access-Control-Max-Age', '86400');
      }
      ctx.status = 204;
      return;
    }
    return next();
  };
}

function isAllowed(origin: string, allowCorsFrom: string): boolean {
  const allowed = allowCorsFrom.split(/\s+/).filter(Boolean);
  return allowed.includes('*') || allowed.includes(origin);
}
