// Custom terms of service: publishing and reading the version in force, and each person's answer
// to it — Mattermost's routes and bodies (Client4's createTermsOfService, getTermsOfService,
// updateMyTermsOfServiceStatus); the rules live in TermsOfServiceService.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireActor } from '../context.ts';
import { auditRequest } from '../audit-request.ts';
import { decodeNewTermsOfService, decodeTermsOfServiceAnswer, toWireTermsOfService, toWireUserTermsOfService } from '../../wire/terms-of-service.ts';
import { userIdParam } from './user-routes.ts';

export function termsOfServiceRoutes(api: ApiRouter, { services }: RouteDeps): void {
  api.get('/terms_of_service', async (ctx) => {
    requireActor(ctx);
    ctx.body = toWireTermsOfService(await services.termsOfService.latest());
  });

  api.post('/terms_of_service', async (ctx) => {
    ctx.body = toWireTermsOfService(await services.termsOfService.publish(requireActor(ctx), decodeNewTermsOfService(ctx.state.body)));
  });

  api.post('/users/:user_id/terms_of_service', async (ctx) => {
    const { termsOfServiceId, accepted } = decodeTermsOfServiceAnswer(ctx.state.body);
    await services.termsOfService.answer(requireActor(ctx), userIdParam(ctx), termsOfServiceId, accepted);
    await auditRequest(ctx, services, `TermsOfServiceId=${termsOfServiceId}, accepted=${accepted}`);
    ok(ctx);
  });

  api.get('/users/:user_id/terms_of_service', async (ctx) => {
    ctx.body = toWireUserTermsOfService(await services.termsOfService.acceptance(requireActor(ctx), userIdParam(ctx)));
  });
}
