// Account routes beside the profile ones: which sign-in a login id uses, email verification, an
// admin's change of an account's sign-in provider, and the audit trail — Mattermost's paths, bodies
// and audit rows; the rules live in the services.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, paging, requireActor } from '../context.ts';
import { auditRequest } from '../audit-request.ts';
import { toWireAudit } from '../../wire/audit.ts';
import { decodeEmailRequest, decodeLoginId, decodeUserAuth, decodeVerifyEmail, toWireUser } from '../../wire/user.ts';
import { userIdParam } from './user-routes.ts';

export function accountRoutes(api: ApiRouter, { services }: RouteDeps): void {
  api.post('/users/login/type', (ctx) => {
    const { authService, isDeactivated } = services.users.loginType(decodeLoginId(ctx.state.body));
    ctx.body = { auth_service: authService, is_deactivated: isDeactivated };
  });

  api.post('/users/email/verify', async (ctx) => {
    const user = await services.emailVerification.verify(decodeVerifyEmail(ctx.state.body));
    await auditRequest(ctx, services, 'Email Verified', user.id);
    ok(ctx);
  });

  // The same answer whether or not the address has an account, or one still to verify.
  api.post('/users/email/verify/send', async (ctx) => {
    await services.emailVerification.resend(decodeEmailRequest(ctx.state.body));
    ok(ctx);
  });

  api.post('/users/:user_id/email/verify/member', async (ctx) => {
    const user = await services.emailVerification.markVerified(requireActor(ctx), userIdParam(ctx));
    await auditRequest(ctx, services, `user verified user_id=${user.id}`);
    ctx.body = toWireUser(user, { viewerIsSelfOrAdmin: true, showEmail: true, showFullName: true });
  });

  api.put('/users/:user_id/auth', async (ctx) => {
    const userId = userIdParam(ctx);
    const auth = await services.userAuth.update(requireActor(ctx), userId, decodeUserAuth(ctx.state.body));
    await auditRequest(ctx, services, `updated user ${userId} auth to service=${auth.authService}`);
    ctx.body = { auth_service: auth.authService, auth_data: auth.authData };
  });

  api.get('/users/:user_id/audits', async (ctx) => {
    const { offset, perPage } = paging(ctx);
    ctx.body = (await services.audits.forUser(requireActor(ctx), userIdParam(ctx), { offset, limit: perPage })).map(toWireAudit);
  });

  api.get('/audits', async (ctx) => {
    const { offset, perPage } = paging(ctx);
    ctx.body = (await services.audits.all(requireActor(ctx), { offset, limit: perPage })).map(toWireAudit);
  });
}
