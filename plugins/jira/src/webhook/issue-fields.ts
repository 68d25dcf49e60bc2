// Reading an issue's fields out of a webhook payload: the values subscription filters compare, and
// the names and links messages show. Payload fields are untrusted JSON, so every read checks its type.
import type { JiraIssue, JiraUser } from './jira-webhook.ts';
import { decodeUser } from './jira-webhook.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** `fields[name].key` (`project.key`), or ''. */
function nested(issue: JiraIssue, name: string, key: string): string {
  const value = issue.fields[name];
  return isObject(value) ? str(value[key]) : '';
}

export function summary(issue: JiraIssue): string {
  return str(issue.fields.summary);
}

export function projectKey(issue: JiraIssue): string {
  return nested(issue, 'project', 'key') || issue.key.replace(/-\d+$/, '');
}

export function issueTypeId(issue: JiraIssue): string {
  return nested(issue, 'issuetype', 'id');
}

export function issueTypeName(issue: JiraIssue): string {
  return nested(issue, 'issuetype', 'name') || 'issue';
}

export function isResolved(issue: JiraIssue): boolean {
  return isObject(issue.fields.resolution);
}

export function description(issue: JiraIssue): string {
  return str(issue.fields.description);
}

export function assignee(issue: JiraIssue): JiraUser | undefined {
  return decodeUser(issue.fields.assignee);
}

export function reporter(issue: JiraIssue): JiraUser | undefined {
  return decodeUser(issue.fields.reporter);
}

export function priorityName(issue: JiraIssue): string {
  return nested(issue, 'priority', 'name');
}

/** The site's base URL, from the issue's REST `self` link (`https://site/rest/api/2/issue/10002`). */
export function siteUrl(issue: JiraIssue): string {
  const at = issue.self.indexOf('/rest/api/');
  return at > 0 ? issue.self.slice(0, at) : '';
}

/** The issue's page in Jira. */
export function browseUrl(issue: JiraIssue): string {
  return `${siteUrl(issue)}/browse/${issue.key}`;
}

/** The words a field holds, for filters: ids and names of objects, strings and numbers as they are. */
function words(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(words);
  if (isObject(value)) return ['id', 'accountId', 'name', 'value', 'key'].map((key) => str(value[key])).filter((word) => word !== '');
  const word = str(value);
  return word === '' ? [] : [word];
}

/**
 * What a subscription's field condition compares for `key` (letter case of the key ignored): the
 * ids of statuses, priorities, versions, components, users (accountId, or the username on Server) and
 * custom field options, as Mattermost's plugin stores them, and also their names, so a condition
 * typed by hand (`priority include_any High`) works too. Labels are their text.
 */
export function fieldValues(issue: JiraIssue, key: string): Set<string> {
  const wanted = key.toLowerCase();
  const name = Object.keys(issue.fields).find((field) => field.toLowerCase() === wanted);
  if (name === undefined) return new Set();
  const value = issue.fields[name];
  if ((wanted === 'assignee' || wanted === 'reporter') && isObject(value)) return new Set(words({ accountId: value.accountId, name: value.name }));
  return new Set(words(value));
}
