// Connecting Parley users to GitHub, with a real server, the real bundle (prepackaged) and a fake
// GitHub Enterprise on loopback: the plugin waits for its OAuth app, then `/github connect`, the
// OAuth round trip through api.oauth, the token kept per user, `/github me`, `/github disconnect`,
// and the ways a state or a token could be stolen or replayed.
import { expect } from 'chai';
import pg from 'pg';
import type { CommandResponse } from '@mattermost/types/integrations';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { CLIENT_ID, CLIENT_SECRET, FakeGitHub, messagesFromBot } from './helpers/fake-github.ts';

const ID = 'github';
const RUNNING = 2;

describe('github plugin: connecting accounts', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let github: FakeGitHub;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let channel: Channel;

  const settings = () => ts.config.get().PluginSettings.Plugins[ID] as Record<string, unknown>;
  const saveSettings = async (values: Record<string, unknown>) => {
    const config = await admin.client.getConfig();
    await admin.client.updateConfig({ ...config, PluginSettings: { ...config.PluginSettings, Plugins: { ...config.PluginSettings.Plugins, [ID]: { ...settings(), ...values } } } });
  };
  const run = (who: LoggedIn, command: string): Promise<CommandResponse> => who.client.executeCommand(command, { channel_id: channel.id, team_id: team.id } as never);
  const get = (who: LoggedIn | undefined, url: string) => fetch(url, { redirect: 'manual', headers: who ? { Authorization: `Bearer ${who.client.getToken()}` } : {} });
  /** The plugin's redirect to GitHub, as the user's browser follows it. */
  const startConnect = async (who: LoggedIn, query = '') => {
    const response = await get(who, `${ts.url}/plugins/github/oauth/connect${query}`);
    expect(response.status).to.equal(302);
    return new URL(response.headers.get('location')!);
  };
  /** GitHub's redirect back to the plugin, for whoever is signed in to the fake GitHub. */
  const authorize = async (authorizeUrl: URL, login: string) => {
    github.signedIn = login;
    const response = await get(undefined, authorizeUrl.toString());
    expect(response.status).to.equal(302);
    return new URL(response.headers.get('location')!);
  };
  const complete = async (who: LoggedIn, back: URL) => {
    const response = await get(who, back.toString());
    return { status: response.status, text: await response.text() };
  };
  const connect = async (who: LoggedIn, login: string, query = '') => complete(who, await authorize(await startConnect(who, query), login));
  before(async () => {
    github = await FakeGitHub.start();
    for (const login of ['octocat', 'hubot', 'monalisa']) github.addUser(login);
    ts = await startTestServer({ prepackaged: true });
    await ts.pluginsStarted;
    admin = await createAdmin(ts);
    await admin.client.patchConfig({ ServiceSettings: { SiteURL: ts.url, AllowedUntrustedInternalConnections: '127.0.0.1' } } as never);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, carol.user.id]);
  });
  after(async () => {
    await ts?.close();
    await github?.close();
  });

  it('is installed but stays disabled until an admin enters the OAuth app, then starts and generates its secrets', async () => {
    const state = async () => (await admin.client.getPluginStatuses()).find((s) => s.plugin_id === ID)?.state;
    expect(await state()).to.not.equal(RUNNING);
    expect(ts.config.get().PluginSettings.PluginStates[ID]).to.equal(undefined);
    await saveSettings({ GitHubOAuthClientID: CLIENT_ID, GitHubOAuthClientSecret: CLIENT_SECRET, EnterpriseBaseURL: github.url, EnablePrivateRepo: true });
    await eventually(async () => expect(await state()).to.equal(RUNNING), 20_000);
    await eventually(async () => {
      expect(settings().WebhookSecret).to.match(/^[a-z0-9]{32}$/);
      expect(settings().EncryptionKey).to.match(/^[a-z0-9]{32}$/);
    });
    expect(settings().WebhookSecret).to.not.equal(settings().EncryptionKey);
  });

  it('answers /github me and /github todo with how to connect, before connecting', async () => {
    expect((await run(alice, '/github me')).text).to.match(/not connected to GitHub.*\/github connect/);
    expect((await run(alice, '/github todo')).text).to.match(/not connected to GitHub/);
  });

  it('gives a connect link, with private access only when asked for and allowed', async () => {
    expect((await run(alice, '/github connect')).text).to.include(`(${ts.url}/plugins/github/oauth/connect)`);
    expect((await run(alice, '/github connect private')).text).to.include(`(${ts.url}/plugins/github/oauth/connect?private=true)`);
    expect((await run(alice, '/github connect everything')).text).to.match(/Unknown option/);
    expect((await startConnect(alice)).searchParams.get('scope')).to.equal('public_repo notifications read:org');
    expect((await startConnect(alice, '?private=true')).searchParams.get('scope')).to.equal('repo notifications read:org');
  });

  it('asks for private access by default only when both settings allow it, whatever the link says', async () => {
    await saveSettings({ ConnectToPrivateByDefault: true });
    try {
      expect((await startConnect(alice)).searchParams.get('scope')).to.equal('repo notifications read:org');
      await saveSettings({ EnablePrivateRepo: false });
      expect((await startConnect(alice, '?private=true')).searchParams.get('scope')).to.equal('public_repo notifications read:org');
      expect((await run(alice, '/github connect private')).text).to.match(/Private repositories are not enabled/);
    } finally {
      await saveSettings({ ConnectToPrivateByDefault: false, EnablePrivateRepo: true });
    }
  });

  it('connects through GitHub, says who you are, and welcomes you in a DM from the github bot', async () => {
    const answer = await connect(alice, 'octocat', '?private=true');
    expect(answer.status).to.equal(200);
    expect(answer.text).to.include('connected to the GitHub account octocat');
    const me = (await run(alice, '/github me')).text!;
    expect(me).to.include(`[octocat](${github.url}/octocat)`);
    expect(me).to.include('public and private repositories');
    const welcome = await messagesFromBot(alice);
    expect(welcome).to.have.length(1);
    expect(welcome[0]!.message).to.include('You are connected as [octocat]');
    expect((await run(alice, '/github connect')).text).to.match(/already connected to GitHub as \*\*octocat\*\*/);
  });

  it('stores the token encrypted, never in the clear', async () => {
    const token = [...github.tokens].find(([, grant]) => grant.login === 'octocat')![0];
    const db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ pkey: string; pvalue: unknown }>(`SELECT pkey, pvalue FROM plugin_key_values WHERE plugin_id = 'github'`);
      expect(rows.map((row) => row.pkey)).to.include.members([`conn_${alice.user.id}`, 'login_octocat']);
      for (const row of rows) expect(JSON.stringify(row.pvalue)).to.not.include(token);
    } finally {
      await db.end();
    }
  });

  it('refuses another user\'s state, a reused state and a forged one, connecting no one', async () => {
    const back = await authorize(await startConnect(alice), 'hubot');
    const stolen = await complete(bob, back);
    expect(stolen.status).to.equal(400);
    expect(stolen.text).to.include('not valid any more');
    expect((await complete(alice, back)).status).to.equal(400);
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    expect((await complete(bob, forged)).status).to.equal(400);
    expect((await run(bob, '/github me')).text).to.match(/not connected/);
    expect((await run(alice, '/github me')).text).to.include('octocat');
  });

  it('refuses the routes without a session', async () => {
    expect((await get(undefined, `${ts.url}/plugins/github/oauth/connect`)).status).to.equal(401);
    expect((await get(undefined, `${ts.url}/plugins/github/oauth/complete?code=x&state=y`)).status).to.equal(401);
  });

  it('refuses to connect a GitHub account already connected to another user', async () => {
    const answer = await connect(bob, 'octocat');
    expect(answer.status).to.equal(409);
    expect(answer.text).to.include('already connected to another user');
    expect((await run(bob, '/github me')).text).to.match(/not connected/);
  });

  it('uses each user\'s own token only for that user', async () => {
    expect((await connect(bob, 'hubot')).status).to.equal(200);
    const before = github.requests.length;
    await run(bob, '/github todo');
    await run(alice, '/github todo');
    const calls = github.requests.slice(before);
    expect(calls.length).to.be.greaterThan(0);
    // Four calls each (three searches, the notifications), each with its caller's token.
    expect(calls.filter((c) => c.login === 'hubot').map((c) => c.path).sort()).to.deep.equal(['/notifications', '/search/issues', '/search/issues', '/search/issues']);
    expect(calls.filter((c) => c.login === 'octocat')).to.have.length(4);
    expect(calls.every((c) => c.login === 'hubot' || c.login === 'octocat')).to.equal(true);
    expect(calls.filter((c) => c.login === 'hubot').every((c) => !c.query.get('q') || c.query.get('q')!.includes(':hubot '))).to.equal(true);
  });

  it('disconnects, after which the account can be connected again by someone else', async () => {
    expect((await run(bob, '/github disconnect')).text).to.include('**hubot** is disconnected');
    expect((await run(bob, '/github disconnect')).text).to.match(/not connected/);
    expect((await connect(carol, 'hubot')).status).to.equal(200);
    expect((await run(carol, '/github me')).text).to.include('[hubot]');
  });

  it('reports a refusal on GitHub', async () => {
    const authorizeUrl = await startConnect(bob);
    github.signedIn = '';
    const back = new URL((await get(undefined, authorizeUrl.toString())).headers.get('location')!);
    const answer = await complete(bob, back);
    expect(answer.status).to.equal(400);
    expect(answer.text).to.include('GitHub did not authorize the connection');
  });

  it('disconnects everyone when the EncryptionKey setting is regenerated', async () => {
    await saveSettings({ EncryptionKey: 'a-brand-new-encryption-key-0000' });
    await eventually(async () => expect((await run(alice, '/github me')).text).to.match(/not connected/));
    expect((await run(carol, '/github todo')).text).to.match(/not connected/);
  });
});
