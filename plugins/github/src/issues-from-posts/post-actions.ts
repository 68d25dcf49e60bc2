// From a message to GitHub: the post menu's "Create GitHub issue" and "Attach to GitHub issue"
// (declarative surfaces of the manifest's `ui`) open a dialog filled in from the message; its
// submission creates the issue, or the comment, with the user's own token. The routes are reachable
// by any signed-in user, so each checks by itself that the user may read the message.
import { HttpError, jsonResponse, parseJsonBody, type HttpResponse, type Post, type Router, type SubmitDialogRequest } from '@parley/plugin-api';
import { clientFor, NOT_CONNECTED, type GitHubContext } from '../connect/github-context.ts';
import { GitHubApiError } from '../github-api/github-api-error.ts';
import { parseIssueRef, parseRepo } from './issue-refs.ts';

const TITLE_MAX = 150;
const BODY_MAX = 3000;

interface SurfaceUse {
  post_id?: string;
  trigger_id?: string;
}

export function addPostActionRoutes(router: Router, ctx: GitHubContext): void {
  router.post('/ui/create-issue', async (_hook, request) => {
    const use = asObject<SurfaceUse>(parseJsonBody(request.body, 'surface use'));
    const post = await readablePost(ctx, request.user_id, use.post_id);
    if (!(await ctx.connections.get(request.user_id))) return jsonResponse(200, { ephemeral_text: NOT_CONNECTED });
    const message = post.message.trim();
    await ctx.api.dialogs.open(requireTrigger(use.trigger_id), '/plugins/github/ui/create-issue/submit', {
      callback_id: 'create-issue',
      title: 'Create GitHub issue',
      submit_label: 'Create',
      state: post.id,
      elements: [
        { display_name: 'Repository', name: 'repo', type: 'text', placeholder: 'owner/repository', max_length: 140 },
        { display_name: 'Title', name: 'title', type: 'text', default: (message.split('\n')[0] ?? '').slice(0, TITLE_MAX), max_length: TITLE_MAX },
        { display_name: 'Description', name: 'body', type: 'textarea', optional: true, default: (await withPermalink(ctx, post, message)).slice(0, BODY_MAX), max_length: BODY_MAX },
      ],
    });
    return jsonResponse(200, {});
  });

  router.post('/ui/attach-comment', async (_hook, request) => {
    const use = asObject<SurfaceUse>(parseJsonBody(request.body, 'surface use'));
    const post = await readablePost(ctx, request.user_id, use.post_id);
    if (!(await ctx.connections.get(request.user_id))) return jsonResponse(200, { ephemeral_text: NOT_CONNECTED });
    await ctx.api.dialogs.open(requireTrigger(use.trigger_id), '/plugins/github/ui/attach-comment/submit', {
      callback_id: 'attach-comment',
      title: 'Attach to GitHub issue',
      submit_label: 'Attach',
      state: post.id,
      elements: [
        { display_name: 'Issue', name: 'issue', type: 'text', placeholder: 'owner/repository#123, or the issue\'s URL', max_length: 300 },
        { display_name: 'Comment', name: 'body', type: 'textarea', default: (await withPermalink(ctx, post, post.message.trim())).slice(0, BODY_MAX), max_length: BODY_MAX },
      ],
    });
    return jsonResponse(200, {});
  });

  router.post('/ui/create-issue/submit', (_hook, request) =>
    submitted(ctx, request.user_id, request.body, async (submission, post) => {
      const repo = parseRepo(text(submission.repo));
      const title = text(submission.title).trim();
      const errors: Record<string, string> = {};
      if (!repo) errors.repo = 'Enter the repository as owner/repository.';
      if (!title) errors.title = 'Give the issue a title.';
      if (!repo || !title) return { errors };
      const client = await clientFor(ctx, request.user_id);
      const issue = await client.createIssue(repo.owner, repo.name, { title, body: text(submission.body) });
      await confirm(ctx, request.user_id, post, `Created the GitHub issue [${repo.owner}/${repo.name}#${issue.number}](${issue.html_url}) from this message.`);
      return {};
    }),
  );

  router.post('/ui/attach-comment/submit', (_hook, request) =>
    submitted(ctx, request.user_id, request.body, async (submission, post) => {
      const ref = parseIssueRef(text(submission.issue));
      const body = text(submission.body).trim();
      const errors: Record<string, string> = {};
      if (!ref) errors.issue = 'Enter the issue as owner/repository#123, or paste its URL.';
      if (!body) errors.body = 'The comment is empty.';
      if (!ref || !body) return { errors };
      const client = await clientFor(ctx, request.user_id);
      const comment = await client.createComment(ref.owner, ref.name, ref.number, body);
      await confirm(ctx, request.user_id, post, `Attached this message to [${ref.owner}/${ref.name}#${ref.number}](${comment.html_url}).`);
      return {};
    }),
  );
}

/** A dialog's submission, for the user who submitted it, about a message they may read; GitHub's refusals shown in the dialog. */
async function submitted(
  ctx: GitHubContext,
  userId: string,
  body: string,
  act: (submission: Record<string, unknown>, post: Post) => Promise<Record<string, unknown>>,
): Promise<HttpResponse> {
  const request = asObject<Partial<SubmitDialogRequest>>(parseJsonBody(body, 'dialog submission'));
  if (request.cancelled) return jsonResponse(200, {});
  const post = await readablePost(ctx, userId, request.state);
  try {
    return jsonResponse(200, await act(request.submission ?? {}, post));
  } catch (err) {
    if (err instanceof GitHubApiError || (err instanceof HttpError && err.id.startsWith('github.'))) return jsonResponse(200, { error: err.message });
    throw err;
  }
}

/** The message, when the user may read its channel; 404 otherwise (as for a message that does not exist). */
async function readablePost(ctx: GitHubContext, userId: string, postId: unknown): Promise<Post> {
  if (!userId) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
  if (typeof postId !== 'string' || !/^[a-z0-9]{26}$/.test(postId)) throw new HttpError(400, 'api.context.invalid_param.app_error', 'Invalid or missing post_id parameter.');
  const notFound = new HttpError(404, 'app.post.get.app_error', 'Unable to get the post.');
  const post = await ctx.api.posts.get(postId).catch(() => {
    throw notFound;
  });
  if (!(await ctx.api.users.hasPermission(userId, 'read_channel', { channel_id: post.channel_id }))) throw notFound;
  return post;
}

function requireTrigger(triggerId: unknown): string {
  if (typeof triggerId !== 'string' || triggerId === '') throw new HttpError(400, 'api.context.invalid_param.app_error', 'Invalid or missing trigger_id parameter.');
  return triggerId;
}

/** The message followed by a link back to it (when it is in a team, where permalinks live). */
async function withPermalink(ctx: GitHubContext, post: Post, message: string): Promise<string> {
  const siteUrl = String((await ctx.api.config.getServerConfig()).ServiceSettings?.SiteURL ?? '').replace(/\/+$/, '');
  const channel = await ctx.api.channels.get(post.channel_id);
  if (!siteUrl || !channel.team_id) return message;
  const team = await ctx.api.teams.get(channel.team_id);
  return `${message}\n\n_From a [message in Parley](${siteUrl}/${team.name}/pl/${post.id})._`;
}

async function confirm(ctx: GitHubContext, userId: string, post: Post, message: string): Promise<void> {
  await ctx.api.posts.sendEphemeral(userId, { channel_id: post.channel_id, root_id: post.root_id || post.id, message, user_id: await ctx.bot.botId() });
}

function asObject<T>(value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'api.context.invalid_body_param.app_error', 'The request body must be a JSON object.');
  return value as T;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
