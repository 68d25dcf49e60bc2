// /roles: the built-in roles and their permissions, which the official client loads to decide what
// to show. Roles are fixed in code (Mattermost's default scheme); they cannot be edited.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { requireActor } from '../context.ts';
import { decodeRoleNames, toWireRole } from '../../wire/role.ts';

export function roleRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { roles } = services;

  api.get('/roles/name/:name', (ctx) => {
    requireActor(ctx);
    ctx.body = toWireRole(roles.byName(ctx.params.name));
  });

  api.post('/roles/names', (ctx) => {
    requireActor(ctx);
    ctx.body = roles.byNames(decodeRoleNames(ctx.state.body)).map(toWireRole);
  });

  api.get('/roles/:role_id', (ctx) => {
    requireActor(ctx);
    ctx.body = toWireRole(roles.byId(ctx.params.role_id));
  });

  api.put('/roles/:role_id/patch', (ctx) => {
    roles.patch(requireActor(ctx), ctx.params.role_id);
  });
}
