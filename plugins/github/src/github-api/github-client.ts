// GitHub's REST API with one user's token, through the server's outbound HTTP (api.http.fetch):
// JSON in and out, failures as GitHubApiError, lists followed through their Link pages up to a
// bound, and the rate limit read from every answer so a nearly spent budget stops paging early.
import type { HttpFetchResponse, PluginAPI } from '@parley/plugin-api';
import { GitHubApiError, githubApiError } from './github-api-error.ts';
import type { GitHubAccount, GitHubIssue, GitHubNotification, GitHubRepository, GitHubUser } from './github-types.ts';

const API_VERSION = '2022-11-28';
/** Requests kept in reserve: paging stops when fewer than this many calls are left in the hour. */
const RATE_RESERVE = 10;

export interface RateLimit {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
}

export class GitHubClient {
  #api: PluginAPI;
  #root: string;
  #token: string;
  /** The rate limit as of the last answer, when GitHub sent one. */
  rateLimit: RateLimit | undefined;

  /** `apiRoot` ends in `/` (githubUrls(settings).api); an empty `token` makes unauthenticated calls. */
  constructor(api: PluginAPI, apiRoot: string, token: string) {
    this.#api = api;
    this.#root = apiRoot;
    this.#token = token;
  }

  getUser(): Promise<GitHubUser> {
    return this.#json<GitHubUser>('GET', 'user', 'read your GitHub account');
  }

  getRepository(owner: string, repo: string): Promise<GitHubRepository> {
    return this.#json<GitHubRepository>('GET', `repos/${enc(owner)}/${enc(repo)}`, `read the repository ${owner}/${repo}`);
  }

  /** A file's text at a commit (the contents API, raw). */
  async getFileText(owner: string, repo: string, path: string, ref: string): Promise<string> {
    const filePath = path.split('/').map(enc).join('/');
    const response = await this.#fetch('GET', `${this.#root}repos/${enc(owner)}/${enc(repo)}/contents/${filePath}?ref=${enc(ref)}`, `read ${path} in ${owner}/${repo}`, undefined, 'application/vnd.github.raw+json');
    return response.body;
  }

  /** An organization; GitHub answers 404 for a user account (see getAccount). */
  getOrganization(org: string): Promise<GitHubAccount> {
    return this.#json<GitHubAccount>('GET', `orgs/${enc(org)}`, `read the organization ${org}`);
  }

  /** A user or organization account by its login. */
  getAccount(login: string): Promise<GitHubAccount> {
    return this.#json<GitHubAccount>('GET', `users/${enc(login)}`, `read the GitHub account ${login}`);
  }

  /** Issues and pull requests matching a search query (GitHub's `q` syntax), at most `limit`. */
  async searchIssues(query: string, limit = 100): Promise<GitHubIssue[]> {
    return this.#paged<GitHubIssue>(`search/issues?q=${encodeURIComponent(query)}&per_page=${Math.min(limit, 100)}`, 'search issues', limit, (body) => (body as { items: GitHubIssue[] }).items);
  }

  /** The user's unread notifications, at most `limit`. */
  listNotifications(limit = 100): Promise<GitHubNotification[]> {
    return this.#paged<GitHubNotification>(`notifications?per_page=${Math.min(limit, 100)}`, 'list your notifications', limit, (body) => body as GitHubNotification[]);
  }

  createIssue(owner: string, repo: string, issue: { title: string; body: string }): Promise<GitHubIssue> {
    return this.#json<GitHubIssue>('POST', `repos/${enc(owner)}/${enc(repo)}/issues`, `create an issue in ${owner}/${repo}`, issue);
  }

  createComment(owner: string, repo: string, number: number, body: string): Promise<{ id: number; html_url: string }> {
    return this.#json('POST', `repos/${enc(owner)}/${enc(repo)}/issues/${number}/comments`, `comment on ${owner}/${repo}#${number}`, { body });
  }

  async #json<T>(method: string, path: string, what: string, body?: unknown): Promise<T> {
    const response = await this.#fetch(method, this.#root + path, what, body);
    return JSON.parse(response.body) as T;
  }

  async #paged<T>(path: string, what: string, limit: number, items: (body: unknown) => T[]): Promise<T[]> {
    const found: T[] = [];
    let url: string | undefined = this.#root + path;
    while (url && found.length < limit) {
      const response: HttpFetchResponse = await this.#fetch('GET', url, what);
      found.push(...items(JSON.parse(response.body)));
      url = nextPage(response.headers['link']);
      // A page's next link on another host than the API's is not followed: the token goes to GitHub only.
      if (url && !url.startsWith(this.#root)) url = undefined;
      if (this.rateLimit && this.rateLimit.remaining < RATE_RESERVE) break;
    }
    return found.slice(0, limit);
  }

  async #fetch(method: string, url: string, what: string, body?: unknown, accept = 'application/vnd.github+json'): Promise<HttpFetchResponse> {
    const headers: Record<string, string> = { Accept: accept, 'X-GitHub-Api-Version': API_VERSION, 'User-Agent': 'Parley-GitHub-Plugin' };
    // Without a token GitHub still answers for public repositories (at a lower rate limit).
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: HttpFetchResponse;
    try {
      response = await this.#api.http.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new GitHubApiError(0, `GitHub could not be reached to ${what}: ${(err as Error).message}`);
    }
    this.#readRateLimit(response.headers);
    if (response.status >= 300) throw githubApiError(response.status, response.headers, response.body, what);
    return response;
  }

  #readRateLimit(headers: Record<string, string>): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (headers['x-ratelimit-remaining'] === undefined || Number.isNaN(remaining)) return;
    this.rateLimit = { limit: Number(headers['x-ratelimit-limit']) || 0, remaining, reset: Number(headers['x-ratelimit-reset']) || 0 };
  }
}

// The sandbox has no URL or URLSearchParams: queries are written with encodeURIComponent.

/** The `rel="next"` URL of a Link header (RFC 8288, as GitHub writes it). */
export function nextPage(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
