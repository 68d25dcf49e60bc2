// /roles: the built-in roles and their permissions, which the official client loads to decide what
// to show. Roles are fixed in code (Mattermost's default scheme); they cannot be edited.
import { createHash } from 'node:crypto';
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { requireActor, stringArrayBody } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { BUILT_IN_ROLES, permissionsOf } from '../../app/roles.ts';

export function roleRoutes(api: ApiRouter, { services }: RouteDeps): void {
  api.get('/roles/name/:name', (ctx) => {
    requireActor(ctx);
    ctx.body = wireRole(knownRole(ctx.params.name));
  });

  api.post('/roles/names', (ctx) => {
    requireActor(ctx);
    ctx.body = stringArrayBody(ctx, 'role_names', 100).filter((name) => BUILT_IN_ROLES.includes(name)).map(wireRole);
  });

  api.get('/roles/:role_id', (ctx) => {
    requireActor(ctx);
    ctx.body = wireRole(roleWithId(ctx.params.role_id));
  });

  // Who may patch, and which role, is decided first: only then is the answer that nobody can.
  api.put('/roles/:role_id/patch', (ctx) => {
    services.permissions.requireSystem(requireActor(ctx), 'manage_roles');
    roleWithId(ctx.params.role_id);
    throw AppError.notImplemented('api.roles.patch_roles.built_in', 'Roles are built in (the default permission scheme) and cannot be edited on this server.');
  });
}

function roleWithId(id: string): string {
  const name = BUILT_IN_ROLES.find((r) => roleId(r) === id);
  if (!name) throw AppError.notFound('role', id);
  return name;
}

function knownRole(name: string): string {
  if (!BUILT_IN_ROLES.includes(name)) throw AppError.notFound('role', name);
  return name;
}

/** A stable 26-character id per role name, so clients can cache roles by id. */
function roleId(name: string): string {
  return createHash('sha256').update(`role:${name}`).digest('hex').slice(0, 26);
}

function wireRole(name: string) {
  return {
    id: roleId(name),
    name,
    display_name: `authentication.roles.${name}.name`,
    description: `authentication.roles.${name}.description`,
    create_at: 0,
    update_at: 0,
    delete_at: 0,
    permissions: permissionsOf(name),
    scheme_managed: name !== 'system_user_access_token',
    built_in: true,
  };
}
