// What a Jira webhook event means: its subscription event types (Mattermost's names), the message
// Parley posts about it, and the people it may concern (for personal notifications). Pure: no API,
// so the event table is tested without a server.
//
// `jira:issue_updated` carries `issue_event_type_name` on current Jira versions; old Jira Server
// versions leave it out, and then the kind is inferred from the payload: a changelog means changed
// fields, a comment alone means a comment created (or edited, when its times differ).
import type { NotificationRole } from '../connect/connection.ts';
import * as E from './event-types.ts';
import { assignee, browseUrl, description, isResolved, issueTypeName, priorityName, reporter, summary } from './issue-fields.ts';
import { jiraToMarkdown, mentionedUsers, quote, truncate } from './jira-markup.ts';
import type { FieldChange, JiraUser, JiraWebhook } from './jira-webhook.ts';

/** One field of the message's attachment (Slack-style). */
export interface AttachmentField {
  title: string;
  value: string;
  short: boolean;
}

/** Someone in Jira the event may concern, by Jira id (accountId on Cloud, username on Server). */
export interface NotificationCandidate {
  jiraId: string;
  role: NotificationRole;
  /** The DM's first line(s). */
  message: string;
  /** The comment or description quoted under it, left out when the HideDecriptionComment setting is on. */
  excerpt: string;
}

export interface JiraEvent {
  webhook: JiraWebhook;
  eventTypes: Set<string>;
  /** Who caused it: the comment's author for comment events, else the payload's user. */
  actor: JiraUser | undefined;
  /** One line of Markdown: who did what to which issue (with its link). */
  headline: string;
  /** The description or comment, as Markdown ('' when none). */
  text: string;
  fields: AttachmentField[];
  notifications: NotificationCandidate[];
  /** Whether the issue's watchers should hear of it (a new comment: they are fetched from Jira). */
  notifyWatchers: boolean;
}

/** An event the plugin deliberately does nothing with, and why. */
export interface IgnoredEvent {
  ignored: string;
}

const COMMENT_LIMIT = 3000;
const CHANGE_LIMIT = 500;

/** The Jira id the payloads use for `user`: accountId on Cloud, the username on Server. */
export function jiraIdOf(user: JiraUser | undefined): string {
  return user ? user.accountId || user.name : '';
}

function sameUser(a: JiraUser | undefined, b: JiraUser | undefined): boolean {
  if (!a || !b) return false;
  return (a.accountId !== '' && a.accountId === b.accountId) || (a.name !== '' && a.name === b.name) || (a.key !== '' && a.key === b.key);
}

function nameOf(user: JiraUser | undefined): string {
  return user ? user.displayName || user.name || 'A Jira user' : 'Someone';
}

function issueLink(webhook: JiraWebhook): string {
  const title = `${webhook.issue.key}: ${summary(webhook.issue)}`.replace(/[[\]]/g, (bracket) => (bracket === '[' ? '(' : ')'));
  return `[${title}](${browseUrl(webhook.issue)})`;
}

interface Change {
  eventType: string;
  /** What the actor did, completing "<actor> ...". */
  did: string;
  /** The change as an attachment field, when several are merged. */
  field: AttachmentField;
  text?: string;
  assigneeChanged?: boolean;
  newDescription?: string;
}

function listDifference(from: string, to: string): { added: string[]; removed: string[] } {
  const before = from.split(/\s+/).filter(Boolean);
  const after = to.split(/\s+/).filter(Boolean);
  return { added: after.filter((word) => !before.includes(word)), removed: before.filter((word) => !after.includes(word)) };
}

/** The change one changelog item describes, or undefined for fields nobody subscribes to (time tracking, links...). */
function describeChange(change: FieldChange, link: string): Change | undefined {
  const { from, to } = change;
  const field = change.field.toLowerCase();
  const fromText = from === '' ? 'none' : from;
  const toText = to === '' ? 'none' : to;
  const fieldChange = (eventType: string, label: string): Change => ({
    eventType,
    did: `changed the ${label} of ${link} from "${truncate(fromText, CHANGE_LIMIT)}" to "${truncate(toText, CHANGE_LIMIT)}"`,
    field: { title: label[0]!.toUpperCase() + label.slice(1), value: `${truncate(fromText, CHANGE_LIMIT)} → ${truncate(toText, CHANGE_LIMIT)}`, short: false },
  });
  switch (field) {
    case 'resolution':
      if (to !== '' && from === '') return { eventType: E.EVENT_UPDATED_RESOLVED, did: `resolved ${link} as ${to}`, field: { title: 'Resolution', value: to, short: false } };
      if (to === '' && from !== '') return { eventType: E.EVENT_UPDATED_REOPENED, did: `reopened ${link}`, field: { title: 'Resolution', value: `${from} → reopened`, short: false } };
      return undefined;
    case 'status':
      return fieldChange(E.EVENT_UPDATED_STATUS, 'status');
    case 'priority':
      return fieldChange(E.EVENT_UPDATED_PRIORITY, 'priority');
    case 'summary':
      return fieldChange(E.EVENT_UPDATED_SUMMARY, 'summary');
    case 'issuetype':
      return fieldChange(E.EVENT_UPDATED_ISSUE_TYPE, 'issue type');
    case 'fix version':
      return fieldChange(E.EVENT_UPDATED_FIX_VERSION, 'fix version');
    case 'version':
      return fieldChange(E.EVENT_UPDATED_AFFECTS_VERSION, 'affects version');
    case 'reporter':
      return fieldChange(E.EVENT_UPDATED_REPORTER, 'reporter');
    case 'component':
      return fieldChange(E.EVENT_UPDATED_COMPONENTS, 'components');
    case 'sprint':
      return to === '' ? undefined : fieldChange(E.EVENT_UPDATED_SPRINT, 'sprint');
    case 'rank':
      return to === '' ? undefined : { eventType: E.EVENT_UPDATED_RANK, did: `ranked ${link} ${to.toLowerCase()}`, field: { title: 'Rank', value: to.toLowerCase(), short: false } };
    case 'description':
      return { eventType: E.EVENT_UPDATED_DESCRIPTION, did: `edited the description of ${link}`, field: { title: 'Description', value: 'edited', short: false }, newDescription: to };
    case 'attachment':
      return to !== ''
        ? { eventType: E.EVENT_UPDATED_ATTACHMENT, did: `attached ${to} to ${link}`, field: { title: 'Attachment', value: `added ${to}`, short: false } }
        : { eventType: E.EVENT_UPDATED_ATTACHMENT, did: `removed the attachment ${from} from ${link}`, field: { title: 'Attachment', value: `removed ${from}`, short: false } };
    case 'labels': {
      const { added, removed } = listDifference(from, to);
      const parts = [added.length > 0 ? `added ${added.join(', ')}` : '', removed.length > 0 ? `removed ${removed.join(', ')}` : ''].filter(Boolean);
      return { eventType: E.EVENT_UPDATED_LABELS, did: `changed the labels of ${link}: ${parts.join('; ') || 'reordered'}`, field: { title: 'Labels', value: parts.join('; ') || toText, short: false } };
    }
    case 'assignee':
      return {
        eventType: E.EVENT_UPDATED_ASSIGNEE,
        did: to === '' ? `unassigned ${link}` : `assigned ${link} to ${to}`,
        field: { title: 'Assignee', value: `${fromText} → ${toText}`, short: false },
        assigneeChanged: true,
      };
    default:
      return change.fieldType === 'custom' ? fieldChange(E.customFieldEvent(change.fieldId), change.field) : undefined;
  }
}

/** The mentioned users of `text` (not the actor) as candidates. */
function mentions(text: string, actor: JiraUser | undefined, message: string, excerpt: string): NotificationCandidate[] {
  return mentionedUsers(text)
    .filter((jiraId) => jiraId !== jiraIdOf(actor) && jiraId !== actor?.name)
    .map((jiraId) => ({ jiraId, role: 'mention' as const, message, excerpt }));
}

/** The reporter (not the actor) hears of changes to the issue they reported. */
function reporterCandidate(webhook: JiraWebhook, actor: JiraUser | undefined, headline: string, excerpt: string): NotificationCandidate[] {
  const who = reporter(webhook.issue);
  if (!who || sameUser(who, actor)) return [];
  return [{ jiraId: jiraIdOf(who), role: 'reporter', message: `${headline}\n_You reported this ${issueTypeName(webhook.issue).toLowerCase()}._`, excerpt }];
}

function parseCreated(webhook: JiraWebhook, link: string): JiraEvent {
  const actor = webhook.user ?? reporter(webhook.issue);
  const headline = `${nameOf(actor)} created ${issueTypeName(webhook.issue).toLowerCase()} ${link}`;
  const body = description(webhook.issue);
  const text = truncate(jiraToMarkdown(body), COMMENT_LIMIT);
  const fields: AttachmentField[] = [];
  const owner = assignee(webhook.issue);
  if (owner) fields.push({ title: 'Assignee', value: nameOf(owner), short: true });
  if (priorityName(webhook.issue)) fields.push({ title: 'Priority', value: priorityName(webhook.issue), short: true });
  const notifications = mentions(body, actor, `${nameOf(actor)} mentioned you in the description of ${link}`, quote(text));
  if (owner && !sameUser(owner, actor)) notifications.push({ jiraId: jiraIdOf(owner), role: 'assignee', message: `${nameOf(actor)} created ${link} and assigned it to you`, excerpt: '' });
  return { webhook, eventTypes: new Set([E.EVENT_CREATED]), actor, headline, text, fields, notifications, notifyWatchers: false };
}

function parseDeleted(webhook: JiraWebhook, link: string): JiraEvent {
  const eventTypes = new Set([E.EVENT_DELETED]);
  if (!isResolved(webhook.issue)) eventTypes.add(E.EVENT_DELETED_UNRESOLVED);
  return { webhook, eventTypes, actor: webhook.user, headline: `${nameOf(webhook.user)} deleted ${link}`, text: '', fields: [], notifications: [], notifyWatchers: false };
}

function parseChanges(webhook: JiraWebhook, link: string): JiraEvent | IgnoredEvent {
  const changes = webhook.changes.map((change) => describeChange(change, link)).filter((change): change is Change => change !== undefined);
  if (changes.length === 0) return { ignored: 'none of the changed fields is one subscriptions follow' };
  const actor = webhook.user;
  const headline = changes.length === 1 ? `${nameOf(actor)} ${changes[0]!.did}` : `${nameOf(actor)} changed ${link}`;
  const fields = changes.length === 1 ? [] : changes.map((change) => change.field);
  const edited = changes.find((change) => change.newDescription !== undefined);
  const text = edited ? truncate(jiraToMarkdown(edited.newDescription!), COMMENT_LIMIT) : '';
  const notifications: NotificationCandidate[] = [];
  const owner = assignee(webhook.issue);
  if (changes.some((change) => change.assigneeChanged) && owner && !sameUser(owner, actor)) {
    notifications.push({ jiraId: jiraIdOf(owner), role: 'assignee', message: `${nameOf(actor)} assigned ${link} to you`, excerpt: '' });
  }
  if (edited) notifications.push(...mentions(edited.newDescription!, actor, `${nameOf(actor)} mentioned you in the description of ${link}`, quote(text)));
  notifications.push(...reporterCandidate(webhook, actor, headline, ''));
  return { webhook, eventTypes: new Set(changes.map((change) => change.eventType)), actor, headline, text, fields, notifications, notifyWatchers: false };
}

type CommentKind = 'created' | 'updated' | 'deleted';

function parseComment(webhook: JiraWebhook, link: string, kind: CommentKind): JiraEvent | IgnoredEvent {
  const comment = webhook.comment;
  if (!comment) return { ignored: `the ${webhook.webhookEvent} event carries no comment` };
  const actor = kind === 'deleted' ? (webhook.user ?? comment.updateAuthor) : (comment.updateAuthor ?? webhook.user);
  const who = nameOf(actor);
  if (kind === 'deleted') {
    return { webhook, eventTypes: new Set([E.EVENT_DELETED_COMMENT]), actor, headline: `${who} deleted a comment on ${link}`, text: '', fields: [], notifications: [], notifyWatchers: false };
  }
  const text = truncate(quote(jiraToMarkdown(comment.body)), COMMENT_LIMIT);
  if (kind === 'updated') {
    return { webhook, eventTypes: new Set([E.EVENT_UPDATED_COMMENT]), actor, headline: `${who} edited a comment on ${link}`, text, fields: [], notifications: [], notifyWatchers: false };
  }
  const headline = `${who} commented on ${link}`;
  const notifications = mentions(comment.body, actor, `${who} mentioned you in a comment on ${link}`, text);
  const owner = assignee(webhook.issue);
  if (owner && !sameUser(owner, actor)) notifications.push({ jiraId: jiraIdOf(owner), role: 'assignee', message: `${who} commented on ${link}, which is assigned to you`, excerpt: text });
  notifications.push(...reporterCandidate(webhook, actor, headline, text));
  return { webhook, eventTypes: new Set([E.EVENT_CREATED_COMMENT]), actor, headline, text, fields: [], notifications, notifyWatchers: true };
}

const CHANGELOG_KINDS = ['issue_assigned', 'issue_updated', 'issue_generic', 'issue_resolved', 'issue_closed', 'issue_work_started', 'issue_work_stopped', 'issue_reopened', 'issue_moved'];
const COMMENT_KINDS: Record<string, CommentKind> = { issue_commented: 'created', issue_comment_edited: 'updated', issue_comment_deleted: 'deleted' };

/** Old servers (no issue_event_type_name): changed fields, else a comment created or edited. */
function inferUpdate(webhook: JiraWebhook, link: string): JiraEvent | IgnoredEvent {
  if (webhook.changes.length > 0) return parseChanges(webhook, link);
  const comment = webhook.comment;
  if (comment) return parseComment(webhook, link, comment.updated !== '' && comment.updated !== comment.created ? 'updated' : 'created');
  return { ignored: 'the issue_updated event names no changed field and no comment' };
}

/** What the delivery means, or why it is ignored. */
export function parseJiraEvent(webhook: JiraWebhook): JiraEvent | IgnoredEvent {
  const link = issueLink(webhook);
  switch (webhook.webhookEvent) {
    case 'jira:issue_created':
      return parseCreated(webhook, link);
    case 'jira:issue_deleted':
      return parseDeleted(webhook, link);
    case 'comment_created':
      return parseComment(webhook, link, 'created');
    case 'comment_updated':
      return parseComment(webhook, link, 'updated');
    case 'comment_deleted':
      return parseComment(webhook, link, 'deleted');
    case 'jira:issue_updated': {
      const kind = webhook.issueEventTypeName;
      if (CHANGELOG_KINDS.includes(kind)) return parseChanges(webhook, link);
      const commentKind = COMMENT_KINDS[kind];
      if (commentKind) return parseComment(webhook, link, commentKind);
      return inferUpdate(webhook, link);
    }
    default:
      return { ignored: `the ${webhook.webhookEvent} event is not one the plugin handles` };
  }
}

export function isIgnored(parsed: JiraEvent | IgnoredEvent): parsed is IgnoredEvent {
  return 'ignored' in parsed;
}

/** Whether the event is about a comment (threaded under the issue's first post in a channel). */
export function isCommentEvent(event: JiraEvent): boolean {
  return E.COMMENT_EVENTS.some((type) => event.eventTypes.has(type));
}
