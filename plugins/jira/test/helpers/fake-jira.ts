// A local stand-in for a Jira site (Server / Data Center at `url`, and Jira Cloud behind Atlassian's
// gateway at `url/ex/jira/<cloud id>`), built from Atlassian's documented REST shapes. This file is
// the base: the HTTP server, the request log, the users and their bearer tokens, `/rest/api/2/myself`
// and Jira's error collection. Feature helpers add their routes with `route()` (the OAuth flows in
// fake-jira-auth.ts, issues in fake-jira-issues.ts). It listens on 127.0.0.1, port 0.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeJiraUser {
  /** Cloud's accountId (Server uses `name` and `key`; both are set so one fake serves both kinds). */
  accountId: string;
  name: string;
  key: string;
  displayName: string;
  emailAddress: string;
  /** Jira groups, for the subscription-editing restriction. */
  groups: string[];
}

export interface FakeRequest {
  method: string;
  /** The path below the site (the gateway's `/ex/jira/<cloud id>` prefix removed). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The user the request's credential belongs to, when it carried a valid one. */
  user: FakeJiraUser | undefined;
  /** Whether it came through Atlassian's gateway (`/ex/jira/<cloud id>/...`). */
  viaGateway: boolean;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRouteHandler = (request: FakeRequest, match: RegExpExecArray) => FakeResponse | Promise<FakeResponse>;

/** Resolves the caller of a request from its Authorization header (bearer tokens here; OAuth 1.0a in fake-jira-auth.ts). */
export type FakeAuthenticator = (request: Omit<FakeRequest, 'user'>, url: string) => FakeJiraUser | undefined;

interface Route {
  method: string;
  pattern: RegExp;
  handler: FakeRouteHandler;
  /** Whether the route answers without a credential (OAuth endpoints, pages). */
  anonymous: boolean;
}

/** Jira's error collection (`errorMessages`, `errors`), the shape of every REST error. */
export function jiraError(status: number, messages: string[], errors: Record<string, string> = {}): FakeResponse {
  return { status, body: { errorMessages: messages, errors } };
}

export class FakeJira {
  readonly url: string;
  /** The cloud id the gateway answers for. */
  readonly cloudId = randomBytes(16).toString('hex').replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5');
  readonly requests: FakeRequest[] = [];
  readonly users = new Map<string, FakeJiraUser>();
  /** Bearer token (OAuth 2.0 access token or personal access token) → accountId. */
  readonly bearerTokens = new Map<string, string>();
  readonly #routes: Route[] = [];
  readonly #authenticators: FakeAuthenticator[] = [];
  readonly #server: Server;
  #nextId = 1;

  private constructor(server: Server) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.authenticateWith((request) => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const accountId = token ? this.bearerTokens.get(token) : undefined;
      return accountId ? this.users.get(accountId) : undefined;
    });
    this.route('GET', /^\/rest\/api\/[23]\/myself$/, (request) => ({ status: 200, body: this.userJson(request.user!) }));
  }

  static async start(): Promise<FakeJira> {
    let fake: FakeJira | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        fake!
          .#handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'))
          .then((answer) => {
            const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
            const type = typeof answer.body === 'string' ? 'text/html; charset=utf-8' : 'application/json';
            res.writeHead(answer.status, { ...(text ? { 'Content-Type': type } : {}), ...answer.headers }).end(text);
          })
          .catch((err: unknown) => res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorMessages: [String(err)], errors: {} })));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeJira(server);
    return fake;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Adds a route; later routes are tried first, so a test can override a default answer. */
  route(method: string, pattern: RegExp, handler: FakeRouteHandler, options: { anonymous?: boolean } = {}): void {
    this.#routes.unshift({ method, pattern, handler, anonymous: options.anonymous ?? false });
  }

  /** Adds a way to recognise a request's credential (tried after the ones added before). */
  authenticateWith(authenticator: FakeAuthenticator): void {
    this.#authenticators.push(authenticator);
  }

  addUser(name: string, options: Partial<FakeJiraUser> = {}): FakeJiraUser {
    const id = this.#nextId++;
    const user: FakeJiraUser = {
      accountId: `5b10a2844c20165700ede${String(id).padStart(3, '0')}`,
      name,
      key: `JIRAUSER${10000 + id}`,
      displayName: `${name[0]!.toUpperCase()}${name.slice(1)} Example`,
      emailAddress: `${name}@example.com`,
      groups: ['jira-software-users'],
      ...options,
    };
    this.users.set(user.accountId, user);
    return user;
  }

  userByName(name: string): FakeJiraUser | undefined {
    return [...this.users.values()].find((user) => user.name === name);
  }

  /** Gives the user a bearer token directly (a personal access token, or an access token as if OAuth had run). */
  issueBearerToken(user: FakeJiraUser): string {
    const token = randomBytes(24).toString('base64url');
    this.bearerTokens.set(token, user.accountId);
    return token;
  }

  /** A user as Jira's REST API shows one (Cloud's and Server's fields together). */
  userJson(user: FakeJiraUser): Record<string, unknown> {
    return {
      self: `${this.url}/rest/api/2/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      name: user.name,
      key: user.key,
      displayName: user.displayName,
      emailAddress: user.emailAddress,
      active: true,
      timeZone: 'UTC',
      avatarUrls: { '48x48': `${this.url}/secure/useravatar?size=large&ownerId=${user.key}` },
    };
  }

  /** The requests to paths starting with `prefix`. */
  calls(prefix = ''): FakeRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix));
  }

  async #handle(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string): Promise<FakeResponse> {
    const url = new URL(rawUrl, this.url);
    const gateway = /^\/ex\/jira\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (gateway && gateway[1] !== this.cloudId) return jiraError(404, ['Site not found']);
    const base = { method, path: gateway ? gateway[2]! : url.pathname, query: url.searchParams, headers, body, viaGateway: gateway !== null };
    const fullUrl = `${this.url}${url.pathname}${url.search}`;
    let user: FakeJiraUser | undefined;
    for (const authenticate of this.#authenticators) {
      user = authenticate(base, fullUrl);
      if (user) break;
    }
    const request: FakeRequest = { ...base, user };
    this.requests.push(request);
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      if (!route.anonymous && !user) return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };
      return route.handler(request, match);
    }
    return jiraError(404, [`No route ${method} ${request.path}`]);
  }
}
