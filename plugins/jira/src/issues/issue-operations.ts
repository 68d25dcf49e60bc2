// What the issue commands and the card's controls do on Jira, as the connected user: show an issue
// as a card, move it to a status, assign or unassign it. Each answers the sentence to show the user,
// or throws IssueProblem with one they can act on (an unknown issue, an ambiguous state or user).
import type { PostAction } from '@parley/plugin-api';
import { JiraApiError } from '../jira-api/jira-api-error.ts';
import { doTransition, getIssue, getTransitions, searchAssignableUsers, setAssignee, type JiraIssue, type JiraTransition, type JiraUser } from '../jira-api/issues-api.ts';
import { issueCard, type SlackAttachment } from '../render/issue-card.ts';
import { browseUrl, userIdentity, type IssuesContext, type JiraAccess } from './jira-access.ts';

/** Something the user asked cannot be done; the message says why and what to do instead. */
export class IssueProblem extends Error {}

/** The plugin's routes the card's controls call (Mattermost's paths, under `/plugins/jira`). */
export const CARD_ROUTES = {
  transition: '/api/v2/transition',
  assign: '/api/v2/assign-issue',
  share: '/api/v2/share-issue-publicly',
};

const ISSUE_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

/** The issue key as Jira spells it (upper case), or an IssueProblem for what is not one. */
export function issueKey(text: string | undefined, usage: string): string {
  const key = (text ?? '').trim().toUpperCase();
  if (!ISSUE_KEY.test(key)) throw new IssueProblem(text ? `\`${text}\` is not an issue key (such as \`PROJ-12\`). Use ${usage}.` : `Name the issue: ${usage}.`);
  return key;
}

/** Jira's refusal as a sentence for the user (a 404 means the issue is unknown or hidden from them). */
export function explainJiraError(err: unknown, key: string): never {
  if (!(err instanceof JiraApiError)) throw err;
  if (err.status === 404) throw new IssueProblem(`Jira has no issue ${key}, or you may not see it.`);
  if (err.status === 401) throw new IssueProblem('Jira no longer accepts your connection: connect again with `/jira connect`.');
  if (err.status === 403) throw new IssueProblem(`Jira does not let you do that on ${key}. Ask your Jira administrator for the permission.`);
  throw new IssueProblem(err.message);
}

async function readIssue(access: JiraAccess, key: string): Promise<JiraIssue> {
  return getIssue(access.client, key).catch((err: unknown) => explainJiraError(err, key));
}

function link(access: JiraAccess, key: string): string {
  return `[${key}](${browseUrl(access.instance, key)})`;
}

/** The card of an issue; with controls (transition, assign, share) for the user's own copy. */
export async function issueCardFor(access: JiraAccess, key: string, controls: boolean): Promise<SlackAttachment> {
  const issue = await readIssue(access, key);
  if (!controls) return issueCard(issue, browseUrl(access.instance, issue.key));
  const transitions = await getTransitions(access.client, issue.key).catch(() => [] as JiraTransition[]);
  const context = { issue_key: issue.key, instance_id: access.instance.id };
  const actions: PostAction[] = [];
  if (transitions.length > 0) {
    actions.push({
      type: 'select',
      name: 'Transition issue',
      options: uniqueStates(transitions).map((state) => ({ text: state, value: state })),
      integration: { url: `/plugins/jira${CARD_ROUTES.transition}`, context },
    });
  }
  actions.push({ name: 'Assign', integration: { url: `/plugins/jira${CARD_ROUTES.assign}`, context } });
  actions.push({ name: 'Share publicly', style: 'primary', integration: { url: `/plugins/jira${CARD_ROUTES.share}`, context } });
  return issueCard(issue, browseUrl(access.instance, issue.key), actions);
}

function uniqueStates(transitions: readonly JiraTransition[]): string[] {
  return [...new Set(transitions.map((transition) => transition.to.name))];
}

/** The transition whose target status is `wanted`: an exact name, else the only one it starts (case ignored). */
export function matchTransition(transitions: readonly JiraTransition[], wanted: string, key: string): JiraTransition {
  const normal = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  const target = normal(wanted);
  const exact = transitions.filter((transition) => normal(transition.to.name) === target);
  const candidates = exact.length > 0 ? exact : transitions.filter((transition) => normal(transition.to.name).startsWith(target));
  const states = uniqueStates(candidates);
  if (states.length === 1) return candidates[0]!;
  const list = (names: string[]) => names.map((name) => `\`${name}\``).join(', ');
  if (transitions.length === 0) throw new IssueProblem(`${key} cannot be moved to another status by you now.`);
  if (states.length === 0) throw new IssueProblem(`${key} cannot move to \`${wanted}\`. It can move to: ${list(uniqueStates(transitions))}.`);
  throw new IssueProblem(`\`${wanted}\` could mean ${list(states)}: type more of the status's name.`);
}

export async function transitionIssue(access: JiraAccess, key: string, wanted: string): Promise<string> {
  const transitions = await getTransitions(access.client, key).catch((err: unknown) => explainJiraError(err, key));
  const transition = matchTransition(transitions, wanted, key);
  await doTransition(access.client, key, transition.id).catch((err: unknown) => explainJiraError(err, key));
  return `Moved ${link(access, key)} to \`${transition.to.name}\`.`;
}

export async function unassignIssue(access: JiraAccess, key: string): Promise<string> {
  await readIssue(access, key);
  await setAssignee(access.client, key, userIdentity(access.instance), null).catch((err: unknown) => explainJiraError(err, key));
  return `${link(access, key)} is now unassigned.`;
}

function describeUser(user: JiraUser): string {
  const extra = [user.name, user.emailAddress].filter(Boolean).join(', ');
  return extra ? `${user.displayName} (${extra})` : user.displayName;
}

/** The Jira user `who` means: `me`, `@someone` connected on the instance, or a search of the assignable users. */
async function findAssignee(ctx: IssuesContext, access: JiraAccess, key: string, who: string): Promise<JiraUser> {
  const { connection, instance } = access;
  if (who.toLowerCase() === 'me') return { accountId: connection.account_id, name: connection.name, displayName: connection.display_name };
  if (who.startsWith('@')) {
    const user = await ctx.api.users.getByUsername(who.slice(1)).catch(() => null);
    const theirs = user ? await ctx.connectionOf(instance, user.id) : null;
    if (!theirs) throw new IssueProblem(`${who} has not connected a Jira account on ${instance.alias || instance.id}; name their Jira user instead.`);
    return { accountId: theirs.account_id, name: theirs.name, displayName: theirs.display_name };
  }
  const found = await searchAssignableUsers(access.client, { issueKey: key }, userIdentity(instance), who).catch((err: unknown) => explainJiraError(err, key));
  if (found.length === 1) return found[0]!;
  const wanted = who.toLowerCase();
  const exact = found.filter((user) => [user.name, user.displayName, user.emailAddress].some((value) => value?.toLowerCase() === wanted));
  if (exact.length === 1) return exact[0]!;
  if (found.length === 0) throw new IssueProblem(`No Jira user matching \`${who}\` can be assigned ${key}.`);
  throw new IssueProblem(`\`${who}\` matches several Jira users; name one of them:\n${found.map((user) => `* ${describeUser(user)}`).join('\n')}`);
}

export async function assignIssue(ctx: IssuesContext, access: JiraAccess, key: string, who: string): Promise<string> {
  await readIssue(access, key);
  const assignee = await findAssignee(ctx, access, key, who.trim());
  await setAssignee(access.client, key, userIdentity(access.instance), assignee).catch((err: unknown) => explainJiraError(err, key));
  return `Assigned ${link(access, key)} to ${assignee.displayName}.`;
}
