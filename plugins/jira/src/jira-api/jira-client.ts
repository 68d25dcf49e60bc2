// Jira's REST API (v2, which Jira Cloud and Server / Data Center both serve) as one connected user,
// through the server's outbound HTTP (api.http.fetch): JSON in and out, failures as JiraApiError.
// How each request is authorised is the credential's business (see user-client.ts): a bearer token
// (OAuth 2.0, personal access token) or an OAuth 1.0a RSA-SHA1 signature over the method and URL.
import type { PluginAPI } from '@parley/plugin-api';
import { formEncode } from '../url-parts.ts';
import { JiraApiError, jiraApiError } from './jira-api-error.ts';

/** Produces the Authorization header of one request (OAuth 1.0a signs the method and full URL). */
export type Authorizer = (method: string, url: string) => Promise<string>;

export interface JiraRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/**
 * Called once when Jira answers 401: renews the credential (an OAuth 2.0 refresh) and answers
 * whether the request is worth sending again.
 */
export type Reauthorizer = () => Promise<boolean>;

export class JiraClient {
  readonly #api: PluginAPI;
  readonly #restRoot: string;
  readonly #authorize: Authorizer;
  readonly #reauthorize: Reauthorizer | undefined;

  /**
   * @param restRoot where `/rest/api/2/...` is served: the site's URL on Server, Atlassian's gateway
   *   (`https://api.atlassian.com/ex/jira/<cloud id>`) on Cloud with OAuth 2.0
   * @param reauthorize what to do once on a 401 before giving up (none: the 401 is the answer)
   */
  constructor(api: PluginAPI, restRoot: string, authorize: Authorizer, reauthorize?: Reauthorizer) {
    this.#api = api;
    this.#restRoot = restRoot.replace(/\/+$/, '');
    this.#authorize = authorize;
    this.#reauthorize = reauthorize;
  }

  /**
   * One call: `path` below the REST root (`/rest/api/2/issue/PROJ-1`). Answers the parsed JSON (or
   * undefined for an empty answer such as 204).
   * @param doing what the call does, for the error's message ("read PROJ-1")
   * @throws JiraApiError for any non-2xx answer (401: the credential no longer works)
   */
  async request<T>(method: string, path: string, doing: string, request: JiraRequest = {}): Promise<T> {
    const url = this.url(path, request.query);
    let response = await this.#send(method, url, doing, request.body);
    if (response.status === 401 && this.#reauthorize && (await this.#reauthorize())) response = await this.#send(method, url, doing, request.body);
    if (response.status < 200 || response.status > 299) throw jiraApiError(response.status, response.body, doing);
    if (response.body.trim() === '') return undefined as T;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new JiraApiError(502, `Jira answered something other than JSON when asked to ${doing}.`);
    }
  }

  async #send(method: string, url: string, doing: string, body: unknown): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: await this.#authorize(method, url) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await this.#api.http.fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (err) {
      throw new JiraApiError(502, `Could not reach Jira to ${doing}: ${(err as Error).message}`);
    }
  }

  /** The absolute URL of `path` with `query` (undefined values left out). */
  url(path: string, query: JiraRequest['query'] = {}): string {
    const search = formEncode(query);
    return `${this.#restRoot}${path.startsWith('/') ? path : `/${path}`}${search ? `?${search}` : ''}`;
  }
}
