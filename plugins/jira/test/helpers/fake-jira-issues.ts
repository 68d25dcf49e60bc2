// Issues on a FakeJira: projects (with who may browse them), issue types, what creating an issue
// needs (both createmeta forms), issues with a simple workflow (every status reachable from every
// other), assignees, assignable-user search, comments and JQL search (`key in (...)`, `project = X`,
// `text ~ "..."`). Shapes follow Atlassian's REST v2 documentation; a project a user may not browse
// answers 404, as Jira does.
import { jiraError, type FakeJira, type FakeJiraUser, type FakeRequest, type FakeResponse } from './fake-jira.ts';

export interface FakeFieldMeta {
  fieldId: string;
  name: string;
  required: boolean;
  schema: { type: string; items?: string; system?: string; custom?: string };
  allowedValues?: Array<{ id: string; name?: string; value?: string }>;
}

export interface FakeIssueType {
  id: string;
  name: string;
  /** The fields beyond project, issue type, summary and description. */
  fields: FakeFieldMeta[];
}

export interface FakeProject {
  id: string;
  key: string;
  name: string;
  issueTypes: FakeIssueType[];
  /** accountIds allowed to browse; undefined: everyone. */
  browsers?: Set<string>;
}

export interface FakeComment {
  id: string;
  body: string;
  author: string;
}

export interface FakeIssue {
  id: string;
  key: string;
  project: FakeProject;
  fields: Record<string, unknown> & { summary: string; status: string; assignee: string | null; issuetype: FakeIssueType };
  comments: FakeComment[];
}

export const STATUSES = ['To Do', 'In Progress', 'In Review', 'Done'];
export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '3', name: 'Medium' },
  { id: '5', name: 'Lowest' },
];
const BASE_FIELDS: FakeFieldMeta[] = [
  { fieldId: 'summary', name: 'Summary', required: true, schema: { type: 'string', system: 'summary' } },
  { fieldId: 'description', name: 'Description', required: false, schema: { type: 'string', system: 'description' } },
];

export class FakeJiraIssues {
  readonly projects = new Map<string, FakeProject>();
  readonly issues = new Map<string, FakeIssue>();
  /** Answer the new createmeta endpoints (false: a server older than 8.4, only the legacy one). */
  newCreateMeta = true;
  readonly #fake: FakeJira;
  #nextId = 10000;

  constructor(fake: FakeJira) {
    this.#fake = fake;
  }

  addProject(key: string, options: { name?: string; issueTypes?: Array<{ name: string; fields?: FakeFieldMeta[] }>; browsers?: FakeJiraUser[] } = {}): FakeProject {
    const project: FakeProject = {
      id: String(this.#nextId++),
      key,
      name: options.name ?? `${key} project`,
      issueTypes: (options.issueTypes ?? [{ name: 'Task' }, { name: 'Bug' }]).map((type) => ({ id: String(this.#nextId++), name: type.name, fields: type.fields ?? [] })),
      browsers: options.browsers ? new Set(options.browsers.map((user) => user.accountId)) : undefined,
    };
    this.projects.set(key, project);
    return project;
  }

  addIssue(projectKey: string, fields: { summary: string; description?: string; status?: string; assignee?: FakeJiraUser | null; priority?: string; type?: string }): FakeIssue {
    const project = this.projects.get(projectKey)!;
    const number = [...this.issues.values()].filter((issue) => issue.project === project).length + 1;
    const issue: FakeIssue = {
      id: String(this.#nextId++),
      key: `${projectKey}-${number}`,
      project,
      fields: {
        summary: fields.summary,
        description: fields.description ?? null,
        status: fields.status ?? STATUSES[0]!,
        assignee: fields.assignee?.accountId ?? null,
        issuetype: project.issueTypes.find((type) => type.name === (fields.type ?? project.issueTypes[0]!.name))!,
        priority: PRIORITIES.find((priority) => priority.name === (fields.priority ?? 'Medium')),
      },
      comments: [],
    };
    this.issues.set(issue.key, issue);
    return issue;
  }

  issueJson(issue: FakeIssue): Record<string, unknown> {
    const user = (id: unknown) => (typeof id === 'string' && this.#fake.users.get(id) ? this.#fake.userJson(this.#fake.users.get(id)!) : null);
    const { status, assignee, issuetype, ...rest } = issue.fields;
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.#fake.url}/rest/api/2/issue/${issue.id}`,
      fields: {
        ...rest,
        status: { id: String(STATUSES.indexOf(status) + 1), name: status, statusCategory: { key: status === 'Done' ? 'done' : status === 'To Do' ? 'new' : 'indeterminate' } },
        assignee: user(assignee),
        reporter: user(issue.fields.reporter),
        issuetype: { id: issuetype.id, name: issuetype.name },
        project: { id: issue.project.id, key: issue.project.key, name: issue.project.name },
      },
    };
  }

  canBrowse(user: FakeJiraUser | undefined, project: FakeProject): boolean {
    return !project.browsers || (user !== undefined && project.browsers.has(user.accountId));
  }

  /** The issue when the caller may see it; Jira's 404 otherwise. */
  visibleIssue(request: FakeRequest, key: string): FakeIssue | FakeResponse {
    const issue = this.issues.get(decodeURIComponent(key).toUpperCase());
    if (!issue || !this.canBrowse(request.user, issue.project)) return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
    return issue;
  }

  fieldsOf(type: FakeIssueType): FakeFieldMeta[] {
    return [...BASE_FIELDS, ...type.fields];
  }
}

function isResponse<T extends object>(value: T | FakeResponse): value is FakeResponse {
  return 'status' in value && typeof value.status === 'number';
}

function parseBody(request: FakeRequest): Record<string, unknown> {
  try {
    const value = JSON.parse(request.body) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Registers the issue routes on `fake`; the answer holds the projects and issues a test sets up. */
export function installIssueRoutes(fake: FakeJira): FakeJiraIssues {
  const jira = new FakeJiraIssues(fake);
  const withIssue = (handler: (request: FakeRequest, issue: FakeIssue) => FakeResponse) => (request: FakeRequest, match: RegExpExecArray) => {
    const found = jira.visibleIssue(request, match[1]!);
    return isResponse(found) ? found : handler(request, found);
  };
  const project = (request: FakeRequest, keyOrId: string): FakeProject | undefined => {
    const found = [...jira.projects.values()].find((candidate) => candidate.key === decodeURIComponent(keyOrId).toUpperCase() || candidate.id === keyOrId);
    return found && jira.canBrowse(request.user, found) ? found : undefined;
  };
  const typeMeta = (type: FakeIssueType) => ({ id: type.id, name: type.name, subtask: false });

  fake.route('GET', /^\/rest\/api\/2\/issue\/([^/]+)$/, withIssue((_request, issue) => ({ status: 200, body: jira.issueJson(issue) })));

  fake.route('GET', /^\/rest\/api\/2\/issue\/([^/]+)\/transitions$/, withIssue((_request, issue) => ({
    status: 200,
    body: { transitions: STATUSES.filter((status) => status !== issue.fields.status).map((status) => ({ id: String(STATUSES.indexOf(status) + 11), name: `Move to ${status}`, to: { id: String(STATUSES.indexOf(status) + 1), name: status } })) },
  })));

  fake.route('POST', /^\/rest\/api\/2\/issue\/([^/]+)\/transitions$/, withIssue((request, issue) => {
    const id = (parseBody(request).transition as { id?: unknown } | undefined)?.id;
    const status = STATUSES[Number(id) - 11];
    if (!status || status === issue.fields.status) return jiraError(400, [`Transition id '${String(id)}' is not valid for this issue.`]);
    issue.fields.status = status;
    return { status: 204 };
  }));

  fake.route('PUT', /^\/rest\/api\/2\/issue\/([^/]+)\/assignee$/, withIssue((request, issue) => {
    const body = parseBody(request);
    const wanted = body.accountId ?? body.name;
    if (wanted === null || wanted === undefined) {
      issue.fields.assignee = null;
      return { status: 204 };
    }
    const user = [...fake.users.values()].find((candidate) => candidate.accountId === wanted || candidate.name === wanted);
    if (!user) return jiraError(400, [], { assignee: `User '${String(wanted)}' does not exist.` });
    if (!jira.canBrowse(user, issue.project)) return jiraError(400, [], { assignee: `User '${user.displayName}' cannot be assigned issues.` });
    issue.fields.assignee = user.accountId;
    return { status: 204 };
  }));

  fake.route('GET', /^\/rest\/api\/2\/user\/assignable\/search$/, (request) => {
    const key = request.query.get('issueKey');
    const inProject = key ? undefined : project(request, request.query.get('project') ?? '');
    const scope: { project: FakeProject } | FakeResponse = key ? jira.visibleIssue(request, key) : inProject ? { project: inProject } : jiraError(404, ['No project could be found.']);
    if (isResponse(scope)) return scope;
    const text = (request.query.get('query') ?? request.query.get('username') ?? '').toLowerCase();
    const max = Number(request.query.get('maxResults') ?? 50);
    const users = [...fake.users.values()].filter((user) => jira.canBrowse(user, scope.project) && [user.name, user.displayName, user.emailAddress].some((value) => value.toLowerCase().includes(text)));
    return { status: 200, body: users.slice(0, max).map((user) => fake.userJson(user)) };
  });

  fake.route('GET', /^\/rest\/api\/2\/project$/, (request) => ({
    status: 200,
    body: [...jira.projects.values()]
      .filter((candidate) => jira.canBrowse(request.user, candidate))
      .map((candidate) => ({ id: candidate.id, key: candidate.key, name: candidate.name, ...(request.query.get('expand')?.includes('issueTypes') ? { issueTypes: candidate.issueTypes.map(typeMeta) } : {}) })),
  }));

  fake.route('GET', /^\/rest\/api\/2\/issue\/createmeta\/([^/]+)\/issuetypes$/, (request, match) => {
    const found = jira.newCreateMeta ? project(request, match[1]!) : undefined;
    if (!found) return jiraError(404, ['No project could be found with key or id.']);
    return { status: 200, body: { maxResults: 50, startAt: 0, total: found.issueTypes.length, values: found.issueTypes.map(typeMeta) } };
  });

  fake.route('GET', /^\/rest\/api\/2\/issue\/createmeta\/([^/]+)\/issuetypes\/([^/]+)$/, (request, match) => {
    const found = jira.newCreateMeta ? project(request, match[1]!) : undefined;
    const type = found?.issueTypes.find((candidate) => candidate.id === match[2]);
    if (!type) return jiraError(404, ['Issue type with given ID does not exist or you do not have permission to see it.']);
    const values = jira.fieldsOf(type);
    return { status: 200, body: { maxResults: 200, startAt: 0, total: values.length, values } };
  });

  fake.route('GET', /^\/rest\/api\/2\/issue\/createmeta$/, (request) => {
    const keys = (request.query.get('projectKeys') ?? '').split(',').filter(Boolean);
    const typeIds = (request.query.get('issuetypeIds') ?? '').split(',').filter(Boolean);
    const withFields = request.query.get('expand')?.includes('projects.issuetypes.fields') ?? false;
    const projects = [...jira.projects.values()].filter((candidate) => jira.canBrowse(request.user, candidate) && (keys.length === 0 || keys.includes(candidate.key)));
    return {
      status: 200,
      body: {
        projects: projects.map((candidate) => ({
          id: candidate.id,
          key: candidate.key,
          name: candidate.name,
          issuetypes: candidate.issueTypes
            .filter((type) => typeIds.length === 0 || typeIds.includes(type.id))
            .map((type) => ({ ...typeMeta(type), ...(withFields ? { fields: Object.fromEntries(jira.fieldsOf(type).map(({ fieldId, ...meta }) => [fieldId, { ...meta, key: fieldId }])) } : {}) })),
        })),
      },
    };
  });

  fake.route('POST', /^\/rest\/api\/2\/issue$/, (request) => {
    const fields = (parseBody(request).fields ?? {}) as Record<string, unknown>;
    const projectRef = fields.project as { key?: string; id?: string } | undefined;
    const target = project(request, projectRef?.key ?? projectRef?.id ?? '');
    if (!target) return jiraError(400, [], { project: 'valid project is required' });
    const type = target.issueTypes.find((candidate) => candidate.id === (fields.issuetype as { id?: string } | undefined)?.id || candidate.name === (fields.issuetype as { name?: string } | undefined)?.name);
    if (!type) return jiraError(400, [], { issuetype: 'valid issue type is required' });
    const errors: Record<string, string> = {};
    for (const meta of jira.fieldsOf(type)) {
      const value = fields[meta.fieldId];
      const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
      if (meta.required && empty) errors[meta.fieldId] = `${meta.name} is required.`;
      else if (!empty && meta.allowedValues) {
        const ids = (Array.isArray(value) ? value : [value]).map((item) => (item as { id?: string }).id);
        if (ids.some((id) => !meta.allowedValues!.some((allowed) => allowed.id === id))) errors[meta.fieldId] = `Specify a valid value for ${meta.name}.`;
      } else if (!empty && meta.schema.type === 'number' && typeof value !== 'number') errors[meta.fieldId] = `${meta.name} must be a number.`;
      else if (!empty && meta.schema.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) errors[meta.fieldId] = `${meta.name} must be a date (yyyy-MM-dd).`;
      else if (!empty && meta.schema.type === 'user') {
        const ref = value as { accountId?: string; name?: string };
        if (![...fake.users.values()].some((user) => user.accountId === ref.accountId || user.name === ref.name)) errors[meta.fieldId] = `User '${String(ref.accountId ?? ref.name)}' does not exist.`;
      }
    }
    const known = new Set(['project', 'issuetype', ...jira.fieldsOf(type).map((meta) => meta.fieldId)]);
    for (const field of Object.keys(fields)) if (!known.has(field)) errors[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
    if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
    const issue = jira.addIssue(target.key, { summary: String(fields.summary), description: fields.description as string | undefined, type: type.name });
    for (const [field, value] of Object.entries(fields)) if (!['project', 'issuetype', 'summary', 'description'].includes(field)) issue.fields[field] = value;
    issue.fields.reporter = request.user!.accountId;
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${fake.url}/rest/api/2/issue/${issue.id}` } };
  });

  fake.route('POST', /^\/rest\/api\/2\/issue\/([^/]+)\/comment$/, withIssue((request, issue) => {
    const body = parseBody(request).body;
    if (typeof body !== 'string' || body.trim() === '') return jiraError(400, [], { comment: 'Comment body can not be empty!' });
    const comment = { id: String(10000 + issue.comments.length), body, author: request.user!.accountId };
    issue.comments.push(comment);
    return { status: 201, body: { id: comment.id, body, self: `${fake.url}/rest/api/2/issue/${issue.id}/comment/${comment.id}` } };
  }));

  fake.route('GET', /^\/rest\/api\/2\/search$/, (request) => {
    const jql = request.query.get('jql') ?? '';
    const keys = /key\s+in\s*\(([^)]*)\)/i.exec(jql)?.[1]?.split(',').map((key) => key.trim().replace(/"/g, '').toUpperCase());
    const projectKey = /project\s*=\s*"?([A-Z0-9_]+)"?/i.exec(jql)?.[1]?.toUpperCase();
    const text = /text\s*~\s*"([^"]*)"/i.exec(jql)?.[1]?.toLowerCase();
    const max = Number(request.query.get('maxResults') ?? 50);
    const issues = [...jira.issues.values()].filter(
      (issue) =>
        jira.canBrowse(request.user, issue.project) &&
        (!keys || keys.includes(issue.key)) &&
        (!projectKey || issue.project.key === projectKey) &&
        (!text || `${issue.fields.summary} ${String(issue.fields.description ?? '')}`.toLowerCase().includes(text)),
    );
    return { status: 200, body: { startAt: 0, maxResults: max, total: issues.length, issues: issues.slice(0, max).map((issue) => jira.issueJson(issue)) } };
  });

  return jira;
}
