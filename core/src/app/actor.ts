// Who asks a service to act, and by what authority. Services decide permissions from it — in app/
// and nowhere else:
//   - a person, through a session or token: their system, team and channel roles apply;
//   - a plugin, on its own authority: what its manifest was granted, checked by the plugin API host
//     before the call arrives; the services then ask nothing more (Mattermost's plugin API does not
//     check the acting user's permissions either), but know it is a plugin (from_plugin marks, the
//     post budget of untrusted plugins), never mistaking it for an administrator;
//   - the server itself (system messages, scheduled work).
// `userId` is always the user the change is made as: the person, the author a plugin names, or the
// user a system message is attributed to.
import type { AuthSession } from './auth-session.ts';

export type Actor = UserActor | PluginActor | SystemActor;

export interface UserActor {
  kind: 'user';
  userId: string;
  /** The user's system roles. */
  roles: readonly string[];
  /** The session of the request, when there is one (absent when a plugin asks what a user may do). */
  session?: AuthSession;
}

export interface PluginActor {
  kind: 'plugin';
  pluginId: string;
  userId: string;
  /** Shipped with the server or listed in PluginSettings.TrustedPlugins. */
  trusted: boolean;
}

export interface SystemActor {
  kind: 'system';
  userId: string;
}

/** The person behind a request's session or token. */
export function userActor(session: AuthSession): UserActor {
  return { kind: 'user', userId: session.userId, roles: session.roles, session };
}

/** A user as a permission question is asked about them, without a session (a plugin's users.hasPermission). */
export function userActorOf(user: { id: string; roles: readonly string[] }): UserActor {
  return { kind: 'user', userId: user.id, roles: user.roles };
}

/** A plugin making a change as `userId` (empty when no user is involved). */
export function pluginActor(pluginId: string, userId: string, trusted: boolean): PluginActor {
  return { kind: 'plugin', pluginId, userId, trusted };
}

export function systemActor(userId = ''): SystemActor {
  return { kind: 'system', userId };
}
