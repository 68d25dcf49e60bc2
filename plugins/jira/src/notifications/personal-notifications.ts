// Direct messages, from the plugin's bot, to the connected people an event concerns: the assignee
// (assigned, or a comment on their issue), people mentioned in a comment or description, the reporter
// (changes and comments on the issue they reported) and watchers (new comments). Each person hears
// once per event, in the first of those roles they have switched on (`Connection.notifications`),
// only if their own Jira access can read the issue (and the comment), and never about what they did.
import type { Connections } from '../connect/connections.ts';
import type { Instance } from '../instances/instance.ts';
import { isCommentEvent, jiraIdOf, type JiraEvent, type NotificationCandidate } from '../webhook/webhook-parser.ts';

export interface NotifierDeps {
  connections: Pick<Connections, 'userForAccount' | 'get'>;
  /** The Jira ids of the issue's watchers (asked only for events that notify watchers). */
  watchers(instance: Instance, event: JiraEvent): Promise<string[]>;
  /** Whether the user's own Jira access can read what the event is about. */
  canRead(instance: Instance, userId: string, event: JiraEvent): Promise<boolean>;
  sendDirect(userId: string, message: string): Promise<void>;
}

function watcherCandidates(event: JiraEvent, watchers: string[]): NotificationCandidate[] {
  const message = `${event.headline}\n_You are watching this issue._`;
  return watchers.map((jiraId) => ({ jiraId, role: 'watching' as const, message, excerpt: event.text }));
}

/** Sends the event's notifications; answers the ids of the users who got one. */
export async function sendPersonalNotifications(deps: NotifierDeps, instance: Instance, event: JiraEvent, hideText: boolean): Promise<string[]> {
  const candidates = [...event.notifications];
  if (event.notifyWatchers) candidates.push(...watcherCandidates(event, await deps.watchers(instance, event)));
  const actorId = jiraIdOf(event.actor);
  const actorUser = actorId ? await deps.connections.userForAccount(instance, actorId) : undefined;
  const notified = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.jiraId === '' || candidate.jiraId === actorId) continue;
    const userId = await deps.connections.userForAccount(instance, candidate.jiraId);
    if (!userId || userId === actorUser || notified.has(userId)) continue;
    const connection = await deps.connections.get(instance, userId);
    if (!connection?.notifications[candidate.role]) continue;
    if (!(await deps.canRead(instance, userId, event))) continue;
    const excerpt = hideText || candidate.excerpt === '' ? '' : `\n${candidate.excerpt}`;
    try {
      await deps.sendDirect(userId, `${candidate.message}${excerpt}`);
      notified.add(userId);
    } catch {
      // One person's DM failing (a deactivated account) must not keep the others from theirs.
    }
  }
  return [...notified];
}

/** The Jira path that must be readable for `event`: the comment for comment events, else the issue. */
export function readCheckPath(event: JiraEvent): string {
  const key = encodeURIComponent(event.webhook.issue.key);
  const comment = event.webhook.comment;
  return isCommentEvent(event) && comment && comment.id ? `/rest/api/2/issue/${key}/comment/${encodeURIComponent(comment.id)}` : `/rest/api/2/issue/${key}?fields=summary`;
}
