// Personal notifications, the delivery consumer on its own: an in-memory plugin API (KV, settings,
// a reversible stand-in for the server's encryption, the bot's DMs) and the fake GitHub for the
// private-repository check made with each recipient's own token.
import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import { BotMessages } from '../src/connect/bot-messages.ts';
import { Connections } from '../src/connect/connections.ts';
import type { GitHubContext } from '../src/connect/github-context.ts';
import { githubMentions } from '../src/notifications/github-mentions.ts';
import { personalNotifications } from '../src/notifications/personal-notifications.ts';
import { preferenceSubcommands } from '../src/notifications/preference-commands.ts';
import { Preferences } from '../src/notifications/user-preferences.ts';
import type { Subcommand } from '@parley/plugin-api';
import { FakeGitHub } from './helpers/fake-github.ts';

interface Sent {
  userId: string;
  message: string;
}

/** Just enough of the plugin API, in memory. */
function memoryApi(settings: Record<string, unknown>, sent: Sent[]): PluginAPI {
  const kv = new Map<string, string>();
  const api = {
    kv: {
      get: async (key: string) => (kv.has(key) ? JSON.parse(kv.get(key)!) : null),
      set: async (key: string, value: unknown) => void (value === null ? kv.delete(key) : kv.set(key, JSON.stringify(value))),
      delete: async (key: string) => void kv.delete(key),
      list: async (page: number, perPage: number, options: { prefix?: string } = {}) => [...kv.keys()].filter((k) => k.startsWith(options.prefix ?? '')).sort().slice(page * perPage, (page + 1) * perPage),
      compareAndSet: async (key: string, expected: unknown, next: unknown) => {
        const current = kv.has(key) ? kv.get(key)! : null;
        if (current !== (expected === null ? null : JSON.stringify(expected))) return false;
        kv.set(key, JSON.stringify(next));
        return true;
      },
    },
    config: { get: async () => settings },
    crypto: {
      listKeys: async () => [{ name: 'github-oauth-tokens' }],
      hmac: async (_alg: string, key: { secret: string }, data: string) => Buffer.from(`${key.secret}|${data}`).toString('hex'),
      encrypt: async (_key: string, plaintext: string, options: { associatedData?: string }) => Buffer.from(JSON.stringify([plaintext, options.associatedData])).toString('base64url'),
      decrypt: async (_key: string, token: string, options: { associatedData?: string }) => {
        const [plaintext, bound] = JSON.parse(Buffer.from(token, 'base64url').toString()) as [string, string];
        if (bound !== options.associatedData) throw Object.assign(new Error('bad token'), { id: 'plugin.crypto.bad_token' });
        return plaintext;
      },
    },
    bots: { ensureBot: async () => 'bot-user-id' },
    channels: { getDirect: async (_bot: string, userId: string) => ({ id: `dm-${userId}` }) },
    posts: {
      create: async (post: { channel_id: string; message: string }) => {
        sent.push({ userId: post.channel_id.slice(3), message: post.message });
        return post;
      },
    },
    http: {
      async fetch(url: string, request: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
        const response = await fetch(url, { method: request.method ?? 'GET', headers: request.headers, body: request.body, redirect: 'manual' });
        return { status: response.status, headers: Object.fromEntries([...(response.headers as unknown as Iterable<[string, string]>)]), body: await response.text() };
      },
    },
    log: { warn: async () => undefined },
  };
  return api as unknown as PluginAPI;
}

const account = (login: string) => ({ login, html_url: `https://github.example/${login}` });
const repository = (fullName: string, isPrivate = false) => ({ full_name: fullName, html_url: `https://github.example/${fullName}`, private: isPrivate });

describe('notifications: personal DMs from webhook deliveries', () => {
  let github: FakeGitHub;
  let sent: Sent[];
  let settings: Record<string, unknown>;
  let ctx: GitHubContext;
  let preferences: Preferences;
  let consume: ReturnType<typeof personalNotifications>;
  let commands: Map<string, Subcommand>;

  const deliver = (event: string, payload: Record<string, unknown>) => consume({ event, id: 'delivery-1', payload });
  const to = (userId: string) => sent.filter((s) => s.userId === userId).map((s) => s.message);
  const command = async (userId: string, line: string) => {
    const [name = '', ...words] = line.split(/\s+/);
    return (await commands.get(name)!.run({ api: ctx.api, ctx: {}, args: { user_id: userId, channel_id: 'c', team_id: 't', root_id: '', command: `/github ${line}` }, words })).text;
  };

  before(async () => {
    github = await FakeGitHub.start();
    for (const login of ['octocat', 'hubot', 'monalisa', 'outsider']) github.addUser(login);
    github.addRepo('octo/secret', { private: true, collaborators: ['octocat'] });
  });
  after(async () => {
    await github.close();
  });
  beforeEach(async () => {
    sent = [];
    settings = { GitHubOAuthClientID: 'id', GitHubOAuthClientSecret: 'secret', EncryptionKey: 'key-1', EnterpriseBaseURL: github.url };
    const api = memoryApi(settings, sent);
    ctx = { api, connections: new Connections(api), bot: new BotMessages(api) };
    preferences = new Preferences(api);
    consume = personalNotifications(ctx, preferences);
    commands = new Map(preferenceSubcommands(ctx, preferences).map((sub) => [sub.name, sub]));
    // alice is octocat, bob is hubot, carol is monalisa; nobody is outsider.
    for (const [userId, login] of [['alice', 'octocat'], ['bob', 'hubot'], ['carol', 'monalisa']] as const) {
      await ctx.connections.save({ user_id: userId, github_login: login, github_id: 1, private: true, connected_at: 0 }, github.issueToken(login, 'repo'));
    }
  });

  const pullRequest = (author: string, extra: Record<string, unknown> = {}) => ({ number: 7, title: 'Faster builds', html_url: 'https://github.example/octo/app/pull/7', body: '', user: account(author), ...extra });

  it('tells the requested reviewer, not the one who asked', async () => {
    const log = await deliver('pull_request', { action: 'review_requested', sender: account('hubot'), repository: repository('octo/app'), pull_request: pullRequest('hubot'), requested_reviewer: account('octocat') });
    expect(to('alice')).to.deep.equal(['[hubot](https://github.example/hubot) requested your review on pull request [#7 Faster builds](https://github.example/octo/app/pull/7) in [octo/app](https://github.example/octo/app).']);
    expect(to('bob')).to.deep.equal([]);
    expect(log).to.equal('personal notifications: octocat');
    expect(await deliver('pull_request', { action: 'review_requested', sender: account('octocat'), repository: repository('octo/app'), pull_request: pullRequest('hubot'), requested_reviewer: account('octocat') })).to.equal('personal notifications: none');
  });

  it('tells the author their pull request was merged or closed, unless they did it', async () => {
    await deliver('pull_request', { action: 'closed', sender: account('hubot'), repository: repository('octo/app'), pull_request: pullRequest('octocat', { merged: true }) });
    await deliver('pull_request', { action: 'closed', sender: account('hubot'), repository: repository('octo/app'), pull_request: pullRequest('octocat', { merged: false }) });
    await deliver('pull_request', { action: 'closed', sender: account('octocat'), repository: repository('octo/app'), pull_request: pullRequest('octocat', { merged: true }) });
    expect(to('alice').map((m) => m.split(' your ')[0])).to.deep.equal(['[hubot](https://github.example/hubot) merged', '[hubot](https://github.example/hubot) closed']);
  });

  it('tells the author of a comment on their issue and each one mentioned, once each, never the commenter', async () => {
    await deliver('issue_comment', {
      action: 'created',
      sender: account('hubot'),
      repository: repository('octo/app'),
      issue: { number: 3, title: 'Crash on start', html_url: 'https://github.example/octo/app/issues/3', user: account('octocat') },
      comment: { body: 'Thanks @octocat, cc @monalisa and @hubot; not `@outsider`, not me@example.com' },
    });
    expect(to('alice')).to.have.length(1);
    expect(to('alice')[0]).to.match(/mentioned you in a comment on issue \[#3 Crash on start\]/);
    expect(to('carol')).to.have.length(1);
    expect(to('carol')[0]).to.include('> Thanks @octocat');
    expect(to('bob')).to.deep.equal([]);
  });

  it('tells the author of a review, with its verdict, and an assignee', async () => {
    await deliver('pull_request_review', { action: 'submitted', sender: account('monalisa'), repository: repository('octo/app'), pull_request: pullRequest('octocat'), review: { state: 'approved', body: 'Ship it' } });
    expect(to('alice')[0]).to.match(/^\[monalisa\]\(.*\) approved your pull request \[#7 Faster builds\].*\n> Ship it$/);
    await deliver('issues', { action: 'assigned', sender: account('octocat'), repository: repository('octo/app'), issue: { number: 4, title: 'Docs', user: account('octocat') }, assignee: account('hubot') });
    expect(to('bob')).to.deep.equal(['[octocat](https://github.example/octocat) assigned you to issue #4 Docs in [octo/app](https://github.example/octo/app).']);
  });

  it('stays quiet for people who turned notifications off or muted the sender, and for draft pull requests', async () => {
    expect(await command('alice', 'settings notifications off')).to.equal('Personal notifications: **off**.');
    expect(await command('bob', 'mute add @MonaLisa')).to.include('You muted `monalisa`');
    await deliver('pull_request', { action: 'closed', sender: account('monalisa'), repository: repository('octo/app'), pull_request: pullRequest('octocat', { merged: true }) });
    await deliver('pull_request', { action: 'closed', sender: account('monalisa'), repository: repository('octo/app'), pull_request: pullRequest('hubot', { merged: true }) });
    expect(sent).to.deep.equal([]);
    await command('bob', 'mute delete monalisa');
    expect(await deliver('pull_request', { action: 'review_requested', sender: account('monalisa'), repository: repository('octo/app'), pull_request: pullRequest('monalisa', { draft: true }), requested_reviewer: account('hubot') })).to.include('draft');
    settings.GetNotificationForDraftPRs = true;
    await deliver('pull_request', { action: 'review_requested', sender: account('monalisa'), repository: repository('octo/app'), pull_request: pullRequest('monalisa', { draft: true }), requested_reviewer: account('hubot') });
    expect(to('bob')).to.have.length(1);
  });

  it('tells about a private repository only those whose own token can see it', async () => {
    const body = 'Ping @octocat @hubot';
    await deliver('issues', { action: 'opened', sender: account('monalisa'), repository: repository('octo/secret', true), issue: { number: 1, title: 'Leak', body, user: account('monalisa') } });
    expect(to('alice')).to.have.length(1);
    expect(to('bob')).to.deep.equal([]);
    // The check was made with each recipient's own token.
    const checks = github.requests.filter((r) => r.path === '/repos/octo/secret');
    expect(checks.map((r) => r.login).sort()).to.deep.equal(['hubot', 'octocat']);
  });

  it('ignores GitHub users nobody connected, and events it does not notify about', async () => {
    expect(await deliver('pull_request', { action: 'assigned', sender: account('hubot'), repository: repository('octo/app'), pull_request: pullRequest('hubot'), assignee: account('outsider') })).to.equal('personal notifications: none');
    expect(await deliver('push', { sender: account('hubot'), repository: repository('octo/app') })).to.equal('personal notifications: none');
    expect(await deliver('issue_comment', { action: 'deleted', sender: account('hubot'), repository: repository('octo/app'), issue: { number: 1, user: account('octocat') }, comment: { body: '@octocat' } })).to.equal('personal notifications: none');
    expect(sent).to.deep.equal([]);
  });

  it('stops notifying everyone once the EncryptionKey changes', async () => {
    settings.EncryptionKey = 'key-2';
    await deliver('pull_request', { action: 'review_requested', sender: account('hubot'), repository: repository('octo/app'), pull_request: pullRequest('hubot'), requested_reviewer: account('octocat') });
    expect(sent).to.deep.equal([]);
  });

  it('keeps the mute list per user, and refuses nonsense', async () => {
    expect(await command('alice', 'mute list')).to.equal('You have not muted anyone.');
    await command('alice', 'mute add hubot');
    await command('alice', 'mute add monalisa');
    expect(await command('alice', 'mute list')).to.equal('You muted: `hubot`, `monalisa`.');
    expect(await command('bob', 'mute list')).to.equal('You have not muted anyone.');
    expect(await command('alice', 'mute add octocat')).to.equal('You cannot mute yourself.');
    expect(await command('alice', 'mute add not_a/login')).to.match(/Give a GitHub username/);
    expect(await command('alice', 'mute delete nobody')).to.equal('`nobody` is not muted.');
    expect(await command('alice', 'mute delete-all')).to.equal('You unmuted everyone.');
    expect(await command('alice', 'mute list')).to.equal('You have not muted anyone.');
    expect(await command('alice', 'settings notifications maybe')).to.match(/Use `\/github settings notifications on\|off`/);
    expect(await command('dave', 'settings notifications off')).to.match(/not connected/);
  });

  it('finds the @mentions GitHub would link', () => {
    expect(githubMentions('@a-b hi @c, (@d) me@example.com @e/f `@g` ```\n@h\n``` @-x @i_')).to.deep.equal(['a-b', 'c', 'd']);
  });
});
