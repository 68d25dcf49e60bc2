// Creating an issue from chat (`/jira create [text]`, and "Create Jira issue" on a message). A
// dialog cannot change its fields when the project changes, so it takes two steps, as far as
// Mattermost's dialogs allow: the first dialog asks the project (the one used last proposed), the
// issue type, the summary and the description; when Jira needs more fields for that project and
// type (createmeta's required fields without a default), the user gets an ephemeral message whose
// button opens a second dialog with exactly those fields (a submission cannot open a dialog itself:
// only a click carries a trigger id). The draft waits in the KV for an hour meanwhile.
// The created issue is announced in the channel (in the message's thread) by the user, with its link.
import { newId, type DialogElement, type PluginAPI } from '@parley/plugin-api';
import { ensureJiraBot } from '../jira-bot.ts';
import { createIssue, createMetaFields, getIssue, listProjects, searchAssignableUsers, type JiraFieldMeta, type JiraProject } from '../jira-api/issues-api.ts';
import { JiraApiError } from '../jira-api/jira-api-error.ts';
import { browseUrl, userIdentity, type IssuesContext, type JiraAccess } from './jira-access.ts';
import { IssueProblem } from './issue-operations.ts';

export const CREATE_ROUTES = {
  submit: '/api/v2/create-issue/submit',
  fields: '/api/v2/create-issue/fields',
  fieldsSubmit: '/api/v2/create-issue/fields/submit',
};

const SUMMARY_MAX = 255;
const DESCRIPTION_MAX = 3000;
const DRAFT = 'create_draft_';
const DRAFT_SECONDS = 3600;
/** Fields the first dialog covers, or Jira fills in itself. */
const COVERED = new Set(['project', 'issuetype', 'summary', 'description', 'reporter']);

/** Where the issue comes from and where its announcement goes. */
export interface CreateOrigin {
  channel_id: string;
  /** The thread the announcement goes to (the message's, for an issue made from one). */
  root_id: string;
  /** The message the issue was made from, if any. */
  post_id: string;
}

interface CreateState extends CreateOrigin {
  instance_id: string;
}

interface Draft extends CreateState {
  user_id: string;
  project: string;
  issue_type_id: string;
  issue_type: string;
  summary: string;
  description: string;
}

/** The first dialog: project, issue type, summary, description (prefilled with `text`). */
export async function openCreateDialog(ctx: IssuesContext, access: JiraAccess, triggerId: string, origin: CreateOrigin, options: { text: string; project?: string }): Promise<void> {
  const projects = await listProjects(access.client).catch((err: unknown) => jiraProblem(err));
  if (projects.length === 0) throw new IssueProblem('You cannot see any Jira project to create an issue in.');
  let offered = projects;
  if (options.project) {
    const named = projects.find((project) => project.key.toUpperCase() === options.project!.toUpperCase());
    if (!named) throw new IssueProblem(`You have no Jira project \`${options.project}\`. Yours: ${projects.map((project) => `\`${project.key}\``).join(', ')}.`);
    offered = [named];
  }
  const lastProject = offered.find((project) => project.key === access.connection.last_project_key) ?? offered[0]!;
  const typeNames = [...new Set(offered.flatMap((project) => (project.issueTypes ?? []).filter((type) => !type.subtask).map((type) => type.name)))];
  const lastType = typeNames.find((name) => name === access.connection.last_issue_type) ?? lastProject.issueTypes?.find((type) => !type.subtask)?.name ?? typeNames[0];
  const elements: DialogElement[] = [
    { display_name: 'Project', name: 'project', type: 'select', default: lastProject.key, options: offered.map((project) => ({ text: `${project.name} (${project.key})`, value: project.key })) },
    { display_name: 'Issue type', name: 'issue_type', type: 'select', ...(lastType ? { default: lastType } : {}), options: typeNames.map((name) => ({ text: name, value: name })) },
    { display_name: 'Summary', name: 'summary', type: 'text', max_length: SUMMARY_MAX },
    { display_name: 'Description', name: 'description', type: 'textarea', optional: true, default: options.text.slice(0, DESCRIPTION_MAX), max_length: DESCRIPTION_MAX },
  ];
  await ctx.api.dialogs.open(triggerId, `/plugins/jira${CREATE_ROUTES.submit}`, {
    callback_id: 'create-issue',
    title: 'Create Jira issue',
    submit_label: 'Create',
    introduction_text: `On ${access.instance.alias || access.instance.id}. If the project needs more fields, you are asked for them next.`,
    state: JSON.stringify({ instance_id: access.instance.id, ...origin } satisfies CreateState),
    elements,
  });
}

function jiraProblem(err: unknown): never {
  if (err instanceof JiraApiError) throw new IssueProblem(err.status === 401 ? 'Jira no longer accepts your connection: connect again with `/jira connect`.' : err.message);
  throw err;
}

/** What a dialog's submission answers: field errors keep it open, an empty object closes it. */
export type DialogAnswer = { errors?: Record<string, string>; error?: string };

/** The first dialog's submission: creates the issue, or asks for the project's other required fields. */
export async function submitCreateDialog(ctx: IssuesContext, access: JiraAccess, state: CreateState, submission: Record<string, unknown>): Promise<DialogAnswer> {
  const text = (name: string) => (typeof submission[name] === 'string' ? (submission[name] as string).trim() : '');
  const summary = text('summary');
  if (!summary) return { errors: { summary: 'Give the issue a summary.' } };
  const projects = await listProjects(access.client).catch((err: unknown) => jiraProblem(err));
  const project = projects.find((candidate) => candidate.key === text('project'));
  if (!project) return { errors: { project: 'Choose one of your projects.' } };
  const type = project.issueTypes?.find((candidate) => candidate.name === text('issue_type') && !candidate.subtask);
  if (!type) return { errors: { issue_type: `${project.key} has no issue type \`${text('issue_type')}\`. It has: ${typesOf(project)}.` } };
  await ctx.updateConnection(access.instance, { ...access.connection, last_project_key: project.key, last_issue_type: type.name });
  const draft: Draft = { ...state, user_id: access.connection.mattermost_user_id, project: project.key, issue_type_id: type.id, issue_type: type.name, summary, description: text('description') };
  const missing = await missingFields(access, draft);
  const unsupported = missing.filter((meta) => !fillable(meta));
  if (unsupported.length > 0) {
    return { error: `Jira needs ${unsupported.map((meta) => meta.name).join(', ')} for a ${type.name} in ${project.key}, which cannot be filled in from chat: create this issue in Jira (${access.instance.id}/secure/CreateIssue!default.jspa).` };
  }
  if (missing.length === 0) return create(ctx, access, draft, {});
  const draftId = newId();
  await ctx.api.kv.setWithExpiry(DRAFT + draftId, draft, DRAFT_SECONDS);
  await ctx.api.posts.sendEphemeral(access.connection.mattermost_user_id, {
    channel_id: draft.channel_id,
    root_id: draft.root_id,
    user_id: await ensureJiraBot(ctx.api),
    message: `For a new ${type.name} in ${project.key}, Jira also needs: ${missing.map((meta) => meta.name).join(', ')}.`,
    props: { attachments: [{ text: `"${summary}" is not created yet.`, actions: [{ name: 'Fill in the required fields', style: 'primary', integration: { url: `/plugins/jira${CREATE_ROUTES.fields}`, context: { draft_id: draftId, instance_id: access.instance.id } } }] }] },
  });
  return {};
}

function typesOf(project: JiraProject): string {
  return (project.issueTypes ?? []).filter((type) => !type.subtask).map((type) => `\`${type.name}\``).join(', ');
}

/** The required fields the first dialog does not cover and Jira has no default for. */
async function missingFields(access: JiraAccess, draft: Draft): Promise<JiraFieldMeta[]> {
  const metas = await createMetaFields(access.client, draft.project, draft.issue_type_id).catch((err: unknown) => jiraProblem(err));
  return metas.filter((meta) => meta.required && !meta.hasDefaultValue && !COVERED.has(meta.fieldId));
}

/** Whether a second-dialog element can ask for the field. */
function fillable(meta: JiraFieldMeta): boolean {
  const { type, items } = meta.schema;
  if (meta.allowedValues && meta.allowedValues.length > 0) return true;
  return ['string', 'number', 'date', 'user', 'priority'].includes(type) || (type === 'array' && items === 'string');
}

function fieldElement(meta: JiraFieldMeta): DialogElement {
  const base = { display_name: meta.name.slice(0, 24), name: meta.fieldId };
  if (meta.allowedValues && meta.allowedValues.length > 0) {
    return { ...base, type: 'select', options: meta.allowedValues.map((value) => ({ text: value.name ?? value.value ?? value.id, value: value.id })) };
  }
  switch (meta.schema.type) {
    case 'number':
      return { ...base, type: 'text', subtype: 'number' };
    case 'date':
      return { ...base, type: 'date' };
    case 'user':
      return { ...base, type: 'text', placeholder: 'me, or a Jira name or email', max_length: 200 };
    case 'array':
      return { ...base, type: 'text', placeholder: 'Labels, separated by spaces', help_text: meta.name.length > 24 ? meta.name : undefined };
    default:
      return { ...base, type: 'text', max_length: SUMMARY_MAX, ...(meta.name.length > 24 ? { help_text: meta.name } : {}) };
  }
}

/** The click on "Fill in the required fields": the second dialog, with the fields Jira still needs. */
export async function openFieldsDialog(ctx: IssuesContext, access: JiraAccess, triggerId: string, draftId: string, ephemeralPostId: string): Promise<void> {
  const draft = await loadDraft(ctx, access, draftId);
  const missing = await missingFields(access, draft);
  await ctx.api.dialogs.open(triggerId, `/plugins/jira${CREATE_ROUTES.fieldsSubmit}`, {
    callback_id: 'create-issue-fields',
    title: `New ${draft.issue_type} in ${draft.project}`.slice(0, 24),
    introduction_text: `"${draft.summary}" needs these fields in Jira.`,
    submit_label: 'Create',
    state: JSON.stringify({ draft_id: draftId, post_id: ephemeralPostId, instance_id: access.instance.id }),
    elements: missing.map(fieldElement),
  });
}

/** A draft of this user's, or an IssueProblem when it expired or is someone else's. */
export async function loadDraft(ctx: IssuesContext, access: JiraAccess, draftId: unknown): Promise<Draft> {
  const draft = typeof draftId === 'string' && /^[a-z0-9]{26}$/.test(draftId) ? await ctx.api.kv.get<Draft>(DRAFT + draftId) : null;
  if (!draft || draft.user_id !== access.connection.mattermost_user_id || draft.instance_id !== access.instance.id) {
    throw new IssueProblem('This issue draft has expired: start again with `/jira create`.');
  }
  return draft;
}

/** The second dialog's submission: the fields' values as Jira wants them, then the issue. */
export async function submitFieldsDialog(ctx: IssuesContext, access: JiraAccess, draftId: string, ephemeralPostId: string, submission: Record<string, unknown>): Promise<DialogAnswer> {
  const draft = await loadDraft(ctx, access, draftId);
  const missing = await missingFields(access, draft);
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const meta of missing) {
    const raw = submission[meta.fieldId];
    const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
    if (!text) {
      errors[meta.fieldId] = `Jira needs ${meta.name}.`;
      continue;
    }
    const value = await fieldValue(access, draft.project, meta, text);
    if (typeof value === 'object' && value !== null && 'problem' in value) errors[meta.fieldId] = (value as { problem: string }).problem;
    else fields[meta.fieldId] = value;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const answer = await create(ctx, access, draft, fields);
  if (!answer.error && !answer.errors) {
    await ctx.api.kv.delete(DRAFT + draftId);
    if (ephemeralPostId) await ctx.api.posts.deleteEphemeral(access.connection.mattermost_user_id, ephemeralPostId);
  }
  return answer;
}

/** A field's value in Jira's shape, from what the dialog holds, or the problem with it. */
async function fieldValue(access: JiraAccess, project: string, meta: JiraFieldMeta, text: string): Promise<unknown> {
  const { type, items } = meta.schema;
  if (meta.allowedValues && meta.allowedValues.length > 0) return type === 'array' ? [{ id: text }] : { id: text };
  switch (type) {
    case 'number': {
      const number = Number(text);
      return Number.isFinite(number) ? number : { problem: `${meta.name} must be a number.` };
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : { problem: `${meta.name} must be a date (YYYY-MM-DD).` };
    case 'priority':
      return { name: text };
    case 'user': {
      const identity = userIdentity(access.instance);
      if (text.toLowerCase() === 'me') return identity === 'accountId' ? { accountId: access.connection.account_id } : { name: access.connection.name };
      const found = await searchAssignableUsers(access.client, { project }, identity, text).catch((err: unknown) => jiraProblem(err));
      const exact = found.filter((user) => [user.name, user.displayName, user.emailAddress].some((value) => value?.toLowerCase() === text.toLowerCase()));
      const user = found.length === 1 ? found[0] : exact.length === 1 ? exact[0] : undefined;
      if (!user) return { problem: found.length === 0 ? `No Jira user matches \`${text}\`.` : `\`${text}\` matches ${found.map((candidate) => candidate.displayName).join(', ')}: be more precise.` };
      return identity === 'accountId' ? { accountId: user.accountId } : { name: user.name };
    }
    default:
      return type === 'array' && items === 'string' ? text.split(/[\s,]+/).filter(Boolean) : text;
  }
}

/** Creates the issue and announces it; Jira's refusals of fields shown in the dialog. */
async function create(ctx: IssuesContext, access: JiraAccess, draft: Draft, extra: Record<string, unknown>): Promise<DialogAnswer> {
  let created: { key: string };
  try {
    created = await createIssue(access.client, {
      project: { key: draft.project },
      issuetype: { id: draft.issue_type_id },
      summary: draft.summary,
      ...(draft.description ? { description: draft.description } : {}),
      ...extra,
    });
  } catch (err) {
    if (!(err instanceof JiraApiError) || err.status !== 400) return { error: err instanceof JiraApiError ? err.message : String(err) };
    const onDialog = Object.fromEntries(Object.entries(err.fieldErrors).filter(([field]) => field in extra || field === 'summary' || field === 'description'));
    return Object.keys(onDialog).length === Object.keys(err.fieldErrors).length && Object.keys(onDialog).length > 0 ? { errors: onDialog } : { error: err.message };
  }
  const issue = await getIssue(access.client, created.key).catch(() => ({ key: created.key, fields: { summary: draft.summary } }));
  await announce(ctx.api, access, draft, `Created a Jira issue: [${issue.key}: ${issue.fields.summary}](${browseUrl(access.instance, issue.key)})`);
  return {};
}

/** Posts `message` in the channel (thread) as the user, or shows it to them alone where they may not post. */
export async function announce(api: PluginAPI, access: JiraAccess, origin: CreateOrigin, message: string): Promise<void> {
  const userId = access.connection.mattermost_user_id;
  if (!origin.channel_id) return;
  if (await api.users.hasPermission(userId, 'create_post', { channel_id: origin.channel_id })) {
    await api.posts.create({ channel_id: origin.channel_id, root_id: origin.root_id, user_id: userId, message });
  } else {
    await api.posts.sendEphemeral(userId, { channel_id: origin.channel_id, root_id: origin.root_id, user_id: await ensureJiraBot(api), message });
  }
}
