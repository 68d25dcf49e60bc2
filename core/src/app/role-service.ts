// The built-in roles and their permissions, which the official client loads to decide what to show.
// Roles are fixed in code (Mattermost's default scheme, roles.ts): they can be read, never edited.
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import { BUILT_IN_ROLES, permissionsOf } from './roles.ts';

export interface RoleView {
  /** Stable per name, so clients can cache roles by id. */
  id: string;
  name: string;
  permissions: string[];
}

export class RoleService {
  #permissions: PermissionService;

  constructor(deps: { permissions: PermissionService }) {
    this.#permissions = deps.permissions;
  }

  byName(name: string): RoleView {
    if (!BUILT_IN_ROLES.includes(name)) throw AppError.notFound('role', name);
    return roleView(name);
  }

  /** The known roles among `names`; unknown names are left out, as Mattermost does. */
  byNames(names: readonly string[]): RoleView[] {
    return names.filter((name) => BUILT_IN_ROLES.includes(name)).map(roleView);
  }

  byId(id: string): RoleView {
    const name = BUILT_IN_ROLES.find((r) => roleId(r) === id);
    if (!name) throw AppError.notFound('role', id);
    return roleView(name);
  }

  /** Who may patch, and which role, is decided first: only then is the answer that nobody can. */
  patch(actor: Actor, id: string): never {
    this.#permissions.requireSystem(actor, 'manage_roles');
    this.byId(id);
    throw AppError.notImplemented('api.roles.patch_roles.built_in', 'Roles are built in (the default permission scheme) and cannot be edited on this server.');
  }
}

function roleView(name: string): RoleView {
  return { id: roleId(name), name, permissions: permissionsOf(name) };
}

function roleId(name: string): string {
  return createHash('sha256').update(`role:${name}`).digest('hex').slice(0, 26);
}
