// GET /plugins/github/todo: the signed-in user's to-do list as JSON, for the web client's to-do view
// (public/todo.html, opened from the app bar) — the same list as `/github todo`, read from GitHub
// with the user's own token. A user who is not connected gets `connected: false` and what to do.
import { HttpError, jsonResponse, type Router } from '@parley/plugin-api';
import { clientFor, NOT_CONNECTED, type GitHubContext } from '../connect/github-context.ts';
import { githubUrls } from '../github-api/github-urls.ts';
import { readSettings } from '../settings.ts';
import { FETCHED, issueItem, notificationItem, readTodoList, type TodoItem } from './todo-list.ts';

export const TODO_PATH = '/todo';

/** One section of the view: its items (at most FETCHED were read) and whether there may be more. */
interface TodoSection {
  count: number;
  more: boolean;
  items: TodoItem[];
}

function section(items: TodoItem[]): TodoSection {
  return { count: items.length, more: items.length >= FETCHED, items };
}

export function addTodoRoutes(router: Router, ctx: GitHubContext): void {
  router.get(TODO_PATH, async (_hook, request) => {
    if (!request.user_id) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    const connection = await ctx.connections.get(request.user_id);
    if (!connection) return jsonResponse(200, { connected: false, message: NOT_CONNECTED });
    const client = await clientFor(ctx, request.user_id);
    const todo = await readTodoList(client, connection.github_login);
    const web = githubUrls(await readSettings(ctx.api)).web;
    return jsonResponse(200, {
      connected: true,
      github_login: connection.github_login,
      review_requests: section(todo.reviews.map(issueItem)),
      assignments: section(todo.assignments.map(issueItem)),
      open_pull_requests: section(todo.openPullRequests.map(issueItem)),
      unread_notifications: section(todo.notifications.map((n) => notificationItem(n, web))),
    });
  });
}
