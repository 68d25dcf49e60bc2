// Jira's issue REST calls (v2, served by Cloud and Server / Data Center alike) as typed functions of
// a JiraClient: read an issue, move it through its workflow, (un)assign it, find assignable users,
// list projects and what creating an issue needs, create it, comment on it, search with JQL.
// Where Cloud and Server differ (users: accountId against username) the caller says which it is.
import { JiraApiError } from './jira-api-error.ts';
import type { JiraClient } from './jira-client.ts';

export interface JiraUser {
  /** Cloud's id of the user; absent on Server. */
  accountId?: string;
  /** Server's username and user key; absent on Cloud. */
  name?: string;
  key?: string;
  displayName: string;
  emailAddress?: string;
}

export interface JiraNamed {
  id: string;
  name: string;
  iconUrl?: string;
}

export interface JiraIssueFields {
  summary: string;
  description?: string | null;
  status?: JiraNamed & { statusCategory?: { key: string; colorName?: string } };
  assignee?: JiraUser | null;
  reporter?: JiraUser | null;
  priority?: JiraNamed | null;
  issuetype?: JiraNamed;
  project?: { id: string; key: string; name: string };
}

export interface JiraIssue {
  id: string;
  key: string;
  fields: JiraIssueFields;
}

export interface JiraTransition {
  id: string;
  /** The transition's own name ("Start progress"); `to` is the status it leads to. */
  name: string;
  to: JiraNamed;
}

export interface JiraIssueType extends JiraNamed {
  subtask?: boolean;
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  issueTypes?: JiraIssueType[];
}

/** One value a field may take (options, priorities, components, versions). */
export interface JiraAllowedValue {
  id: string;
  name?: string;
  value?: string;
}

/** What creating an issue of one type in one project needs of one field (Jira's create meta). */
export interface JiraFieldMeta {
  fieldId: string;
  name: string;
  required: boolean;
  hasDefaultValue?: boolean;
  schema: { type: string; items?: string; system?: string; custom?: string };
  allowedValues?: JiraAllowedValue[];
}

/** The fields read for cards and previews. */
const CARD_FIELDS = 'summary,description,status,assignee,reporter,priority,issuetype,project';

const enc = encodeURIComponent;

export function getIssue(client: JiraClient, key: string): Promise<JiraIssue> {
  return client.request<JiraIssue>('GET', `/rest/api/2/issue/${enc(key)}`, `read ${key}`, { query: { fields: CARD_FIELDS } });
}

export async function getTransitions(client: JiraClient, key: string): Promise<JiraTransition[]> {
  return (await client.request<{ transitions?: JiraTransition[] }>('GET', `/rest/api/2/issue/${enc(key)}/transitions`, `list the transitions of ${key}`)).transitions ?? [];
}

export async function doTransition(client: JiraClient, key: string, transitionId: string): Promise<void> {
  await client.request('POST', `/rest/api/2/issue/${enc(key)}/transitions`, `transition ${key}`, { body: { transition: { id: transitionId } } });
}

/** Whether the instance is Jira Cloud, which names users by accountId (Server by username). */
export type UserIdentity = 'accountId' | 'name';

/** Assigns the issue to `user`, or leaves it unassigned with null. */
export async function setAssignee(client: JiraClient, key: string, identity: UserIdentity, user: JiraUser | null): Promise<void> {
  const value = user ? (identity === 'accountId' ? user.accountId : user.name) : null;
  await client.request('PUT', `/rest/api/2/issue/${enc(key)}/assignee`, `change the assignee of ${key}`, { body: { [identity]: value ?? null } });
}

/**
 * Users whose name or email matches `text` (Cloud: `query`; Server: `username`) and who may be
 * assigned the issue `scope.issueKey`, or issues of the project `scope.project`.
 */
export function searchAssignableUsers(client: JiraClient, scope: { issueKey: string } | { project: string }, identity: UserIdentity, text: string, max = 10): Promise<JiraUser[]> {
  const where = 'issueKey' in scope ? scope.issueKey : scope.project;
  return client.request<JiraUser[]>('GET', '/rest/api/2/user/assignable/search', `search the users who may be assigned issues of ${where}`, {
    query: { ...scope, [identity === 'accountId' ? 'query' : 'username']: text, maxResults: max },
  });
}

/** The projects the user can see, each with its issue types. */
export function listProjects(client: JiraClient): Promise<JiraProject[]> {
  return client.request<JiraProject[]>('GET', '/rest/api/2/project', 'list your projects', { query: { expand: 'issueTypes' } });
}

/**
 * The fields of one issue type in one project, for creating an issue: Jira's createmeta endpoints
 * (Cloud, Data Center 8.4+), or the older `createmeta?expand=projects.issuetypes.fields` for a
 * server without them.
 */
export async function createMetaFields(client: JiraClient, projectKey: string, issueTypeId: string): Promise<JiraFieldMeta[]> {
  const doing = `read what a new issue in ${projectKey} needs`;
  try {
    const page = await client.request<{ values?: JiraFieldMeta[] }>('GET', `/rest/api/2/issue/createmeta/${enc(projectKey)}/issuetypes/${enc(issueTypeId)}`, doing, { query: { maxResults: 200 } });
    return page.values ?? [];
  } catch (err) {
    if (!(err instanceof JiraApiError && err.status === 404)) throw err;
  }
  const legacy = await client.request<{ projects?: Array<{ key: string; issuetypes?: Array<{ id: string; fields?: Record<string, Omit<JiraFieldMeta, 'fieldId'> & { key?: string }> }> }> }>(
    'GET',
    '/rest/api/2/issue/createmeta',
    doing,
    { query: { projectKeys: projectKey, issuetypeIds: issueTypeId, expand: 'projects.issuetypes.fields' } },
  );
  const type = legacy.projects?.find((project) => project.key.toUpperCase() === projectKey.toUpperCase())?.issuetypes?.find((candidate) => candidate.id === issueTypeId);
  if (!type) throw new JiraApiError(404, `Jira has no issue type ${issueTypeId} in ${projectKey}, or you may not create issues there.`);
  return Object.entries(type.fields ?? {}).map(([fieldId, meta]) => ({ ...meta, fieldId }));
}

export function createIssue(client: JiraClient, fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  return client.request<{ id: string; key: string }>('POST', '/rest/api/2/issue', 'create the issue', { body: { fields } });
}

export function addComment(client: JiraClient, key: string, body: string): Promise<{ id: string }> {
  return client.request<{ id: string }>('POST', `/rest/api/2/issue/${enc(key)}/comment`, `comment on ${key}`, { body: { body } });
}

/** The issues a JQL query finds (for issue pickers), with the card's fields. */
export async function searchIssues(client: JiraClient, jql: string, max = 20): Promise<JiraIssue[]> {
  const page = await client.request<{ issues?: JiraIssue[] }>('GET', '/rest/api/2/search', 'search issues', { query: { jql, fields: CARD_FIELDS, maxResults: max } });
  return page.issues ?? [];
}
