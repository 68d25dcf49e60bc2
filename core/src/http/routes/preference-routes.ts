// /users/{user_id}/preferences: read, save and delete a user's preferences.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireActor } from '../context.ts';
import { userIdParam } from './user-routes.ts';
import { toWirePreference } from '../../wire/preference.ts';

export function preferenceRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const owner = (ctx: Parameters<typeof userIdParam>[0]) => {
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(requireActor(ctx), userId);
    return userId;
  };

  api.get('/users/:user_id/preferences', async (ctx) => {
    ctx.body = (await services.preferences.list(owner(ctx))).map(toWirePreference);
  });

  api.put('/users/:user_id/preferences', async (ctx) => {
    await services.preferences.save(owner(ctx), ctx.state.body);
    ok(ctx);
  });

  api.post('/users/:user_id/preferences/delete', async (ctx) => {
    await services.preferences.delete(owner(ctx), ctx.state.body);
    ok(ctx);
  });

  api.get('/users/:user_id/preferences/:category', async (ctx) => {
    ctx.body = (await services.preferences.list(owner(ctx), ctx.params.category)).map(toWirePreference);
  });

  api.get('/users/:user_id/preferences/:category/name/:name', async (ctx) => {
    ctx.body = toWirePreference(await services.preferences.get(owner(ctx), ctx.params.category, ctx.params.name));
  });
}
