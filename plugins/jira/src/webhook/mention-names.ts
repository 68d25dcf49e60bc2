// Jira mentions (`[~accountid:…]` on Cloud, `[~username]` on Server) in a description or comment,
// shown in Parley as the @username of the connected user they name (so Parley notifies them as any
// mention would), and left as they are for people who are not connected.
import type { PluginAPI } from '@parley/plugin-api';
import type { Connections } from '../connect/connections.ts';
import type { Instance } from '../instances/instance.ts';
import { mentionedUsers } from './jira-markup.ts';
import type { JiraEvent } from './webhook-parser.ts';

async function usernames(api: PluginAPI, connections: Pick<Connections, 'userForAccount'>, instance: Instance, jiraIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const jiraId of jiraIds) {
    const userId = await connections.userForAccount(instance, jiraId);
    if (!userId) continue;
    try {
      names.set(jiraId, (await api.users.get(userId)).username);
    } catch {
      // A removed account: leave the mention as Jira wrote it.
    }
  }
  return names;
}

function replaced(text: string, names: Map<string, string>): string {
  return text.replace(/\[~(accountid:)?([^\]\s]+)\]/gi, (mention, _prefix, jiraId: string) => (names.has(jiraId) ? `@${names.get(jiraId)}` : mention));
}

/** The event with its text and notification excerpts naming connected users by their @username. */
export async function withParleyMentions(api: PluginAPI, connections: Pick<Connections, 'userForAccount'>, instance: Instance, event: JiraEvent): Promise<JiraEvent> {
  const jiraIds = mentionedUsers([event.text, ...event.notifications.map((n) => n.excerpt)].join('\n'));
  if (jiraIds.length === 0) return event;
  const names = await usernames(api, connections, instance, jiraIds);
  if (names.size === 0) return event;
  return { ...event, text: replaced(event.text, names), notifications: event.notifications.map((n) => ({ ...n, excerpt: replaced(n.excerpt, names) })) };
}
