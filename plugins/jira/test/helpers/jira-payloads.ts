// Webhook payloads in the documented shapes of Jira Cloud and Jira Server / Data Center (Atlassian's
// "Webhooks" pages: `timestamp`, `webhookEvent`, `issue_event_type_name`, `user`, `issue`,
// `changelog.items[{field, fieldtype, fieldId, from, fromString, to, toString}]`, `comment`). Cloud
// identifies people by `accountId` only; Server by `name` and `key`. Comments on Cloud arrive as
// `comment_*` events; Server also reports them inside `jira:issue_updated` (`issue_commented`...).
// Old Server versions send no `issue_event_type_name`.

export type Flavor = 'cloud' | 'server';

export interface PayloadUser {
  accountId: string;
  name: string;
  key: string;
  displayName: string;
  emailAddress?: string;
}

export interface IssueSpec {
  flavor: Flavor;
  /** The site's base URL (the instance id). */
  site: string;
  /** Who caused the event. */
  actor: PayloadUser;
  key?: string;
  id?: string;
  summary?: string;
  issueType?: { id: string; name: string };
  assignee?: PayloadUser | null;
  reporter?: PayloadUser | null;
  labels?: string[];
  priority?: { id: string; name: string };
  status?: { id: string; name: string };
  resolution?: { id: string; name: string } | null;
  security?: { id: string; name: string } | null;
  description?: string | null;
  /** Extra fields (custom fields, components...) merged into `issue.fields`. */
  fields?: Record<string, unknown>;
}

/**
 * One changelog item: `before`/`after` become Jira's `fromString`/`toString` (the shown values),
 * `fromId`/`toId` its `from`/`to` (ids). (A `toString` key cannot be typed in TypeScript.)
 */
export interface ChangeItem {
  field: string;
  fieldtype?: 'jira' | 'custom';
  fieldId?: string;
  fromId?: string | null;
  before?: string | null;
  toId?: string | null;
  after?: string | null;
}

export const ISSUE_TYPES = {
  bug: { id: '10004', name: 'Bug' },
  story: { id: '10001', name: 'Story' },
  task: { id: '10002', name: 'Task' },
};

export const PRIORITIES = {
  high: { id: '2', name: 'High' },
  medium: { id: '3', name: 'Medium' },
  low: { id: '4', name: 'Low' },
};

let sequence = 0;

/** A user of the site as payloads show one: Cloud without name and key, Server without accountId. */
export function userJson(flavor: Flavor, site: string, user: PayloadUser): Record<string, unknown> {
  const common = { displayName: user.displayName, active: true, timeZone: 'UTC', avatarUrls: { '48x48': `${site}/secure/useravatar?avatarId=10122` } };
  return flavor === 'cloud'
    ? { self: `${site}/rest/api/2/user?accountId=${user.accountId}`, accountId: user.accountId, accountType: 'atlassian', ...common }
    : { self: `${site}/rest/api/2/user?username=${user.name}`, name: user.name, key: user.key, emailAddress: user.emailAddress ?? `${user.name}@example.com`, ...common };
}

/** The Jira id a user is mentioned by in text: `[~accountid:...]` on Cloud, `[~name]` on Server. */
export function mentionOf(flavor: Flavor, user: PayloadUser): string {
  return flavor === 'cloud' ? `[~accountid:${user.accountId}]` : `[~${user.name}]`;
}

export function issueJson(spec: IssueSpec): Record<string, unknown> {
  const key = spec.key ?? 'PROJ-1';
  const id = spec.id ?? String(10000 + Number(key.split('-')[1] ?? 0));
  const project = key.split('-')[0]!;
  const user = (who: PayloadUser | null | undefined) => (who ? userJson(spec.flavor, spec.site, who) : null);
  return {
    id,
    self: `${spec.site}/rest/api/2/issue/${id}`,
    key,
    fields: {
      summary: spec.summary ?? 'Login page rejects valid passwords',
      issuetype: { self: `${spec.site}/rest/api/2/issuetype/${(spec.issueType ?? ISSUE_TYPES.bug).id}`, subtask: false, ...(spec.issueType ?? ISSUE_TYPES.bug) },
      project: { self: `${spec.site}/rest/api/2/project/10000`, id: '10000', key: project, name: `${project} project`, projectTypeKey: 'software' },
      assignee: user(spec.assignee),
      reporter: user(spec.reporter === undefined ? spec.actor : spec.reporter),
      creator: user(spec.actor),
      labels: spec.labels ?? [],
      priority: { self: `${spec.site}/rest/api/2/priority/${(spec.priority ?? PRIORITIES.medium).id}`, ...(spec.priority ?? PRIORITIES.medium) },
      status: { self: `${spec.site}/rest/api/2/status/1`, ...(spec.status ?? { id: '10000', name: 'To Do' }), statusCategory: { id: 2, key: 'new', name: 'To Do' } },
      resolution: spec.resolution ?? null,
      security: spec.security ?? null,
      description: spec.description === undefined ? 'Steps: open */login*, type a valid password, press {{Enter}}.' : spec.description,
      fixVersions: [],
      versions: [],
      components: [],
      created: '2026-12-01T09:00:00.000+0000',
      updated: '2026-12-05T09:00:00.000+0000',
      ...spec.fields,
    },
  };
}

function envelope(spec: IssueSpec, webhookEvent: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { timestamp: 1733389200000 + sequence++, webhookEvent, user: userJson(spec.flavor, spec.site, spec.actor), issue: issueJson(spec), ...extra };
}

function changelog(items: ChangeItem[]): Record<string, unknown> {
  return { id: String(20000 + sequence++), items: items.map((item) => ({
      field: item.field,
      fieldtype: item.fieldtype ?? 'jira',
      fieldId: item.fieldId ?? item.field.toLowerCase(),
      from: item.fromId ?? null,
      fromString: item.before ?? null,
      to: item.toId ?? null,
      toString: item.after ?? null,
    })) };
}

export function issueCreated(spec: IssueSpec): Record<string, unknown> {
  return envelope(spec, 'jira:issue_created', { issue_event_type_name: 'issue_created' });
}

export function issueDeleted(spec: IssueSpec): Record<string, unknown> {
  return envelope(spec, 'jira:issue_deleted', { issue_event_type_name: 'issue_deleted' });
}

/** `jira:issue_updated` with a changelog; `eventTypeName` '' leaves `issue_event_type_name` out (old Jira Server). */
export function issueUpdated(spec: IssueSpec, items: ChangeItem[], eventTypeName = 'issue_updated'): Record<string, unknown> {
  return envelope(spec, 'jira:issue_updated', { ...(eventTypeName ? { issue_event_type_name: eventTypeName } : {}), changelog: changelog(items) });
}

/** Assigns the issue to `spec.assignee` (from `previous`). */
export function issueAssigned(spec: IssueSpec, previous: PayloadUser | null = null): Record<string, unknown> {
  const id = (who: PayloadUser | null | undefined) => (who ? (spec.flavor === 'cloud' ? who.accountId : who.name) : null);
  return issueUpdated(spec, [{ field: 'assignee', fromId: id(previous), before: previous?.displayName ?? null, toId: id(spec.assignee), after: spec.assignee?.displayName ?? null }], 'issue_assigned');
}

export function issueResolved(spec: IssueSpec, resolution = 'Done'): Record<string, unknown> {
  return issueUpdated({ ...spec, resolution: { id: '10000', name: resolution }, status: { id: '10002', name: 'Done' } }, [
    { field: 'resolution', toId: '10000', after: resolution },
    { field: 'status', fromId: '10001', before: 'In Progress', toId: '10002', after: 'Done' },
  ], 'issue_resolved');
}

export function issueReopened(spec: IssueSpec, previous = 'Done'): Record<string, unknown> {
  return issueUpdated({ ...spec, resolution: null }, [{ field: 'resolution', fromId: '10000', before: previous }], 'issue_reopened');
}

function commentJson(spec: IssueSpec, body: string, options: { id?: string; edited?: boolean } = {}): Record<string, unknown> {
  const issue = issueJson(spec);
  const id = options.id ?? String(30000 + sequence++);
  return {
    self: `${spec.site}/rest/api/2/issue/${issue.id}/comment/${id}`,
    id,
    author: userJson(spec.flavor, spec.site, spec.actor),
    body,
    updateAuthor: userJson(spec.flavor, spec.site, spec.actor),
    created: '2026-12-05T10:00:00.000+0000',
    updated: options.edited ? '2026-12-05T10:30:00.000+0000' : '2026-12-05T10:00:00.000+0000',
    jsdPublic: true,
  };
}

export type CommentAction = 'created' | 'updated' | 'deleted';

/**
 * A comment event as the flavor sends it: Cloud's `comment_<action>` (the issue with a few fields, no
 * `user` for created and updated), Server's `jira:issue_updated` with `issue_commented`,
 * `issue_comment_edited` or `issue_comment_deleted`.
 */
export function commentEvent(spec: IssueSpec, action: CommentAction, body = 'Looks like the session cookie expires too early.', commentId?: string): Record<string, unknown> {
  const comment = commentJson(spec, body, { id: commentId, edited: action === 'updated' });
  if (spec.flavor === 'server') {
    const name = { created: 'issue_commented', updated: 'issue_comment_edited', deleted: 'issue_comment_deleted' }[action];
    return envelope(spec, 'jira:issue_updated', { issue_event_type_name: name, comment });
  }
  const full = issueJson(spec) as { id: string; self: string; key: string; fields: Record<string, unknown> };
  const { summary, issuetype, project, assignee, priority, status, reporter } = full.fields;
  const issue = { ...full, fields: { summary, issuetype, project, assignee, priority, status, reporter } };
  const base = { timestamp: 1733389200000 + sequence++, webhookEvent: `comment_${action}`, comment, issue };
  return action === 'deleted' ? { ...base, user: userJson('cloud', spec.site, spec.actor) } : base;
}

/** An old Jira Server's comment: `jira:issue_updated` with a comment and no `issue_event_type_name` nor changelog. */
export function oldServerComment(spec: IssueSpec, body: string): Record<string, unknown> {
  return envelope({ ...spec, flavor: 'server' }, 'jira:issue_updated', { comment: commentJson({ ...spec, flavor: 'server' }, body) });
}
