// Multi-factor authentication: Mattermost's routes and bodies; the rules live in MfaService. The two
// routes a user needs to set MFA up are reachable while enforcement refuses everything else.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireSessionForMfaSetup } from '../context.ts';
import { userActor } from '../../app/actor.ts';
import { decodeMfaCheck, decodeMfaUpdate, toWireMfaSecret } from '../../wire/mfa.ts';
import { userIdParam } from './user-routes.ts';

export function mfaRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;

  // Anyone may ask before signing in (Mattermost's legacy pre-login check).
  api.post('/users/mfa', async (ctx) => {
    ctx.body = { mfa_required: await services.users.mfaRequiredAtLogin(decodeMfaCheck(ctx.state.body)) };
  });

  api.post('/users/:user_id/mfa/generate', async (ctx) => {
    const actor = userActor(requireSessionForMfaSetup(ctx));
    const generated = await services.mfa.generate(actor, userIdParam(ctx, actor.userId));
    // The secret is shown once: no cache may keep it.
    ctx.set('Cache-Control', 'no-cache, no-store');
    ctx.set('Pragma', 'no-cache');
    ctx.set('Expires', '0');
    ctx.body = toWireMfaSecret(generated);
  });

  api.put('/users/:user_id/mfa', async (ctx) => {
    const actor = userActor(requireSessionForMfaSetup(ctx));
    await services.mfa.update(actor, userIdParam(ctx, actor.userId), decodeMfaUpdate(ctx.state.body));
    ok(ctx);
  });
}
