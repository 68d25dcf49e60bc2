// /users/{user_id}/preferences: read, save and delete a user's preferences.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireActor } from '../context.ts';
import { userIdParam } from './user-routes.ts';
import { decodePreferences, toWirePreference } from '../../wire/preference.ts';

export function preferenceRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { preferences } = services;

  api.get('/users/:user_id/preferences', async (ctx) => {
    ctx.body = (await preferences.list(requireActor(ctx), userIdParam(ctx))).map(toWirePreference);
  });

  api.put('/users/:user_id/preferences', async (ctx) => {
    await preferences.save(requireActor(ctx), userIdParam(ctx), decodePreferences(ctx.state.body));
    ok(ctx);
  });

  api.post('/users/:user_id/preferences/delete', async (ctx) => {
    await preferences.delete(requireActor(ctx), userIdParam(ctx), decodePreferences(ctx.state.body));
    ok(ctx);
  });

  api.get('/users/:user_id/preferences/:category', async (ctx) => {
    ctx.body = (await preferences.list(requireActor(ctx), userIdParam(ctx), ctx.params.category)).map(toWirePreference);
  });

  api.get('/users/:user_id/preferences/:category/name/:name', async (ctx) => {
    ctx.body = toWirePreference(await preferences.get(requireActor(ctx), userIdParam(ctx), ctx.params.category, ctx.params.name));
  });
}
