// The personal notifier as the webhook uses it: connections from the plugin's store, watchers and
// read checks through Jira's REST API, direct messages from the plugin's bot.
import type { JiraDeps } from '../deps.ts';
import { sendBotDirect } from '../jira-bot.ts';
import { userClient } from '../jira-api/user-client.ts';
import type { JiraSettings } from '../settings.ts';
import type { NotifierDeps } from './personal-notifications.ts';
import { readCheckPath } from './personal-notifications.ts';
import { issueWatchers } from './watchers.ts';

export function personalNotifier(deps: JiraDeps, settings: JiraSettings): NotifierDeps {
  const { api } = deps;
  return {
    connections: deps.connections,
    watchers: (instance, event) => issueWatchers(deps, settings, instance, event),
    async canRead(instance, userId, event) {
      // Any failure (no credential, Jira refusing, Jira unreachable) means no notification.
      try {
        const client = await userClient(api, deps.connections, instance, userId);
        if (!client) return false;
        await client.request('GET', readCheckPath(event), `read ${event.webhook.issue.key}`);
        return true;
      } catch {
        return false;
      }
    },
    sendDirect: (userId, message) => sendBotDirect(api, userId, message),
  };
}
