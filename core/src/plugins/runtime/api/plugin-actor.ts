// Who a plugin acts as when it calls the core's services: itself, with the authority its manifest
// was granted (checked by the API host before the call arrives) — never a borrowed administrator's
// session. The services know it is a plugin; the user it names is only whom the change is made as.
import { pluginActor, userActorOf, type PluginActor, type UserActor } from '../../../app/actor.ts';
import { parseRoles } from '../../../app/roles.ts';
import type { User } from '../../../store/entities/user.ts';
import type { HookContext } from '../../../app/plugin-hooks.ts';
import type { ApiCall } from './api-group.ts';

/** The calling plugin, making a change as `userId` (a post's author; empty when no user is involved). */
export function callingPlugin(call: ApiCall, userId = ''): PluginActor {
  return pluginActor(call.manifest.id, userId, call.trusted);
}

/** A user with exactly their own roles: for asking what the user may do (users.hasPermission). */
export function asUser(user: Pick<User, 'id' | 'roles'>): UserActor {
  return userActorOf({ id: user.id, roles: parseRoles(user.roles) });
}

/** The hook context of changes a plugin makes: its own hooks are skipped for them. */
export function pluginContext(pluginId: string): HookContext {
  return { pluginId };
}
