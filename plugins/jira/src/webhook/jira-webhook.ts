// A Jira webhook delivery as the plugin reads it: the documented shape of Jira Cloud's and Jira
// Server / Data Center's issue and comment events (`webhookEvent`, `issue_event_type_name`, `user`,
// `issue`, `changelog`, `comment`), decoded from untrusted JSON into plain typed values. Anything
// that is not such a payload is refused with a reason a Jira admin can act on.

/** A Jira user as payloads carry one: Cloud sends `accountId`, Server `name` and `key`. */
export interface JiraUser {
  accountId: string;
  name: string;
  key: string;
  displayName: string;
}

/** One changed field of an `issue_updated` event (changelog item), with the values as Jira shows them. */
export interface FieldChange {
  /** The field's name (`status`, `Fix Version`, a custom field's label). */
  field: string;
  /** The field's id (`customfield_10010`); the name when Jira sent none (old servers). */
  fieldId: string;
  /** `jira` or `custom`. */
  fieldType: string;
  from: string;
  to: string;
}

export interface JiraComment {
  id: string;
  self: string;
  body: string;
  author: JiraUser | undefined;
  updateAuthor: JiraUser | undefined;
  created: string;
  updated: string;
}

export interface JiraIssue {
  id: string;
  key: string;
  self: string;
  /** The issue's fields as Jira sent them (summary, issuetype, project, labels, custom fields...). */
  fields: Record<string, unknown>;
}

export interface JiraWebhook {
  /** `jira:issue_created`, `jira:issue_updated`, `jira:issue_deleted`, `comment_created`, ... */
  webhookEvent: string;
  /** `issue_assigned`, `issue_commented`, ...; empty on old Jira Server versions, which do not send it. */
  issueEventTypeName: string;
  /** Who caused the event, when Jira says. */
  user: JiraUser | undefined;
  issue: JiraIssue;
  changes: FieldChange[];
  comment: JiraComment | undefined;
}

/** The body is not a Jira issue or comment event: a 400 with this message. */
export class NotAJiraPayloadError extends Error {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function decodeUser(value: unknown): JiraUser | undefined {
  if (!isObject(value)) return undefined;
  const user = { accountId: text(value.accountId), name: text(value.name), key: text(value.key), displayName: text(value.displayName) };
  return user.accountId || user.name || user.key ? user : undefined;
}

function decodeComment(value: unknown): JiraComment | undefined {
  if (!isObject(value) || text(value.id) === '') return undefined;
  return {
    id: text(value.id),
    self: text(value.self),
    body: text(value.body),
    author: decodeUser(value.author),
    updateAuthor: decodeUser(value.updateAuthor) ?? decodeUser(value.author),
    created: text(value.created),
    updated: text(value.updated),
  };
}

function decodeChanges(value: unknown): FieldChange[] {
  if (!isObject(value) || !Array.isArray(value.items)) return [];
  return value.items.filter(isObject).map((item) => ({
    field: text(item.field),
    fieldId: text(item.fieldId) || text(item.field),
    fieldType: text(item.fieldtype),
    from: text(item.fromString),
    to: text(item.toString),
  }));
}

/** The webhook events that carry an issue and that the plugin acts on. */
export const ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created', 'comment_updated', 'comment_deleted'];

/**
 * The delivery, or undefined for a well-formed Jira event the plugin does not act on (worklogs,
 * projects, sprints...), which is answered 200 so Jira does not count it as failed.
 * @throws NotAJiraPayloadError for a body that is no Jira event, or an issue event without its issue
 */
export function decodeJiraWebhook(payload: unknown): JiraWebhook | undefined {
  if (!isObject(payload)) throw new NotAJiraPayloadError('The body is not a JSON object, which every Jira webhook event is.');
  const webhookEvent = text(payload.webhookEvent);
  if (webhookEvent === '') throw new NotAJiraPayloadError('The body has no "webhookEvent": only Jira\'s webhooks may call this URL.');
  if (!ISSUE_EVENTS.includes(webhookEvent)) return undefined;
  const issue = payload.issue;
  if (!isObject(issue) || text(issue.key) === '' || !isObject(issue.fields)) {
    throw new NotAJiraPayloadError(`The ${webhookEvent} event carries no issue with a key and fields; Jira sends one with every issue and comment event.`);
  }
  return {
    webhookEvent,
    issueEventTypeName: text(payload.issue_event_type_name),
    user: decodeUser(payload.user),
    issue: { id: text(issue.id), key: text(issue.key), self: text(issue.self), fields: issue.fields },
    changes: decodeChanges(payload.changelog),
    comment: decodeComment(payload.comment),
  };
}
