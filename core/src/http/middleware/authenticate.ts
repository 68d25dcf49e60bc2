// Finds the caller by the credentials the request presents (wire/request-credentials.ts) and puts
// the session on the request; a cookie must pass Mattermost's CSRF rule. Whether the caller still
// owes enforced MFA is noted here and refused by the routes that need a session (context.ts).
import type { Next } from 'koa';
import type { SessionService } from '../../app/session-service.ts';
import type { MfaService } from '../../app/mfa-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { ParleyContext } from '../context.ts';
import { traced } from '../../tracing/phases.ts';
import { passesCsrf, tokenFrom } from '../../wire/request-credentials.ts';

export function authenticate(sessions: SessionService, mfa: MfaService) {
  return async function authenticateRequest(ctx: ParleyContext, next: Next): Promise<void> {
    const found = tokenFrom(ctx);
    if (found) {
      const session = await traced('auth', () => sessions.authenticate(found.token));
      if (session) {
        if (found.source === 'cookie' && !passesCsrf(ctx, session.csrfToken)) {
          throw new AppError('api.context.session_expired.app_error', 401, 'The request was refused: its CSRF token is missing or wrong.', {
            details: 'token_location=cookie',
          });
        }
        ctx.state.session = session;
        ctx.state.tokenSource = found.source;
        ctx.state.mfaSetupRequired = await mfa.mustSetUp(session);
        ctx.state.log = ctx.state.log.child({ user_id: session.userId });
      }
    }
    return next();
  };
}
