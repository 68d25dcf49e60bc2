// Who may do what: the caller's session and Mattermost's permissions, asked of the server.
import type { Channel, HttpRequest, PluginAPI } from '@parley/plugin-api';
import { forbidden, isNotFound, notFound, unauthorized } from './http-error.ts';
import { isValidId } from '@parley/plugin-api';

/** The caller's user id; 401 without a valid session, as Mattermost's APISessionRequired. */
export function sessionUser(request: HttpRequest): string {
  if (!request.user_id) throw unauthorized();
  return request.user_id;
}

/** Whether the user holds the permission in the team (system-wide when `teamId` is ''). */
export function can(api: PluginAPI, userId: string, permission: string, teamId: string): Promise<boolean> {
  return api.users.hasPermission(userId, permission, teamId ? { team_id: teamId } : undefined);
}

export async function requirePermission(api: PluginAPI, userId: string, permission: string, teamId: string): Promise<void> {
  if (!(await can(api, userId, permission, teamId))) throw forbidden(permission);
}

export function canInChannel(api: PluginAPI, userId: string, permission: string, channelId: string): Promise<boolean> {
  return api.users.hasPermission(userId, permission, { channel_id: channelId });
}

/** The channel; 404 as Mattermost's GetChannel when it does not exist. */
export async function loadChannel(api: PluginAPI, channelId: string): Promise<Channel> {
  const missing = () => notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
  if (!isValidId(channelId)) throw missing();
  try {
    return await api.channels.get(channelId);
  } catch (err) {
    if (isNotFound(err)) throw missing();
    throw err;
  }
}

/** The user named by a client (a hook's owner); 404 when there is none. */
export async function loadUser(api: PluginAPI, userId: string): Promise<void> {
  const missing = () => notFound('app.user.missing_account.const', 'Unable to find the user.');
  if (!isValidId(userId)) throw missing();
  try {
    await api.users.get(userId);
  } catch (err) {
    if (isNotFound(err)) throw missing();
    throw err;
  }
}
