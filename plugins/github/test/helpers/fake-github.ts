// A local stand-in for GitHub Enterprise Server, built from GitHub's documented shapes: the OAuth web
// flow (`/login/oauth/authorize`, `/login/oauth/access_token`, with PKCE) and the REST routes the
// plugin calls under `/api/v3/`, with token checks (401 "Bad credentials"), rate-limit headers and
// Link pagination. It listens on 127.0.0.1, port 0; tests point EnterpriseBaseURL at `url`.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../../test/helpers/test-server.ts';
import { createAdmin, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
import { eventually } from '../../../../test/helpers/ws-client.ts';

export interface FakeUser {
  id: number;
  login: string;
  name: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  private: boolean;
  /** Logins that may see a private repository (its owner always may). */
  collaborators: string[];
}

export interface FakeIssue {
  number: number;
  repo: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  author: string;
  assignees: string[];
  /** Pull requests only: logins whose review is requested. */
  requested_reviewers: string[];
  pull_request: boolean;
  updated_at: string;
}

export interface FakeNotification {
  id: string;
  login: string;
  unread: boolean;
  reason: string;
  repo: string;
  title: string;
  type: 'Issue' | 'PullRequest';
  number: number;
}

export interface FakeComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  author: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The login the request's token belongs to, or undefined without a valid one. */
  login?: string;
  body: string;
}

interface PendingCode {
  login: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string;
}

export const CLIENT_ID = 'Iv1.fakeclientid';
export const CLIENT_SECRET = 'fake-client-secret';
const RATE_LIMIT = 5000;

export class FakeGitHub {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly repos = new Map<string, FakeRepo>();
  readonly issues: FakeIssue[] = [];
  readonly comments: FakeComment[] = [];
  readonly notifications: FakeNotification[] = [];
  /** Organization logins (`GET /orgs/{org}`; `GET /users/{login}` answers them too). */
  readonly orgs = new Set<string>();
  /** File contents by `<owner/repo>@<ref>:<path>` (`GET /repos/{o}/{r}/contents/{path}?ref=`). */
  readonly files = new Map<string, string>();
  /** Token → login and the scopes it was granted. */
  readonly tokens = new Map<string, { login: string; scope: string }>();
  /** Who is signed in to GitHub in the browser that follows the authorize link. */
  signedIn = '';
  /** How many API calls each token has left; at 0 GitHub answers 403 with the limit headers. */
  rateRemaining = RATE_LIMIT;
  #codes = new Map<string, PendingCode>();
  #server: Server;
  #nextId = 1000;

  private constructor(server: Server) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<FakeGitHub> {
    let fake: FakeGitHub | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          fake!.#handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (err) {
          res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: String(err) }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeGitHub(server);
    return fake;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  addUser(login: string): FakeUser {
    const user = { id: this.#nextId++, login, name: `${login[0]!.toUpperCase()}${login.slice(1)}` };
    this.users.set(login, user);
    return user;
  }

  addRepo(fullName: string, options: { private?: boolean; collaborators?: string[] } = {}): FakeRepo {
    const [owner, name] = fullName.split('/') as [string, string];
    const repo = { owner, name, private: options.private ?? false, collaborators: options.collaborators ?? [] };
    this.repos.set(fullName, repo);
    return repo;
  }

  addOrg(login: string): void {
    this.orgs.add(login);
  }

  addFile(repo: string, ref: string, path: string, text: string): void {
    this.files.set(`${repo}@${ref}:${path}`, text);
  }

  addIssue(issue: Partial<FakeIssue> & Pick<FakeIssue, 'repo' | 'title' | 'author'>): FakeIssue {
    const full: FakeIssue = {
      number: this.issues.filter((i) => i.repo === issue.repo).length + 1,
      body: '',
      state: 'open',
      assignees: [],
      requested_reviewers: [],
      pull_request: false,
      updated_at: new Date().toISOString(),
      ...issue,
    };
    this.issues.push(full);
    return full;
  }

  addNotification(notification: Omit<FakeNotification, 'id' | 'unread'> & { unread?: boolean }): FakeNotification {
    const full = { id: String(this.#nextId++), unread: true, ...notification };
    this.notifications.push(full);
    return full;
  }

  /** Gives `login` a token directly, as if they had completed the OAuth flow. */
  issueToken(login: string, scope = 'public_repo'): string {
    const token = `gho_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, { login, scope });
    return token;
  }

  /** The API requests made with tokens (not OAuth), optionally only those to paths starting with `prefix`. */
  apiCalls(prefix = ''): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    if (path === '/login/oauth/authorize' && req.method === 'GET') return this.#authorize(url, res);
    if (path === '/login/oauth/access_token' && req.method === 'POST') return this.#accessToken(req, res, body);
    if (!path.startsWith('/api/v3/')) return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const apiPath = path.slice('/api/v3'.length);
    const presented = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const grant = presented ? this.tokens.get(presented) : undefined;
    this.requests.push({ method: req.method ?? '', path: apiPath, query: url.searchParams, login: grant?.login, body });
    // A bad token is refused everywhere; no token at all reads public repositories only, as on GitHub.
    if (presented && !grant) return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (!grant && !(req.method === 'GET' && apiPath.startsWith('/repos/'))) return json(res, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
    const limits = { 'X-RateLimit-Limit': String(RATE_LIMIT), 'X-RateLimit-Remaining': String(Math.max(0, this.rateRemaining - 1)), 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 3600), 'X-RateLimit-Resource': 'core', 'X-OAuth-Scopes': grant?.scope ?? '' };
    if (this.rateRemaining <= 0) {
      return json(res, 403, { message: `API rate limit exceeded for user ID ${this.users.get(grant?.login ?? '')?.id}.`, documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' }, { ...limits, 'X-RateLimit-Remaining': '0' });
    }
    this.rateRemaining -= 1;
    const contents = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(apiPath);
    if (contents && req.method === 'GET') return this.#contents(res, `${contents[1]}/${contents[2]}`, decodeURIComponent(contents[3]!), url, grant?.login ?? '', req.headers.accept ?? '', limits);
    const answer = this.#route(req.method ?? 'GET', apiPath, url, grant?.login ?? '', body);
    json(res, answer.status, answer.body, { ...limits, ...answer.headers });
  }

  /** A file's contents: raw with `Accept: application/vnd.github.raw`, else GitHub's JSON with base64 content. */
  #contents(res: ServerResponse, fullName: string, path: string, url: URL, login: string, accept: string, limits: Record<string, string>): void {
    const repo = this.repos.get(fullName);
    const text = this.files.get(`${fullName}@${url.searchParams.get('ref') ?? 'main'}:${path}`);
    if (!repo || !this.#canSee(repo, login) || text === undefined) return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content' }, limits);
    if (accept.includes('raw')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', ...limits }).end(text);
      return;
    }
    json(res, 200, { type: 'file', encoding: 'base64', path, name: path.split('/').pop(), size: Buffer.byteLength(text), content: Buffer.from(text).toString('base64') }, limits);
  }

  #authorize(url: URL, res: ServerResponse): void {
    const params = url.searchParams;
    const redirect = params.get('redirect_uri') ?? '';
    if (params.get('client_id') !== CLIENT_ID || !redirect) return json(res, 404, { message: 'Not Found' });
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) return json(res, 400, { message: 'PKCE required' });
    const back = new URL(redirect);
    const state = params.get('state');
    if (state) back.searchParams.set('state', state);
    if (!this.signedIn) back.searchParams.set('error', 'access_denied');
    else {
      const code = randomBytes(10).toString('hex');
      this.#codes.set(code, { login: this.signedIn, clientId: CLIENT_ID, redirectUri: redirect, scope: params.get('scope') ?? '', challenge: params.get('code_challenge')! });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  #accessToken(req: IncomingMessage, res: ServerResponse, body: string): void {
    const form = new URLSearchParams(body);
    const basic = /^basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
    const clientId = form.get('client_id') ?? basicId;
    const clientSecret = form.get('client_secret') ?? basicSecret;
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    const answer = (fields: Record<string, string>): void => {
      if (wantsJson) json(res, 200, fields);
      else res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }).end(new URLSearchParams(fields).toString());
    };
    // GitHub answers errors of this endpoint with 200 and an `error` field.
    if (clientId !== CLIENT_ID || clientSecret !== CLIENT_SECRET) return answer({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' });
    const code = this.#codes.get(form.get('code') ?? '');
    this.#codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    if (!code || code.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
      return answer({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    }
    const token = this.issueToken(code.login, code.scope.split(/[ ,]+/).filter(Boolean).join(','));
    answer({ access_token: token, token_type: 'bearer', scope: this.tokens.get(token)!.scope });
  }

  #route(method: string, path: string, url: URL, login: string, body: string): { status: number; body: unknown; headers?: Record<string, string> } {
    const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    if (method === 'GET' && path === '/user') return { status: 200, body: this.#userJson(this.users.get(login)!) };
    if (method === 'GET' && path === '/search/issues') return this.#search(url, login);
    const account = /^\/(orgs|users)\/([^/]+)$/.exec(path);
    if (method === 'GET' && account) {
      const [, kind, name] = account as unknown as [string, string, string];
      if (this.orgs.has(name)) return { status: 200, body: { login: name, id: 1, html_url: `${this.url}/${name}`, ...(kind === 'users' ? { type: 'Organization' } : {}) } };
      const user = this.users.get(name);
      return kind === 'users' && user ? { status: 200, body: this.#userJson(user) } : notFound;
    }
    if (method === 'GET' && path === '/notifications') {
      const all = url.searchParams.get('all') === 'true';
      const mine = this.notifications.filter((n) => n.login === login && (all || n.unread)).map((n) => this.#notificationJson(n));
      return this.#page(mine, url);
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!repoMatch) return notFound;
    const fullName = `${repoMatch[1]}/${repoMatch[2]}`;
    const repo = this.repos.get(fullName);
    if (!repo || !this.#canSee(repo, login)) return notFound;
    const rest = repoMatch[3] ?? '';
    if (method === 'GET' && rest === '') return { status: 200, body: this.#repoJson(repo) };
    if (method === 'POST' && rest === '/issues') {
      const input = parseJson(body);
      if (typeof input?.title !== 'string' || input.title.trim() === '') {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue' } };
      }
      const issue = this.addIssue({ repo: fullName, title: input.title, body: typeof input.body === 'string' ? input.body : '', author: login });
      return { status: 201, body: this.#issueJson(issue) };
    }
    const commentMatch = /^\/issues\/(\d+)\/comments$/.exec(rest);
    if (method === 'POST' && commentMatch) {
      const issue = this.issues.find((i) => i.repo === fullName && i.number === Number(commentMatch[1]));
      if (!issue) return notFound;
      const input = parseJson(body);
      if (typeof input?.body !== 'string' || input.body === '') {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] } };
      }
      const comment = { id: this.#nextId++, repo: fullName, issue: issue.number, body: input.body, author: login };
      this.comments.push(comment);
      return {
        status: 201,
        body: { id: comment.id, body: comment.body, user: this.#userJson(this.users.get(login)!), html_url: `${this.url}/${fullName}/issues/${issue.number}#issuecomment-${comment.id}`, created_at: new Date().toISOString() },
      };
    }
    return notFound;
  }

  #canSee(repo: FakeRepo, login: string): boolean {
    return !repo.private || repo.owner === login || repo.collaborators.includes(login);
  }

  /** GitHub's issue search, for the qualifiers the plugin uses: is:, review-requested:, assignee:, author:, archived:. */
  #search(url: URL, login: string): { status: number; body: unknown; headers?: Record<string, string> } {
    const terms = (url.searchParams.get('q') ?? '').split(/\s+/).filter(Boolean);
    let found = this.issues.filter((issue) => this.#canSee(this.repos.get(issue.repo) ?? { owner: '', name: '', private: false, collaborators: [] }, login));
    for (const term of terms) {
      const [qualifier, value = ''] = term.split(':');
      if (qualifier === 'is' && value === 'pr') found = found.filter((i) => i.pull_request);
      else if (qualifier === 'is' && value === 'issue') found = found.filter((i) => !i.pull_request);
      else if (qualifier === 'is' && (value === 'open' || value === 'closed')) found = found.filter((i) => i.state === value);
      else if (qualifier === 'review-requested') found = found.filter((i) => i.requested_reviewers.includes(value));
      else if (qualifier === 'assignee') found = found.filter((i) => i.assignees.includes(value));
      else if (qualifier === 'author') found = found.filter((i) => i.author === value);
      else if (qualifier === 'archived') continue;
      else return { status: 422, body: { message: 'Validation Failed', errors: [{ message: `Unsupported qualifier ${term}`, resource: 'Search', field: 'q', code: 'invalid' }] } };
    }
    const items = found.map((issue) => ({ ...this.#issueJson(issue), score: 1 }));
    const page = this.#page(items, url);
    return { ...page, body: { total_count: items.length, incomplete_results: false, items: page.body } };
  }

  /** One page of `items` (`per_page` default 30, `page` from 1), with GitHub's Link header. */
  #page<T>(items: T[], url: URL): { status: number; body: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      return `<${this.url}/api/v3${next.pathname.slice('/api/v3'.length)}${next.search}>; rel="${rel}"`;
    };
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { Link: links.join(', ') } : {} };
  }

  #userJson(user: FakeUser): Record<string, unknown> {
    return { login: user.login, id: user.id, node_id: `U_${user.id}`, avatar_url: `${this.url}/avatars/${user.login}`, url: `${this.url}/api/v3/users/${user.login}`, html_url: `${this.url}/${user.login}`, type: 'User', site_admin: false, name: user.name };
  }

  #repoJson(repo: FakeRepo): Record<string, unknown> {
    const fullName = `${repo.owner}/${repo.name}`;
    return { id: this.#nextId++, name: repo.name, full_name: fullName, private: repo.private, owner: { login: repo.owner }, html_url: `${this.url}/${fullName}`, url: `${this.url}/api/v3/repos/${fullName}` };
  }

  #issueJson(issue: FakeIssue): Record<string, unknown> {
    const kind = issue.pull_request ? 'pull' : 'issues';
    const htmlUrl = `${this.url}/${issue.repo}/${kind}/${issue.number}`;
    return {
      id: this.#nextId++,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      user: this.#userJson(this.users.get(issue.author) ?? { id: 1, login: issue.author, name: issue.author }),
      assignees: issue.assignees.map((login) => ({ login })),
      html_url: htmlUrl,
      url: `${this.url}/api/v3/repos/${issue.repo}/issues/${issue.number}`,
      repository_url: `${this.url}/api/v3/repos/${issue.repo}`,
      updated_at: issue.updated_at,
      ...(issue.pull_request ? { pull_request: { url: `${this.url}/api/v3/repos/${issue.repo}/pulls/${issue.number}`, html_url: htmlUrl } } : {}),
    };
  }

  #notificationJson(n: FakeNotification): Record<string, unknown> {
    const kind = n.type === 'PullRequest' ? 'pulls' : 'issues';
    return {
      id: n.id,
      unread: n.unread,
      reason: n.reason,
      updated_at: new Date().toISOString(),
      subject: { title: n.title, url: `${this.url}/api/v3/repos/${n.repo}/${kind}/${n.number}`, latest_comment_url: null, type: n.type },
      repository: { full_name: n.repo, html_url: `${this.url}/${n.repo}` },
      url: `${this.url}/api/v3/notifications/threads/${n.id}`,
    };
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Connects a Parley user to `login` as their browser would: the plugin's `/oauth/connect` (with the
 * user's session token), GitHub's authorize page (signed in as `login`), and back to the plugin.
 * Answers the plugin's final page.
 */
export async function connectThroughBrowser(github: FakeGitHub, siteUrl: string, sessionToken: string, login: string, query = ''): Promise<{ status: number; text: string }> {
  const asUser = { redirect: 'manual' as const, headers: { Authorization: `Bearer ${sessionToken}` } };
  const start = await fetch(`${siteUrl}/plugins/github/oauth/connect${query}`, asUser);
  if (start.status !== 302) throw new Error(`the plugin answered ${start.status} to /oauth/connect`);
  github.signedIn = login;
  const back = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const done = await fetch(back.headers.get('location')!, asUser);
  return { status: done.status, text: await done.text() };
}

/**
 * A real server with the prepackaged plugins, the GitHub plugin configured for `github` (as an
 * Enterprise server on loopback, which the plugin may reach) and running. The admin signs up before
 * the plugin is configured: its bot would otherwise be the server's first account.
 */
export async function startServerWithGitHub(github: FakeGitHub, settings: Record<string, unknown> = {}, options: Pick<TestServerOptions, 'logSink'> & { serviceSettings?: Record<string, unknown> } = {}): Promise<{ ts: TestServer; admin: LoggedIn }> {
  const ts = await startTestServer({ prepackaged: true, logSink: options.logSink, config: { ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', ...options.serviceSettings } } });
  await ts.pluginsStarted;
  const admin = await createAdmin(ts);
  await admin.client.patchConfig({
    ServiceSettings: { SiteURL: ts.url },
    PluginSettings: { Plugins: { github: { GitHubOAuthClientID: CLIENT_ID, GitHubOAuthClientSecret: CLIENT_SECRET, EnterpriseBaseURL: github.url, ...settings } } },
  } as never);
  await eventually(async () => expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === 'github')?.state).to.equal(2), 20_000);
  return { ts, admin };
}

/**
 * Patches the GitHub plugin's settings, keeping the others (a config patch replaces
 * PluginSettings.Plugins as a whole).
 */
export function patchGitHubSettings(ts: TestServer, values: Record<string, unknown>): void {
  const current = ts.config.get().PluginSettings.Plugins.github as Record<string, unknown>;
  ts.config.patch({ PluginSettings: { Plugins: { ...ts.config.get().PluginSettings.Plugins, github: { ...current, ...values } } } });
}

/** The messages the plugin's `github` bot sent `who` in their direct channel, newest first. */
export async function messagesFromBot(who: LoggedIn): Promise<Post[]> {
  const bot = await who.client.getUserByUsername('github');
  const dm = await who.client.createDirectChannel([who.user.id, bot.id]);
  const list = await who.client.getPosts(dm.id);
  return list.order.map((id) => list.posts[id]!).filter((post) => post.user_id === bot.id);
}
