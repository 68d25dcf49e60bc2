// Custom statuses: Mattermost's /users/{id}/status/custom routes (set, clear, forget a recent one).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireActor } from '../context.ts';
import { userIdParam } from './user-routes.ts';
import { decodeCustomStatus } from '../../wire/custom-status.ts';

export function customStatusRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const customStatuses = services.customStatuses;

  api.put('/users/:user_id/status/custom', async (ctx) => {
    await customStatuses.set(requireActor(ctx), userIdParam(ctx), decodeCustomStatus(ctx.state.body));
    ok(ctx);
  });

  api.delete('/users/:user_id/status/custom', async (ctx) => {
    await customStatuses.clear(requireActor(ctx), userIdParam(ctx));
    ok(ctx);
  });

  api.post('/users/:user_id/status/custom/recent/delete', async (ctx) => {
    await customStatuses.removeRecent(requireActor(ctx), userIdParam(ctx), decodeCustomStatus(ctx.state.body));
    ok(ctx);
  });
}
