// Every route of the REST API, and the core paths the prepackaged plugins serve, fed odd input:
// path parameters, query values and JSON bodies holding NUL characters, numbers past any integer
// type, deep nesting, wrong types and huge strings. Whatever the input, the server answers with a
// 4xx (an AppError with a stable id on the core's routes) or a success — never a 5xx other than
// Mattermost's deliberate 501 for a feature that is switched off. The route
// table comes from the server itself (ParleyServer.apiRoutes), so a new route is fuzzed the day it
// is added.
import { expect } from 'chai';
import type { Bot } from '@mattermost/types/bots';
import type { Command } from '@mattermost/types/integrations';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { textFile, upload } from '../helpers/file-fixtures.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';

/** Routes whose success would leave the run without its fixtures; they are fuzzed last. */
const LAST = [/^\/api\/v4\/config/, /^\/api\/v4\/plugins/];
const CONCURRENCY = 16;

const HOSTILE_PATH_VALUES = ['%00', 'a%00b', '99999999999999999999', 'x'.repeat(300), '%E2%80%AE%F0%9F%92%A9', '..%2F..%2Fetc', '%25', '-1'];
const QUERY_KEYS = [
  'page', 'per_page', 'since', 'before', 'after', 'limit', 'include_deleted', 'sort', 'in_team', 'not_in_team', 'in_channel',
  'not_in_channel', 'in_group', 'without_team', 'active', 'inactive', 'role', 'name', 'filter', 'term', 'format', 'get_server_status',
  'plugin_download_url', 'force', 'team_id', 'channel_id', 'user_id', 'local_only', 'iid', 'collapsedThreads', 'skipFetchThreads',
];
const HOSTILE_QUERY_VALUES = ['99999999999999999999', '-1', '1e400', '0.5', 'x'.repeat(5000), '%00', '[]', 'true&page=1'];

/** Values for one JSON field, as JSON text (a 5000-level object is too deep for JSON.stringify to write). */
const HOSTILE_FIELD_VALUES: Array<[string, string]> = [
  ['nul', JSON.stringify('a\u0000b')],
  ['deep', '{"nested":'.repeat(5000) + '"bottom"' + '}'.repeat(5000)],
  ['huge number', '1e300'],
  ['past bigint', '99999999999999999999'],
  ['negative', '-1'],
  ['fraction', '0.5'],
  ['array', JSON.stringify(['a\u0000', 1, null, {}])],
  ['object', JSON.stringify({ a: 'b\u0000' })],
  ['null', 'null'],
  ['long string', JSON.stringify('y'.repeat(70_000))],
];

/** A JSON object with the given fields, each value already JSON text. */
function jsonObject(fields: Array<[string, string]>): string {
  return `{${fields.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`;
}

const RAW_BODIES: Array<[string, string]> = [
  ['empty', ''],
  ['not json', '{"a":'],
  ['array', '[]'],
  ['null', 'null'],
  ['string', '"text"'],
  ['number', '99999999999999999999999999'],
  ['deep array', '['.repeat(5000) + ']'.repeat(5000)],
  ['nul escape', '{"message":"\\u0000"}'],
];

interface Failure {
  request: string;
  variant: string;
  status: number;
  body: string;
}

describe('route fuzz', function () {
  this.timeout(300_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let victim: LoggedIn;
  let token: string;
  let values: Record<string, string>;
  let template: Record<string, unknown>;
  // Routes that send email (invitations, password resets) get a mail server that takes it: what is
  // fuzzed is the input, and a mail server that cannot be reached is a 500 by design.
  let inbox: SmtpInbox;

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({
      prepackaged: true,
      config: { ServiceSettings: { EnableBotAccountCreation: true }, EmailSettings: { SMTPServer: '127.0.0.1', SMTPPort: String(inbox.port) } },
    });
    admin = await createAdmin(ts);
    victim = await createUser(ts, admin.client);
    // An access token: a fuzzed POST /users/logout must not end the suite's own session.
    token = (await admin.client.createUserAccessToken(admin.user.id, 'fuzz')).token!;
    const team: Team = await createTeamWith(admin.client, [victim.user.id]);
    const channel: Channel = await createChannelWith(admin.client, team, [victim.user.id]);
    const uploaded = await upload(victim.client, channel.id, [textFile('notes.txt', 'hello')]);
    const post: Post = await victim.client.createPost({ channel_id: channel.id, message: 'fuzz target', file_ids: [uploaded.file_infos[0].id] } as Post);
    const bot: Bot = await admin.client.createBot({ username: `fuzzbot${Date.now().toString(36)}`, display_name: 'Fuzz' } as Bot);
    const victimToken = await admin.client.createUserAccessToken(victim.user.id, 'victim');
    const hook = await admin.client.createIncomingWebhook({ channel_id: channel.id, display_name: 'fuzz' });
    const command = await admin.client.addCommand({ team_id: team.id, trigger: 'fuzzing', method: 'P', url: 'http://127.0.0.1:9/none', display_name: 'fuzz' } as Command);
    values = {
      user_id: victim.user.id,
      bot_user_id: bot.user_id,
      team_id: team.id,
      channel_id: channel.id,
      post_id: post.id,
      file_id: uploaded.file_infos[0].id,
      token_id: victimToken.id,
      plugin_id: 'com.example.absent',
      emoji_name: 'smile',
      category: 'display_settings',
      name: 'use_military_time',
      role_id: 'a'.repeat(26),
      team_name: team.name,
      channel_name: channel.name,
      email: victim.user.email ?? '',
      username: victim.user.username,
      id: hook.id,
      hook_id: hook.id,
      command_id: command.id,
      thread_id: post.id,
      timestamp: String(post.create_at),
    };
    template = {
      id: post.id, channel_id: channel.id, team_id: team.id, user_id: victim.user.id, post_id: post.id, root_id: post.id, file_ids: [uploaded.file_infos[0].id],
      message: 'fuzz', props: { from: 'fuzz' }, type: 'O', name: 'fuzzname', display_name: 'Fuzz', header: 'h', purpose: 'p',
      username: 'fuzzuser', email: 'fuzz@example.com', password: 'fuzz-password-1', login_id: victim.user.username, term: 'fuzz',
      roles: 'system_user', active: true, status: 'online', description: 'd', token_id: victimToken.id, session_id: 'b'.repeat(26),
      emoji_name: 'smile', user_ids: [victim.user.id], category: 'display_settings', value: 'true', trigger: 'fuzzy', url: 'http://127.0.0.1:9/x',
      callback_urls: ['http://127.0.0.1:9/x'], trigger_words: ['fuzz'], content_type: 'application/json', icon_url: '', text: 'fuzz',
      channel_locked: false, method: 'P', auto_complete: false, version: '1.0.0', current_password: 'x', new_password: 'fuzz-password-2',
      terms: 'fuzz', is_or_search: false, time_zone_offset: 0, page: 0, per_page: 10, prev_channel_id: channel.id, allow_inactive: false,
      limit: 10, in_channel_id: channel.id, not_in_channel_id: channel.id, not_in_team_id: team.id, without_team: false, invite_id: 'c'.repeat(26),
      scheme_admin: false, scheme_user: true, manual: true, dnd_end_time: 0, create_at: 0, attachments: [{ text: 'a', actions: [{ id: 'x', name: 'y' }] }],
    };
  });
  after(async () => {
    await ts.close();
    await inbox.close();
  });

  /** The core's routes and the prepackaged plugins' core paths, with Mattermost's parameter names. */
  function routeTable(): Array<{ method: string; path: string; owned: boolean }> {
    const core = ts.server.apiRoutes.map((r) => ({ ...r, owned: false }));
    const owned = [
      ['POST', '/hooks/:hook_id'],
      ['GET', '/api/v4/hooks/incoming'],
      ['POST', '/api/v4/hooks/incoming'],
      ['GET', '/api/v4/hooks/incoming/:hook_id'],
      ['PUT', '/api/v4/hooks/incoming/:hook_id'],
      ['GET', '/api/v4/hooks/outgoing'],
      ['POST', '/api/v4/hooks/outgoing'],
      ['GET', '/api/v4/hooks/outgoing/:hook_id'],
      ['PUT', '/api/v4/hooks/outgoing/:hook_id'],
      ['POST', '/api/v4/hooks/outgoing/:hook_id/regen_token'],
      ['GET', '/api/v4/commands'],
      ['POST', '/api/v4/commands'],
      ['GET', '/api/v4/commands/:command_id'],
      ['PUT', '/api/v4/commands/:command_id'],
      ['PUT', '/api/v4/commands/:command_id/move'],
      ['PUT', '/api/v4/commands/:command_id/regen_token'],
      ['POST', '/hooks/commands/:hook_id'],
      ['DELETE', '/api/v4/hooks/incoming/:hook_id'],
      ['DELETE', '/api/v4/commands/:command_id'],
    ].map(([method, path]) => ({ method, path, owned: true }));
    const order = (r: { method: string; path: string }) => (LAST.some((p) => p.test(r.path)) ? 3 : r.method === 'DELETE' ? 2 : r.method === 'GET' ? 0 : 1);
    return [...core, ...owned].sort((a, b) => order(a) - order(b));
  }

  function fill(path: string, hostile?: { param: string; value: string }): string {
    return path.replace(/:([a-z_]+)/g, (_, param: string) => (hostile?.param === param ? hostile.value : encodeURIComponent(values[param] ?? 'd'.repeat(26))));
  }

  async function send(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'X-Requested-With': 'XMLHttpRequest' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${ts.url}${path}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body });
    return { status: response.status, text: await response.text() };
  }

  /** Runs every request of `cases`, CONCURRENCY at a time, and returns those answered with a 5xx or a malformed error. */
  async function run(cases: Array<{ method: string; path: string; owned: boolean; variant: string; body?: string }>): Promise<Failure[]> {
    const failures: Failure[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const { status, text } = await send(c.method, c.path, c.body);
        // 431: Node's HTTP parser refusing a URL longer than its header limit, before any route runs.
        const malformed = !c.owned && status >= 400 && status !== 431 && !isAppError(text, status);
        // 501 is Mattermost's deliberate answer for a feature switched off or not offered (an AppError, checked above).
        if ((status >= 500 && status !== 501) || malformed) failures.push({ request: `${c.method} ${c.path.slice(0, 160)}`, variant: c.variant, status, body: text.slice(0, 300) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return failures;
  }

  it('answers odd path parameters with a 4xx or a success, never a 5xx', async () => {
    const cases = routeTable().flatMap((route) =>
      [...route.path.matchAll(/:([a-z_]+)/g)].flatMap(([, param]) =>
        HOSTILE_PATH_VALUES.map((value) => ({ ...route, path: fill(route.path, { param, value }), variant: `${param}=${value.slice(0, 20)}`, body: '{}' })),
      ),
    );
    expect(cases.length).to.be.greaterThan(100);
    expect(await run(cases)).to.deep.equal([]);
  });

  // Each key of each route gets one hostile value, rotating through them so that across the routes
  // every key meets every value; and each route gets every value in every key at once.
  it('answers odd query values with a 4xx or a success, never a 5xx', async () => {
    const query = (key: string, value: string) => `${key}=${value.startsWith('%') || value.includes('&') ? value : encodeURIComponent(value)}`;
    const cases = routeTable()
      .filter((route) => route.method === 'GET')
      .flatMap((route, r) => [
        ...QUERY_KEYS.map((key, k) => {
          const value = HOSTILE_QUERY_VALUES[(r + k) % HOSTILE_QUERY_VALUES.length];
          return { ...route, path: `${fill(route.path)}?${query(key, value)}`, variant: `${key}=${value.slice(0, 20)}` };
        }),
        ...HOSTILE_QUERY_VALUES.map((value) => ({ ...route, path: `${fill(route.path)}?${QUERY_KEYS.map((key) => query(key, value)).join('&')}`, variant: `every key ${value.slice(0, 20)}` })),
      ]);
    expect(await run(cases)).to.deep.equal([]);
  });

  // The same for bodies: every value in every field at once, then each field alone (the others
  // valid, so the request gets past the first check) with a value rotating across fields and routes.
  it('answers odd JSON bodies with a 4xx or a success, never a 5xx', async () => {
    const fields = Object.entries(template).map(([name, value]): [string, string] => [name, JSON.stringify(value)]);
    const cases = routeTable()
      .filter((route) => route.method !== 'GET')
      .flatMap((route, r) => {
        const path = fill(route.path);
        const raw = RAW_BODIES.map(([variant, body]) => ({ ...route, path, variant: `body ${variant}`, body }));
        const whole = HOSTILE_FIELD_VALUES.map(([variant, value]) => ({ ...route, path, variant: `every field ${variant}`, body: jsonObject(fields.map(([name]) => [name, value])) }));
        const perField = fields.map(([field], f) => {
          const [variant, value] = HOSTILE_FIELD_VALUES[(r + f) % HOSTILE_FIELD_VALUES.length];
          return { ...route, path, variant: `${field} ${variant}`, body: jsonObject(fields.map(([name, v]) => [name, name === field ? value : v])) };
        });
        return [...raw, ...whole, ...perField];
      });
    expect(await run(cases)).to.deep.equal([]);
  });
});

/** Mattermost's AppError JSON: a stable id and the status it was sent with. */
function isAppError(text: string, status: number): boolean {
  try {
    const body = JSON.parse(text) as { id?: unknown; status_code?: unknown };
    return typeof body.id === 'string' && body.id !== '' && body.status_code === status;
  } catch {
    return false;
  }
}
