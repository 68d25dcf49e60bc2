// The last step of every way of connecting (Cloud's OAuth 2.0, Server's OAuth 1.0a, a personal
// access token): ask Jira who the credential belongs to (`/rest/api/2/myself`), record the
// connection, forget an earlier "connect again" notice and tell the user's clients.
import type { Instance } from '../instances/instance.ts';
import type { JiraDeps } from '../deps.ts';
import type { JiraClient } from '../jira-api/jira-client.ts';
import { NOTIFICATION_ROLES, type Connection, type Credential } from './connection.ts';
import { publishConnectionChange } from './connection-events.ts';
import { clearReconnectNotice } from './reconnect-notice.ts';

interface JiraMyself {
  accountId?: string;
  name?: string;
  key?: string;
  displayName?: string;
  emailAddress?: string;
}

/** Who the client's credential is in Jira, as a new Connection of `userId`. */
export async function connectionFromMyself(client: JiraClient, instance: Instance, userId: string): Promise<Connection> {
  const me = await client.request<JiraMyself>('GET', '/rest/api/2/myself', 'read your Jira profile');
  const cloud = instance.type === 'cloud-oauth';
  return {
    mattermost_user_id: userId,
    instance_id: instance.id,
    account_id: cloud ? (me.accountId ?? '') : '',
    name: cloud ? '' : (me.name ?? ''),
    user_key: cloud ? '' : (me.key ?? ''),
    display_name: me.displayName ?? me.name ?? '',
    email: me.emailAddress ?? '',
    connected_at: Date.now(),
    notifications: Object.fromEntries(NOTIFICATION_ROLES.map((role) => [role, true])) as Connection['notifications'],
    last_project_key: '',
    last_issue_type: '',
  };
}

/**
 * Records the connection (keeping the notification choices and last project of an earlier one on
 * the same Jira account).
 * @throws AccountTakenError when the Jira account is another user's connection
 */
export async function completeConnection(deps: JiraDeps, instance: Instance, connection: Connection, credential: Credential): Promise<void> {
  const previous = await deps.connections.get(instance, connection.mattermost_user_id);
  const kept = previous && previous.account_id === connection.account_id && previous.name === connection.name ? { notifications: previous.notifications, last_project_key: previous.last_project_key, last_issue_type: previous.last_issue_type } : {};
  await deps.connections.save(instance, { ...connection, ...kept }, credential);
  await clearReconnectNotice(deps.api, instance, connection.mattermost_user_id);
  await publishConnectionChange(deps.api, deps.instances, deps.connections, connection.mattermost_user_id, 'connect');
}

/** Disconnects the user from the instance and tells their clients; answers the connection removed, or null. */
export async function disconnectUser(deps: JiraDeps, instance: Instance, userId: string): Promise<Connection | null> {
  const removed = await deps.connections.remove(instance, userId);
  if (removed) await publishConnectionChange(deps.api, deps.instances, deps.connections, userId, 'disconnect');
  return removed;
}
