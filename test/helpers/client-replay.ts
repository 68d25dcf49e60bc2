// Replays the REST calls Mattermost's web and mobile apps make, as each app sends them: the web app
// through Client4 with the session cookie and CSRF token a browser holds, the mobile app with the
// bearer token its network client keeps. A replay sends every call of a flow even after one fails,
// then fails naming each call that did not answer as the app expects.
import { expect } from 'chai';
import { Client4 } from '@mattermost/client';
import type { TestServer } from './test-server.ts';

/** Values a flow's calls share: ids from the scene, and what earlier calls answered. */
export type ReplayValues = Record<string, string>;

export type ReplayMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ReplayCall {
  /** The Mattermost function the call comes from (file and function). */
  from: string;
  method: ReplayMethod;
  /** The path under /api/v4 with the query string the app builds. */
  path: (v: ReplayValues) => string;
  /** A JSON body, or the multipart form of an upload. */
  body?: (v: ReplayValues) => unknown;
  /** Extra headers this call carries (e.g. the mobile login's Cache-Control). */
  headers?: Record<string, string>;
  /** Asserts the fields the app reads from the answer (chai expectations). */
  reads?: (answer: any, v: ReplayValues) => unknown;
  /** Values of the answer later calls of the flow use (ids the app keeps). */
  remember?: (answer: any) => ReplayValues;
}

export interface ReplayAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else its text. */
  data: any;
}

/** How one app sends a request: its headers and the credentials it keeps between calls. */
export interface AppTransport {
  readonly name: string;
  send(method: ReplayMethod, path: string, body: unknown, headers?: Record<string, string>): Promise<ReplayAnswer>;
}

/**
 * The web app in a browser: Client4 builds the headers (X-Requested-With, X-CSRF-Token on writes,
 * JSON or multipart content type); the cookies the server sets are kept as a browser jar would and
 * sent back, and the CSRF token is read from the MMCSRF cookie as Client4 reads document.cookie.
 */
export class WebAppTransport implements AppTransport {
  readonly name = 'web app';
  readonly #client: Client4;
  readonly #cookies = new Map<string, string>();

  constructor(ts: TestServer) {
    this.#client = new Client4();
    this.#client.setUrl(ts.url);
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async send(method: ReplayMethod, path: string, body: unknown, headers: Record<string, string> = {}): Promise<ReplayAnswer> {
    const cookieHeader = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    this.#client.setCSRF(this.#cookies.get('MMCSRF') ?? '');
    // Client4's own request options: the headers the web app's every call carries.
    const options = this.#client.getOptions({
      method: method.toLowerCase(),
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      headers: { ...headers, ...(cookieHeader ? { Cookie: cookieHeader } : {}) },
    });
    const response = await fetch(`${this.#client.getBaseRoute()}${path}`, options as RequestInit);
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(setCookie)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, data: await answerData(response) };
  }
}

/**
 * The mobile app: its network client sends X-Requested-With and Accept on every request, the bearer
 * token the login answered in the Token header, and the MMCSRF cookie's value as X-CSRF-Token on
 * writes (app/client/rest/tracking.ts getRequestHeaders).
 */
export class MobileAppTransport implements AppTransport {
  readonly name = 'mobile app';
  readonly #url: string;
  #token = '';
  #csrf = '';

  constructor(ts: TestServer) {
    this.#url = `${ts.url}/api/v4`;
  }

  async send(method: ReplayMethod, path: string, body: unknown, headers: Record<string, string> = {}): Promise<ReplayAnswer> {
    const sent: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json', ...headers };
    if (this.#token) sent.Authorization = `Bearer ${this.#token}`;
    if (this.#csrf && method !== 'GET') sent['X-CSRF-Token'] = this.#csrf;
    if (body !== undefined && !(body instanceof FormData)) sent['Content-Type'] = 'application/json';
    const response = await fetch(`${this.#url}${path}`, {
      method,
      headers: sent,
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const token = response.headers.get('Token');
    if (token) this.#token = token;
    const csrf = response.headers.getSetCookie().find((c) => c.startsWith('MMCSRF='));
    if (csrf) this.#csrf = csrf.slice('MMCSRF='.length).split(';')[0];
    return { status: response.status, headers: response.headers, data: await answerData(response) };
  }
}

/** The answer's JSON when it is JSON (as Client4 decides: exactly application/json), else its text. */
async function answerData(response: Response): Promise<unknown> {
  const text = await response.text();
  return response.headers.get('Content-Type') === 'application/json' && text ? JSON.parse(text) : text;
}

/**
 * Sends `calls` in order through `app`, keeping what each answer gives in `values`. Fails listing
 * every call that answered outside 2xx (method, path, status, error id and message, source) or
 * whose answer lacks a field the app reads; a call whose path needs a value an earlier failed call
 * should have given is listed as not sent.
 */
export async function replay(app: AppTransport, flow: string, calls: ReplayCall[], values: ReplayValues): Promise<void> {
  const failures: string[] = [];
  for (const call of calls) {
    const path = call.path(values);
    if (path.includes('undefined')) {
      failures.push(`${call.method} ${path} not sent: it needs a value an earlier failed call should have answered (${call.from})`);
      continue;
    }
    const answer = await app.send(call.method, path, call.body?.(values), call.headers);
    if (answer.status < 200 || answer.status > 299) {
      const error = typeof answer.data === 'object' && answer.data !== null ? answer.data : {};
      failures.push(`${call.method} ${path} → ${answer.status} ${error.id ?? '(no error id)'}: ${error.message ?? String(answer.data).slice(0, 120)} (${call.from})`);
      continue;
    }
    try {
      call.reads?.(answer.data, values);
      Object.assign(values, call.remember?.(answer.data));
    } catch (err) {
      failures.push(`${call.method} ${path} → ${answer.status} but the answer is not what the app reads: ${(err as Error).message} (${call.from})`);
    }
  }
  expect(failures, `${app.name}, ${flow}: ${failures.length} of ${calls.length} calls failed:\n    ${failures.join('\n    ')}\n`).to.deep.equal([]);
}
