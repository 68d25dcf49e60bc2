// Unit-test doubles for the issue features: a PluginAPI whose posts, dialogs, users, bots and KV are
// recorded in memory while its HTTP goes out for real (to a FakeJira), and an IssuesContext whose
// users are connected to a FakeJira with bearer tokens — the command logic runs unchanged, without a
// server or the connect flow.
import { createHash, createHmac } from 'node:crypto';
import type { Dialog, HookContext, HttpRequest, HttpResponse, PluginAPI, Post, Router } from '@parley/plugin-api';
import type { Connection } from '../../src/connect/connection.ts';
import type { Instance } from '../../src/instances/instance.ts';
import type { IssuesContext, JiraAccess } from '../../src/issues/jira-access.ts';
import { NoJiraAccessError, CONNECT_FIRST } from '../../src/issues/jira-access.ts';
import { JiraClient } from '../../src/jira-api/jira-client.ts';
import { bearer, restRoot } from '../../src/jira-api/user-client.ts';
import type { FakeJira, FakeJiraUser } from './fake-jira.ts';

export const BOT_ID = 'jirabotjirabotjirabotjira1';

export interface ApiRecord {
  ephemerals: Array<{ userId: string; post: Partial<Post> }>;
  ephemeralUpdates: Array<{ userId: string; post: Partial<Post> }>;
  ephemeralDeletes: Array<{ userId: string; postId: string }>;
  created: Array<Partial<Post>>;
  updated: Array<Partial<Post>>;
  dialogs: Array<{ triggerId: string; url: string; dialog: Dialog }>;
  logs: unknown[];
}

export interface ApiDoubleOptions {
  /** Posts `posts.get` answers. */
  posts?: Map<string, Post>;
  /** Usernames `users.getByUsername` knows → user id. */
  usernames?: Record<string, string>;
  /** Whether a user holds a permission (default: yes). */
  hasPermission?: (userId: string, permission: string, scope?: { channel_id?: string }) => boolean;
  siteUrl?: string;
  /** The plugin's settings `config.get` answers. */
  settings?: Record<string, unknown>;
}

export function apiDouble(options: ApiDoubleOptions = {}): { api: PluginAPI; record: ApiRecord; kv: Map<string, unknown> } {
  const record: ApiRecord = { ephemerals: [], ephemeralUpdates: [], ephemeralDeletes: [], created: [], updated: [], dialogs: [], logs: [] };
  const kv = new Map<string, unknown>();
  let nextId = 1;
  const id = () => `post${String(nextId++).padStart(22, '0')}`;
  const notFound = () => Object.assign(new Error('not found'), { id: 'app.post.get.not_found.app_error' });
  const api = {
    http: {
      async fetch(url: string, request: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
        const response = await fetch(url, { method: request.method ?? 'GET', headers: request.headers, body: request.body });
        return { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, body: await response.text() };
      },
    },
    posts: {
      async sendEphemeral(userId: string, post: Partial<Post>) {
        const sent = { ...post, id: id() };
        record.ephemerals.push({ userId, post: sent });
        return sent;
      },
      async updateEphemeral(userId: string, post: Partial<Post>) {
        record.ephemeralUpdates.push({ userId, post });
        return post;
      },
      async deleteEphemeral(userId: string, postId: string) {
        record.ephemeralDeletes.push({ userId, postId });
      },
      async create(post: Partial<Post>) {
        const created = { ...post, id: id() };
        record.created.push(created);
        return created;
      },
      async update(post: Partial<Post>) {
        record.updated.push(post);
        return post;
      },
      async get(postId: string) {
        const post = options.posts?.get(postId);
        if (!post) throw notFound();
        return post;
      },
    },
    bots: { ensureBot: async () => BOT_ID },
    dialogs: {
      async open(triggerId: string, url: string, dialog: Dialog) {
        record.dialogs.push({ triggerId, url, dialog });
      },
    },
    users: {
      hasPermission: async (userId: string, permission: string, scope?: { channel_id?: string }) => options.hasPermission?.(userId, permission, scope) ?? true,
      async get(userId: string) {
        const username = Object.entries(options.usernames ?? {}).find(([, id]) => id === userId)?.[0];
        if (!username) throw Object.assign(new Error('no user'), { id: 'app.user.missing_account.const' });
        return { id: userId, username };
      },
      async getByUsername(username: string) {
        const userId = options.usernames?.[username];
        if (!userId) throw Object.assign(new Error('no user'), { id: 'app.user.missing_account.const' });
        return { id: userId, username };
      },
    },
    channels: { get: async (channelId: string) => ({ id: channelId, team_id: 'team', name: 'town-square', type: 'O' }) },
    teams: { get: async (teamId: string) => ({ id: teamId, name: 'the-team' }) },
    config: {
      getServerConfig: async () => ({ ServiceSettings: { SiteURL: options.siteUrl ?? 'https://parley.example.com' } }),
      get: async () => options.settings ?? {},
    },
    kv: {
      get: async (key: string) => (kv.has(key) ? structuredClone(kv.get(key)) : null),
      set: async (key: string, value: unknown) => void kv.set(key, structuredClone(value)),
      setWithExpiry: async (key: string, value: unknown) => void kv.set(key, structuredClone(value)),
      delete: async (key: string) => void kv.delete(key),
      async compareAndSet(key: string, expected: unknown, next: unknown) {
        if (JSON.stringify(kv.get(key) ?? null) !== JSON.stringify(expected ?? null)) return false;
        kv.set(key, structuredClone(next));
        return true;
      },
    },
    // Sealing in the clear with its binding: enough for the stores' logic, which only needs the round trip.
    crypto: {
      listKeys: async () => [{ name: 'jira-tokens' }],
      generateKey: async (name: string) => ({ name }),
      hash: async (algorithm: string, data: string) => createHash(algorithm).update(data).digest('base64url'),
      hmac: async (algorithm: string, key: { secret: string }, data: string) => createHmac(algorithm, key.secret).update(data).digest('hex'),
      encrypt: async (_key: string, plaintext: string, options: { associatedData?: string } = {}) => JSON.stringify({ plaintext, ad: options.associatedData ?? '' }),
      async decrypt(_key: string, token: string, options: { associatedData?: string } = {}) {
        const sealed = JSON.parse(token) as { plaintext: string; ad: string };
        if (sealed.ad !== (options.associatedData ?? '')) throw Object.assign(new Error('bad token'), { id: 'plugin.crypto.bad_token' });
        return sealed.plaintext;
      },
    },
    log: {
      warn: async (...args: unknown[]) => void record.logs.push(args),
      error: async (...args: unknown[]) => void record.logs.push(args),
      info: async () => undefined,
      debug: async () => undefined,
    },
  };
  return { api: api as unknown as PluginAPI, record, kv };
}

/** A Jira Server / Data Center instance record for the fake, whose users connect with personal access tokens. */
export function serverInstance(fake: FakeJira, alias = ''): Instance {
  return { id: fake.url, type: 'server', alias, key: 'k'.repeat(26), installed_at: 1, installed_by: 'admin', is_v2_legacy: false, auth: 'pat', consumer_key: '', rsa_key_name: '' };
}

/** A Jira Cloud instance record whose REST calls reach the fake through its Atlassian gateway path. */
export function cloudInstance(fake: FakeJira, site = 'https://example.atlassian.net'): Instance {
  return {
    id: site,
    type: 'cloud-oauth',
    alias: 'cloud',
    key: 'c'.repeat(26),
    installed_at: 1,
    installed_by: 'admin',
    is_v2_legacy: false,
    client_id: 'client',
    client_secret: '',
    cloud_id: fake.cloudId,
    auth_url: fake.url,
    api_url: fake.url,
  };
}

export function connectionFor(instance: Instance, userId: string, user: FakeJiraUser): Connection {
  const cloud = instance.type === 'cloud-oauth';
  return {
    mattermost_user_id: userId,
    instance_id: instance.id,
    account_id: cloud ? user.accountId : '',
    name: cloud ? '' : user.name,
    user_key: cloud ? '' : user.key,
    display_name: user.displayName,
    email: user.emailAddress,
    connected_at: 1,
    notifications: { assignee: true, mention: true, reporter: true, watching: true },
    last_project_key: '',
    last_issue_type: '',
  };
}

/**
 * An IssuesContext over the instances given; `connect` makes a Parley user id a connected Jira
 * user (a bearer token of the fake), the first instance being each user's default.
 */
export class TestIssuesContext implements IssuesContext {
  readonly api: PluginAPI;
  readonly #instances: Instance[];
  readonly #fake: FakeJira;
  readonly connections = new Map<string, { connection: Connection; token: string }>();

  constructor(api: PluginAPI, fake: FakeJira, instances: Instance[]) {
    this.api = api;
    this.#fake = fake;
    this.#instances = instances;
  }

  connect(userId: string, user: FakeJiraUser, instance = this.#instances[0]!): Connection {
    const connection = connectionFor(instance, userId, user);
    this.connections.set(`${instance.id}|${userId}`, { connection, token: this.#fake.issueBearerToken(user) });
    return connection;
  }

  async access(userId: string, named?: string): Promise<JiraAccess> {
    const instance = named ? this.#instances.find((candidate) => candidate.id === named || candidate.alias === named) : this.#instances.find((candidate) => this.connections.has(`${candidate.id}|${userId}`));
    if (named && !instance) throw new NoJiraAccessError(`No Jira instance ${named} is installed.`);
    const access = instance ? await this.accessOn(instance, userId) : null;
    if (!access) throw new NoJiraAccessError(CONNECT_FIRST);
    return access;
  }

  async accessOn(instance: Instance, userId: string): Promise<JiraAccess | null> {
    const held = this.connections.get(`${instance.id}|${userId}`);
    return held ? { instance, connection: structuredClone(held.connection), client: new JiraClient(this.api, restRoot(instance), bearer(held.token)) } : null;
  }

  async connectionOf(instance: Instance, userId: string): Promise<Connection | null> {
    return this.connections.get(`${instance.id}|${userId}`)?.connection ?? null;
  }

  async instances(): Promise<Instance[]> {
    return this.#instances;
  }

  async updateConnection(instance: Instance, connection: Connection): Promise<void> {
    const held = this.connections.get(`${instance.id}|${connection.mattermost_user_id}`);
    if (held) held.connection = structuredClone(connection);
  }
}

const HOOK_CONTEXT: HookContext = { session_id: '', request_id: 'req', ip_address: '', user_agent: '' };

/** Calls a route of the router as the server would, as `userId`, with `body` as JSON. */
export function callRoute(router: Router, path: string, userId: string, body: unknown): Promise<HttpResponse> {
  const request: HttpRequest = { method: 'POST', path, query: {}, headers: {}, user_id: userId, body: typeof body === 'string' ? body : JSON.stringify(body) };
  return router.serve(HOOK_CONTEXT, request);
}

export function jsonOf<T = Record<string, unknown>>(response: HttpResponse): T {
  return JSON.parse(response.body ?? '') as T;
}
