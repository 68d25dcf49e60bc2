// From a message to Jira: the post menu's "Create Jira issue" and "Attach to Jira issue"
// (declarative surfaces of the manifest's `ui`). Create opens /jira create's dialog with the message
// as the description; attach opens a dialog to pick the issue (a key, or one of the user's recently
// viewed issues) and adds the message to it as a comment with a link back, then says so in the
// message's thread. The routes are reachable by any signed-in user, so each checks by itself that
// the user may read the message; both are refused while EnableJiraUI is off.
import { HttpError, jsonResponse, type PluginAPI, type Post, type Router } from '@parley/plugin-api';
import { announce, openCreateDialog, type DialogAnswer } from '../issues/create-issue.ts';
import { JIRA_UI_OFF } from '../issues/create-command.ts';
import { accessToInstance, browseUrl, NoJiraAccessError, type IssuesContext, type JiraAccess } from '../issues/jira-access.ts';
import { explainJiraError, issueKey, IssueProblem } from '../issues/issue-operations.ts';
import { readClick, readSubmission, requireTrigger } from '../issues/route-input.ts';
import { addComment, searchIssues, type JiraIssue } from '../jira-api/issues-api.ts';
import { readSettings } from '../settings.ts';

export const POST_ACTION_ROUTES = {
  create: '/ui/create-issue',
  attach: '/ui/attach-comment',
  attachSubmit: '/ui/attach-comment/submit',
};

const COMMENT_MAX = 3000;
const RECENT_ISSUES = 20;

/** The message, when the user may read its channel; 404 otherwise (as for a message that does not exist). */
export async function readablePost(api: PluginAPI, userId: string, postId: unknown): Promise<Post> {
  if (typeof postId !== 'string' || !/^[a-z0-9]{26}$/.test(postId)) throw new HttpError(400, 'api.context.invalid_param.app_error', 'Invalid or missing post_id parameter.');
  const notFound = new HttpError(404, 'app.post.get.app_error', 'Unable to get the post.');
  const post = await api.posts.get(postId).catch(() => {
    throw notFound;
  });
  if (!(await api.users.hasPermission(userId, 'read_channel', { channel_id: post.channel_id }))) throw notFound;
  return post;
}

/** The message followed by who wrote it and a link back to it (Jira's wiki markup), where a permalink exists. */
export async function withPermalink(api: PluginAPI, post: Post): Promise<string> {
  const message = post.message.trim();
  const siteUrl = String((await api.config.getServerConfig()).ServiceSettings?.SiteURL ?? '').replace(/\/+$/, '');
  const channel = await api.channels.get(post.channel_id);
  const author = await api.users.get(post.user_id).catch(() => null);
  const by = author ? ` by @${author.username}` : '';
  if (!siteUrl || !channel.team_id) return message;
  const team = await api.teams.get(channel.team_id);
  return `${message}\n\n_From a [message${by} in Parley|${siteUrl}/${team.name}/pl/${post.id}]._`;
}

async function uiAllowed(api: PluginAPI): Promise<boolean> {
  return (await readSettings(api)).EnableJiraUI;
}

function issueOption(issue: JiraIssue): { text: string; value: string } {
  const text = `${issue.key}: ${issue.fields.summary}`;
  return { text: text.length > 80 ? `${text.slice(0, 79)}…` : text, value: issue.key };
}

export function addPostActionRoutes(router: Router, ctx: IssuesContext): void {
  /** The surface use's user, message and default Jira access, or the ephemeral answer saying why not. */
  const start = async (body: Parameters<typeof readClick>[0]) => {
    const { userId, click } = readClick(body);
    if (!(await uiAllowed(ctx.api))) return { answer: JIRA_UI_OFF } as const;
    const post = await readablePost(ctx.api, userId, click.post_id);
    try {
      return { access: await ctx.access(userId), post, triggerId: requireTrigger(click.trigger_id) } as const;
    } catch (err) {
      if (err instanceof NoJiraAccessError) return { answer: err.message } as const;
      throw err;
    }
  };

  router.post(POST_ACTION_ROUTES.create, async (_hook, request) => {
    const begun = await start(request);
    if ('answer' in begun) return jsonResponse(200, { ephemeral_text: begun.answer });
    const { access, post, triggerId } = begun;
    try {
      await openCreateDialog(ctx, access, triggerId, { channel_id: post.channel_id, root_id: post.root_id || post.id, post_id: post.id }, { text: await withPermalink(ctx.api, post) });
    } catch (err) {
      if (err instanceof IssueProblem) return jsonResponse(200, { ephemeral_text: err.message });
      throw err;
    }
    return jsonResponse(200, {});
  });

  router.post(POST_ACTION_ROUTES.attach, async (_hook, request) => {
    const begun = await start(request);
    if ('answer' in begun) return jsonResponse(200, { ephemeral_text: begun.answer });
    const { access, post, triggerId } = begun;
    // The user's recently viewed issues, to pick from; a key can be typed instead.
    const recent = await searchIssues(access.client, 'issuekey in issueHistory() ORDER BY lastViewed DESC', RECENT_ISSUES).catch(() => [] as JiraIssue[]);
    await ctx.api.dialogs.open(triggerId, `/plugins/jira${POST_ACTION_ROUTES.attachSubmit}`, {
      callback_id: 'attach-comment',
      title: 'Attach to Jira issue',
      submit_label: 'Attach',
      state: JSON.stringify({ instance_id: access.instance.id, post_id: post.id }),
      elements: [
        ...(recent.length > 0 ? [{ display_name: 'Recent issue', name: 'recent', type: 'select' as const, optional: true, options: recent.map(issueOption) }] : []),
        { display_name: 'Issue key', name: 'issue', type: 'text', optional: recent.length > 0, placeholder: 'PROJ-123', help_text: recent.length > 0 ? 'Or pick a recent issue above.' : undefined, max_length: 100 },
        { display_name: 'Comment', name: 'comment', type: 'textarea', default: (await withPermalink(ctx.api, post)).slice(0, COMMENT_MAX), max_length: COMMENT_MAX },
      ],
    });
    return jsonResponse(200, {});
  });

  router.post(POST_ACTION_ROUTES.attachSubmit, async (_hook, request) => {
    const { userId, submission, state } = readSubmission(request);
    if (submission.cancelled) return jsonResponse(200, {});
    if (!(await uiAllowed(ctx.api))) return jsonResponse(200, { error: JIRA_UI_OFF });
    const post = await readablePost(ctx.api, userId, state.post_id);
    const access = await accessToInstance(ctx, userId, state.instance_id);
    if (typeof access === 'string') return jsonResponse(200, { error: access });
    return jsonResponse(200, await attach(ctx, access, post, submission.submission ?? {}));
  });
}

async function attach(ctx: IssuesContext, access: JiraAccess, post: Post, submission: Record<string, unknown>): Promise<DialogAnswer> {
  const text = (name: string) => (typeof submission[name] === 'string' ? (submission[name] as string).trim() : '');
  const typed = text('issue') || text('recent');
  const comment = text('comment');
  if (!typed) return { errors: { issue: 'Type the issue key, or pick a recent issue.' } };
  if (!comment) return { errors: { comment: 'The comment is empty.' } };
  let key: string;
  try {
    key = issueKey(typed, 'a key such as `PROJ-123`');
    await addComment(access.client, key, comment).catch((err: unknown) => explainJiraError(err, key));
  } catch (err) {
    if (err instanceof IssueProblem) return { errors: { issue: err.message } };
    throw err;
  }
  await announce(ctx.api, access, { channel_id: post.channel_id, root_id: post.root_id || post.id, post_id: post.id }, `Attached this message to [${key}](${browseUrl(access.instance, key)}).`);
  return {};
}
