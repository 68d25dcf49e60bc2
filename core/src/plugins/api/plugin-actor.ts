// Who a plugin acts as when it calls the core's services. A plugin's API is as powerful as the
// administrator who installed it (Mattermost's plugin API does not check the user's permissions);
// what limits it is the set of API groups its manifest was granted.
import type { AuthSession } from '../../app/auth-session.ts';
import { SYSTEM_ADMIN, SYSTEM_USER, parseRoles } from '../../app/roles.ts';
import type { User } from '../../store/entities/user.ts';
import type { HookContext } from '../plugin-hooks.ts';

export function actingSession(pluginId: string, userId: string): AuthSession {
  return { ...userSession({ id: userId, roles: '' }), id: `plugin:${pluginId}`, roles: [SYSTEM_ADMIN, SYSTEM_USER] };
}

/** A session with exactly the user's own roles: for asking what the user may do (users.hasPermission). */
export function userSession(user: Pick<User, 'id' | 'roles'>): AuthSession {
  return {
    id: '',
    userId: user.id,
    roles: parseRoles(user.roles),
    csrfToken: '',
    isAccessToken: false,
    createAt: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
    lastActivityAt: 0,
    deviceId: '',
  };
}

/** The hook context of changes a plugin makes: its own hooks are skipped for them. */
export function pluginContext(pluginId: string): HookContext {
  return { pluginId };
}
