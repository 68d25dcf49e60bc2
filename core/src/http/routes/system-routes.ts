// /system/ping, the client configuration and license the official client reads at start-up, and
// the admin configuration API.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, objectBody, requireActor, stringQuery } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { SERVER_VERSION } from '../../version.ts';
import { clientConfig, limitedClientConfig } from '../../wire/client-config.ts';

export function systemRoutes(api: ApiRouter, { services, config }: RouteDeps): void {
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

  api.get('/config/client', (ctx) => {
    if (stringQuery(ctx, 'format') !== 'old') {
      throw AppError.notImplemented('api.config.client.old_format.app_error', 'Only format=old is supported for the client configuration.');
    }
    ctx.body = ctx.state.session === undefined ? limitedClientConfig(config.get()) : clientConfig(config.get());
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

  api.put('/config', (ctx) => {
    ctx.body = services.configAdmin.replace(requireActor(ctx), objectBody(ctx, 'config'));
  });

  api.put('/config/patch', (ctx) => {
    ctx.body = services.configAdmin.patch(requireActor(ctx), objectBody(ctx, 'config'));
  });
}

