// What is waiting for a connected user on GitHub, read with their own token: pull requests whose
// review is requested of them, open issues and pull requests assigned to them, their own open pull
// requests, and their unread notifications.
import type { GitHubClient } from '../github-api/github-client.ts';
import type { GitHubIssue, GitHubNotification } from '../github-api/github-types.ts';

/** Items listed per section; the count says how many there are in all. */
const SHOWN = 10;
export const FETCHED = 50;

export interface TodoList {
  reviews: GitHubIssue[];
  assignments: GitHubIssue[];
  openPullRequests: GitHubIssue[];
  notifications: GitHubNotification[];
}

export async function readTodoList(client: GitHubClient, login: string): Promise<TodoList> {
  const [reviews, assignments, openPullRequests, notifications] = await Promise.all([
    client.searchIssues(`is:pr is:open review-requested:${login} archived:false`, FETCHED),
    client.searchIssues(`is:open assignee:${login} archived:false`, FETCHED),
    client.searchIssues(`is:pr is:open author:${login} archived:false`, FETCHED),
    client.listNotifications(FETCHED),
  ]);
  return { reviews, assignments, openPullRequests, notifications: notifications.filter((n) => n.unread) };
}

export function isEmpty(todo: TodoList): boolean {
  return todo.reviews.length + todo.assignments.length + todo.openPullRequests.length + todo.notifications.length === 0;
}

/** The list as Markdown, one section per kind, each with its count. */
export function renderTodoList(todo: TodoList, webUrl: string): string {
  const sections = [
    section('Review requests', todo.reviews, issueLine, 'No pull requests are waiting for your review.'),
    section('Assigned to you', todo.assignments, issueLine, 'Nothing open is assigned to you.'),
    section('Your open pull requests', todo.openPullRequests, issueLine, 'You have no open pull requests.'),
    section('Unread notifications', todo.notifications, (n) => notificationLine(n, webUrl), 'You have no unread notifications.'),
  ];
  return sections.join('\n\n');
}

function section<T>(title: string, items: T[], line: (item: T) => string, none: string): string {
  if (items.length === 0) return `##### ${title}\n${none}`;
  const more = items.length > SHOWN ? `\n…and ${items.length >= FETCHED ? 'more' : items.length - SHOWN} more.` : '';
  return `##### ${title} (${items.length >= FETCHED ? `${FETCHED}+` : items.length})\n${items.slice(0, SHOWN).map(line).join('\n')}${more}`;
}

/** One line of the list, as the command and the web client's view show it. */
export interface TodoItem {
  repository: string;
  title: string;
  url: string;
  /** Why it is there (a notification's reason), or ''. */
  detail: string;
}

export function issueItem(issue: GitHubIssue): TodoItem {
  return { repository: repoName(issue.repository_url), title: `#${issue.number} ${issue.title}`, url: issue.html_url, detail: '' };
}

export function notificationItem(notification: GitHubNotification, webUrl: string): TodoItem {
  const repo = notification.repository.full_name;
  // The subject's API URL (`.../repos/o/r/pulls/7`) names the page people open (`<web>/o/r/pull/7`).
  const match = /\/repos\/[^/]+\/[^/]+\/(issues|pulls)\/(\d+)$/.exec(notification.subject.url ?? '');
  const url = match ? `${webUrl}/${repo}/${match[1] === 'pulls' ? 'pull' : 'issues'}/${match[2]}` : notification.repository.html_url;
  return { repository: repo, title: notification.subject.title, url, detail: notification.reason.replace(/_/g, ' ') };
}

function itemLine(item: TodoItem): string {
  return `* ${item.repository} [${clean(item.title)}](${item.url})${item.detail ? ` — ${item.detail}` : ''}`;
}

function issueLine(issue: GitHubIssue): string {
  return itemLine(issueItem(issue));
}

function notificationLine(notification: GitHubNotification, webUrl: string): string {
  return itemLine(notificationItem(notification, webUrl));
}

function repoName(repositoryUrl: string): string {
  return /\/repos\/([^/]+\/[^/]+)$/.exec(repositoryUrl)?.[1] ?? '';
}

function clean(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[[\]]/g, '');
}
