// The browser's part of connecting: `/plugins/github/oauth/connect` sends the signed-in user to
// GitHub (api.oauth keeps the state and the PKCE verifier, bound to that user), and GitHub sends them
// back to `/oauth/complete`, where the code becomes a token stored for that user only.
import { HttpError, type HttpResponse, type Router } from '@parley/plugin-api';
import { GitHubClient } from '../github-api/github-client.ts';
import { githubUrls } from '../github-api/github-urls.ts';
import { readSettings } from '../settings.ts';
import { LoginTakenError } from './connections.ts';
import { NOT_CONFIGURED, type GitHubContext } from './github-context.ts';
import { githubOAuthProvider, isOAuthConfigured, wantsPrivateAccess } from './oauth-provider.ts';

export function addConnectRoutes(router: Router, ctx: GitHubContext): void {
  router.get('/oauth/connect', async (_hook, request) => {
    requireUser(request.user_id);
    const settings = await readSettings(ctx.api);
    if (!isOAuthConfigured(settings)) throw new HttpError(503, 'github.not_configured', NOT_CONFIGURED);
    const privateAccess = wantsPrivateAccess(settings, request.query.private === 'true');
    const { url } = await ctx.api.oauth.authorizeUrl(request.user_id, githubOAuthProvider(settings, privateAccess), { data: { private: privateAccess } });
    return { status: 302, headers: { Location: url } };
  });

  router.get('/oauth/complete', async (_hook, request) => {
    requireUser(request.user_id);
    const settings = await readSettings(ctx.api);
    if (!isOAuthConfigured(settings)) return page(503, 'GitHub is not set up', NOT_CONFIGURED);
    let completed;
    try {
      completed = await ctx.api.oauth.complete(request.user_id, request.query, githubOAuthProvider(settings, false));
    } catch (err) {
      const id = (err as { id?: string }).id ?? '';
      if (!id.startsWith('plugin.oauth.')) throw err;
      const why = id === 'plugin.oauth.denied' ? 'GitHub did not authorize the connection.' : 'This link is not valid any more (it was used, it expired, or another account started it).';
      return page(400, 'Not connected', `${why} Run \`/github connect\` again.`);
    }
    const token = completed.token.access_token;
    const user = await new GitHubClient(ctx.api, githubUrls(settings).api, token).getUser();
    const privateAccess = completed.data.private === true && (completed.token.scope ?? '').split(/[ ,]+/).includes('repo');
    try {
      await ctx.connections.save({ user_id: request.user_id, github_login: user.login, github_id: user.id, private: privateAccess, connected_at: Date.now() }, token);
    } catch (err) {
      if (err instanceof LoginTakenError) return page(409, 'Not connected', err.message);
      throw err;
    }
    await ctx.bot.sendDirect(
      request.user_id,
      [
        `#### Welcome to GitHub in Parley`,
        `You are connected as [${user.login}](${user.html_url}).`,
        `I will message you here when someone requests your review, comments on or reviews your pull requests and issues, mentions you, assigns something to you, or merges or closes your pull requests — and once a day, what is waiting for you.`,
        `* \`/github todo\` — your review requests, assignments, open pull requests and unread notifications`,
        `* \`/github settings notifications off\` or \`/github settings reminders off\` — fewer messages`,
        `* \`/github mute add <GitHub username>\` — no messages about what that person does`,
      ].join('\n'),
    );
    return page(200, 'Connected to GitHub', `Your Parley account is connected to the GitHub account ${user.login}. You can close this tab.`);
  });
}

function requireUser(userId: string): void {
  if (!userId) throw new HttpError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
}

function page(status: number, title: string, text: string): HttpResponse {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
