// Roles on the wire: Mattermost's Role JSON for the built-in roles, and the list of names asked for.
import type { Role } from '@mattermost/types/roles';
import type { RoleView } from '../app/role-service.ts';
import { decodeStringList, paramRefusal, type Refusal } from './json-fields.ts';

/** Most role names one request may ask for. */
const MAX_ROLE_NAMES = 100;

export function toWireRole(role: RoleView): Role {
  return {
    id: role.id,
    name: role.name,
    display_name: `authentication.roles.${role.name}.name`,
    description: `authentication.roles.${role.name}.description`,
    create_at: 0,
    update_at: 0,
    delete_at: 0,
    permissions: role.permissions,
    scheme_managed: role.name !== 'system_user_access_token',
    built_in: true,
  };
}

/** POST /roles/names: a JSON array of role names. */
export function decodeRoleNames(body: unknown, refuse: Refusal = paramRefusal): string[] {
  return decodeStringList(body, 'role_names', { maxItems: MAX_ROLE_NAMES }, refuse);
}
