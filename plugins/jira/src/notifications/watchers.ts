// The Jira ids of an issue's watchers, for personal notifications of new comments. Jira's webhooks
// carry no watcher list, so it is read from `/rest/api/2/issue/{key}/watchers`: as the connected
// user who caused the event when there is one, else with the Admin API Token and Admin Email
// settings (Basic authorization), else not at all. A failure means no watcher notifications, never
// a failed delivery.
import type { JiraDeps } from '../deps.ts';
import type { Instance } from '../instances/instance.ts';
import { JiraClient } from '../jira-api/jira-client.ts';
import { userClient } from '../jira-api/user-client.ts';
import type { JiraSettings } from '../settings.ts';
import { encodeInstanceId } from '../instances/instance-path.ts';
import { jiraIdOf, type JiraEvent } from '../webhook/webhook-parser.ts';

interface Watchers {
  watchCount?: number;
  watchers?: Array<{ accountId?: unknown; name?: unknown }>;
}

/** The client to read watchers with, or null when neither a connected actor nor an admin token is there. */
async function watcherClient(deps: JiraDeps, settings: JiraSettings, instance: Instance, event: JiraEvent): Promise<JiraClient | null> {
  const actorUser = event.actor ? await deps.connections.userForAccount(instance, jiraIdOf(event.actor)) : undefined;
  const asActor = actorUser ? await userClient(deps.api, deps.connections, instance, actorUser) : null;
  if (asActor) return asActor;
  if (settings.AdminAPIToken === '' || settings.AdminEmail === '') return null;
  // Basic authorization is standard base64; encodeInstanceId writes its URL-safe form (the sandbox has no btoa).
  const basic = `Basic ${encodeInstanceId(`${settings.AdminEmail}:${settings.AdminAPIToken}`).replace(/-/g, '+').replace(/_/g, '/')}`;
  return new JiraClient(deps.api, instance.id, () => Promise.resolve(basic));
}

export async function issueWatchers(deps: JiraDeps, settings: JiraSettings, instance: Instance, event: JiraEvent): Promise<string[]> {
  try {
    const client = await watcherClient(deps, settings, instance, event);
    if (!client) return [];
    const answer = await client.request<Watchers>('GET', `/rest/api/2/issue/${encodeURIComponent(event.webhook.issue.key)}/watchers`, `read the watchers of ${event.webhook.issue.key}`);
    // Connections know Cloud users by accountId and Server users by username.
    const idOf = (watcher: { accountId?: unknown; name?: unknown }) => {
      const accountId = typeof watcher.accountId === 'string' ? watcher.accountId : '';
      const name = typeof watcher.name === 'string' ? watcher.name : '';
      return instance.type === 'server' ? name || accountId : accountId || name;
    };
    return (answer?.watchers ?? []).map(idOf).filter(Boolean);
  } catch (err) {
    await deps.api.log.warn('could not read the watchers of a Jira issue', { issue: event.webhook.issue.key, error: (err as Error).message });
    return [];
  }
}
