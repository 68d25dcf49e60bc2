// /system/ping, the client configuration and license the official client reads at start-up, the
// admin configuration API, the first-admin setup wizard's state and in-product notices.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, objectBody, ok, requireActor, stringArrayBody, stringQuery } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { SERVER_VERSION } from '../../version.ts';
import { clientConfig, limitedClientConfig } from '../../wire/client-config.ts';
import { decodeOnboardingRequest } from '../../wire/onboarding.ts';
import { NOTICE_CLIENTS, NOTICE_ID } from '../../app/product-notices.ts';

export function systemRoutes(api: ApiRouter, { services, config, firstAdminSetup }: RouteDeps): void {
  // Mattermost's ping: get_server_status=true probes each part and reports it in the body and in a
  // response header; a status other than OK answers 500 unless use_rest_semantics=true. Beyond
  // Mattermost, a plain ping (no I/O: a load balancer's liveness check) reports what is already known,
  // such as an unreachable database, and a part still starting answers 503 (not ready).
  api.get('/system/ping', async (ctx) => {
    const detailed = boolQuery(ctx, 'get_server_status');
    const report = detailed ? await services.health.probe() : services.health.known();
    const body: Record<string, unknown> = { status: report.status, ActiveSearchBackend: 'database', version: SERVER_VERSION };
    if (detailed) {
      ctx.set('status', report.status);
      for (const [name, status] of Object.entries(report.parts)) {
        body[`${name}_status`] = status;
        ctx.set(`${name}_status`, status);
      }
    }
    if (report.status !== 'OK' && !boolQuery(ctx, 'use_rest_semantics')) ctx.status = report.status === 'STARTING' ? 503 : 500;
    ctx.body = body;
  });

  // The id of the terms of service in force is the database's, not the config's: it is added here.
  api.get('/config/client', async (ctx) => {
    if (stringQuery(ctx, 'format') !== 'old') {
      throw AppError.notImplemented('api.config.client.old_format.app_error', 'Only format=old is supported for the client configuration.');
    }
    const computed = { CustomTermsOfServiceId: await services.termsOfService.idInForce() };
    ctx.body = { ...(ctx.state.session === undefined ? limitedClientConfig(config.get()) : clientConfig(config.get())), ...computed };
  });

  api.get('/license/client', (ctx) => {
    if (stringQuery(ctx, 'format') !== 'old') {
      throw AppError.notImplemented('api.license.client.old_format.app_error', 'Only format=old is supported for the client license.');
    }
    ctx.body = { IsLicensed: 'false' };
  });

  api.get('/config', (ctx) => {
    ctx.body = services.configAdmin.read(requireActor(ctx));
  });

  // The System Console shows the settings the environment fixes disabled instead of letting a save be refused.
  api.get('/config/environment', (ctx) => {
    ctx.body = services.configAdmin.environment(requireActor(ctx));
  });

  api.put('/config', async (ctx) => {
    ctx.body = await services.configAdmin.replace(requireActor(ctx), objectBody(ctx, 'config'));
  });

  api.put('/config/patch', async (ctx) => {
    ctx.body = await services.configAdmin.patch(requireActor(ctx), objectBody(ctx, 'config'));
  });

  api.get('/system/onboarding/complete', async (ctx) => {
    ctx.body = await firstAdminSetup.status(requireActor(ctx));
  });

  api.post('/system/onboarding/complete', async (ctx) => {
    const actor = requireActor(ctx);
    await firstAdminSetup.complete(actor, decodeOnboardingRequest(ctx.state.body));
    ok(ctx);
  });

  // No notice feed (see app/product-notices.ts): the list is always empty, after the same checks as Mattermost's.
  api.get('/system/notices/:team_id', (ctx) => {
    requireActor(ctx);
    idParam(ctx, 'team_id');
    const client = stringQuery(ctx, 'client') ?? '';
    if (!(NOTICE_CLIENTS as readonly string[]).includes(client)) {
      throw AppError.invalidParam('client', `must be one of ${NOTICE_CLIENTS.join(', ')}`);
    }
    ctx.body = [];
  });

  api.put('/system/notices/view', async (ctx) => {
    const actor = requireActor(ctx);
    const ids = stringArrayBody(ctx, 'notice_ids', 100);
    if (!ids.every((id) => NOTICE_ID.test(id))) throw AppError.invalidParam('notice_ids', 'each must be 1 to 64 letters, digits, dots, dashes or underscores');
    await services.productNotices.markViewed(actor, ids);
    ok(ctx);
  });
}
