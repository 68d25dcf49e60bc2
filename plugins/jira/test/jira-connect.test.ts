// Installing Jira sites and connecting users, with a real server, the real bundle and fake Jiras on
// loopback: Jira Cloud through Atlassian's OAuth 2.0 (3LO, PKCE) with its authorization server and
// API gateway pointed at a fake (`--atlassian-url`), Jira Server through an OAuth 1.0a application
// link whose RSA-SHA1 signatures the fake verifies, and Data Center with personal access tokens.
import { expect } from 'chai';
import pg from 'pg';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { eventually, RawSocket, type WireEvent } from '../../../test/helpers/ws-client.ts';
import { FakeJira, type FakeJiraUser } from './helpers/fake-jira.ts';
import { installAuthRoutes, type FakeJiraAuth } from './helpers/fake-jira-auth.ts';
import { startServerWithJira } from './helpers/jira-server.ts';

const CLOUD_SITE = 'https://parley-test.atlassian.net';
const CLIENT_ID = 'parleyTestClient1';
const CLIENT_SECRET = 'atlassian-client-secret-0123456789';

interface OpenedDialog {
  url: string;
  dialog: { callback_id: string; state?: string; introduction_text?: string; elements: Array<{ name: string }> };
}

describe('jira plugin: instances and connecting users', function () {
  this.timeout(90_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let channel: Channel;
  let cloud: FakeJira;
  let cloudAuth: FakeJiraAuth;
  let server: FakeJira;
  let serverAuth: FakeJiraAuth;
  let datacenter: FakeJira;
  const jira: Record<string, FakeJiraUser> = {};
  const sockets: RawSocket[] = [];

  const run = async (who: LoggedIn, line: string) => (await who.client.executeCommand(line, { channel_id: channel.id, team_id: team.id } as never)).text ?? '';
  const get = (who: LoggedIn | undefined, url: string) => fetch(url, { redirect: 'manual', headers: who ? { Authorization: `Bearer ${who.client.getToken()}` } : {} });
  const socketOf = async (who: LoggedIn) => {
    const socket = await RawSocket.authenticated(ts, who.client.getToken());
    sockets.push(socket);
    return socket;
  };
  /** Runs a command that opens a dialog; answers the command's text and the dialog. */
  const withDialog = async (who: LoggedIn, line: string): Promise<{ text: string; opened: OpenedDialog }> => {
    const socket = await socketOf(who);
    const event = socket.waitForEvent('open_dialog');
    const text = await run(who, line);
    return { text, opened: JSON.parse((await event).data.dialog as string) as OpenedDialog };
  };
  const submit = (who: LoggedIn, opened: OpenedDialog, submission: Record<string, unknown>) =>
    who.client.submitInteractiveDialog({ url: opened.url, callback_id: opened.dialog.callback_id, state: opened.dialog.state ?? '', submission, channel_id: channel.id, team_id: team.id, user_id: who.user.id, cancelled: false } as never);
  /** The link `/jira connect` answers. */
  const connectLink = async (who: LoggedIn, target = '') => {
    const text = await run(who, `/jira connect ${target}`.trim());
    const link = /\]\((http[^)]+)\)/.exec(text)?.[1];
    expect(link, text).to.be.a('string');
    return link!;
  };
  /** Follows a 302 and answers where it points. */
  const redirected = async (who: LoggedIn | undefined, url: string) => {
    const response = await get(who, url);
    expect(response.status, await response.clone().text()).to.equal(302);
    return response.headers.get('location')!;
  };
  const connectCloud = async (who: LoggedIn, as: FakeJiraUser) => {
    const toAtlassian = await redirected(who, await connectLink(who, CLOUD_SITE));
    cloudAuth.signedIn = as;
    const back = await redirected(undefined, toAtlassian);
    const response = await get(who, back);
    return { status: response.status, text: await response.text() };
  };
  const botPosts = async (who: LoggedIn): Promise<Post[]> => {
    const bot = await who.client.getUserByUsername('jira');
    const dm = await who.client.createDirectChannel([who.user.id, bot.id]);
    const list = await who.client.getPosts(dm.id);
    return list.order.map((id) => list.posts[id]!).filter((post) => post.user_id === bot.id);
  };
  const encoded = (url: string) => Buffer.from(url).toString('base64url').padEnd(Math.ceil(Buffer.from(url).length / 3) * 4, '=');

  before(async () => {
    [cloud, server, datacenter] = await Promise.all([FakeJira.start(), FakeJira.start(), FakeJira.start()]);
    cloudAuth = installAuthRoutes(cloud);
    cloudAuth.cloudSiteUrl = CLOUD_SITE;
    cloudAuth.registerClient(CLIENT_ID, CLIENT_SECRET);
    serverAuth = installAuthRoutes(server);
    for (const name of ['alice', 'bob', 'carol', 'mallory']) jira[name] = cloud.addUser(name);
    for (const name of ['bob', 'carol']) jira[`server-${name}`] = server.addUser(name);
    jira['dc-carol'] = datacenter.addUser('carol');
    ({ ts, admin } = await startServerWithJira());
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id, carol.user.id]);
  });

  after(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await ts?.close();
    await Promise.all([cloud, server, datacenter].map((fake) => fake?.close()));
  });

  it('refuses the instance commands to users who are not system admins', async () => {
    for (const line of [
      `/jira instance install cloud-oauth ${CLOUD_SITE}`,
      `/jira install server ${server.url}`,
      `/jira instance uninstall server ${server.url}`,
      `/jira uninstall server ${server.url}`,
      '/jira instance list',
      `/jira instance v2 ${server.url}`,
      `/jira instance alias ${server.url} onprem`,
      '/jira instance unalias onprem',
    ]) {
      expect(await run(alice, line), line).to.match(/can only be run by a system admin/);
    }
    expect(await run(alice, '/jira help')).to.not.contain('instance install');
    expect(await run(admin, '/jira help')).to.contain('/jira instance install server');
  });

  it('answers bad input with what to do, before anything is installed', async () => {
    expect(await run(admin, '/jira instance list')).to.match(/No Jira instance is installed/);
    expect(await run(admin, '/jira instance install server not a url')).to.match(/Give one URL/);
    expect(await run(admin, '/jira instance install server ftp://jira.example.com')).to.match(/`ftp:\/\/jira.example.com` is not a valid Jira URL/);
    expect(await run(admin, '/jira instance install server')).to.match(/Give the Jira site's URL/);
    expect(await run(admin, `/jira instance install server ${server.url} --auth magic`)).to.match(/Unknown `--auth magic`/);
    expect(await run(admin, `/jira instance install server ${server.url} --colour blue`)).to.match(/Unknown option `--colour`/);
    expect(await run(admin, `/jira instance install cloud-oauth ${CLOUD_SITE} --atlassian-url nope://x`)).to.match(/not a valid URL for `--atlassian-url`/);
    expect(await run(admin, `/jira instance uninstall ${server.url}`)).to.match(/Name the kind and the URL/);
    expect(await run(admin, `/jira instance uninstall server ${server.url}`)).to.match(/No Jira instance .* is installed/);
    expect(await run(alice, '/jira connect')).to.match(/No Jira instance is installed yet/);
    expect(await run(alice, '/jira me')).to.match(/not connected to Jira/);
  });

  it('installs Jira Cloud from a dialog asking for the OAuth app, showing the callback URL to register', async () => {
    const watcher = await socketOf(alice);
    const callback = `${ts.url}/plugins/jira/instance/${encoded(CLOUD_SITE)}/oauth2/complete.html`;
    const { text, opened } = await withDialog(admin, `/jira instance install cloud-oauth ${CLOUD_SITE} --atlassian-url ${cloud.url}`);
    expect(text).to.contain(`\`${callback}\``).and.contain(`reached at ${cloud.url}`);
    expect(opened.url).to.equal(`/plugins/jira/instance/${encoded(CLOUD_SITE)}/setup/cloud-oauth`);
    expect(opened.dialog.introduction_text).to.contain(callback);
    expect(opened.dialog.elements.map((e) => e.name)).to.deep.equal(['client_id', 'client_secret']);
    expect(await submit(admin, opened, { client_id: CLIENT_ID, client_secret: '' })).to.have.nested.property('errors.client_secret');
    expect(await submit(alice, opened, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).to.deep.equal({ error: 'Only a system admin can install a Jira instance.' });
    expect(await run(admin, '/jira instance list')).to.match(/No Jira instance is installed/);
    expect(await submit(admin, opened, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).to.deep.equal({});
    expect(await run(admin, '/jira instance list')).to.contain(`| 1 | n/a | ${CLOUD_SITE} (v2 legacy) | Jira Cloud (OAuth 2.0) |`);
    const status = (await watcher.waitForEvent('custom_jira_instance_status')) as WireEvent;
    expect(status.data.instances).to.deep.equal([{ type: 'cloud-oauth', instance_id: CLOUD_SITE, alias: '' }]);
  });

  it('installs Jira Server with an application link: answers its consumer key and public key', async () => {
    let text = '';
    await eventually(async () => expect((text = await run(admin, `/jira install server ${server.url}`))).to.contain('**Consumer Key**'), 5000);
    const consumerKey = /\*\*Consumer Key\*\*: `([^`]+)`/.exec(text)?.[1];
    const publicKey = /(-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----)/.exec(text)?.[1];
    expect(consumerKey, text).to.match(/^parley-[a-z0-9]{26}$/);
    expect(publicKey, text).to.be.a('string');
    expect(text).to.contain(`${server.url}/plugins/servlet/applinks/listApplicationLinks`);
    serverAuth.registerConsumer(consumerKey!, publicKey!);
    // Installing again keeps the key, so the application link keeps working.
    expect(await run(admin, `/jira install server ${server.url}`)).to.contain(consumerKey!).and.contain(publicKey!);
  });

  it('installs a Data Center site for personal access tokens, and refuses to install a URL twice as two kinds', async () => {
    expect(await run(admin, `/jira instance install server ${datacenter.url} --auth pat`)).to.match(/Users connect with `\/jira connect .*` and paste a personal access token/);
    expect(await run(admin, `/jira instance install cloud-oauth ${server.url}`)).to.match(/is installed as Jira Server \/ Data Center \(OAuth 1.0a\): uninstall it first/);
    const list = await run(admin, '/jira instance list');
    expect(list).to.contain(`${server.url} | Jira Server / Data Center (OAuth 1.0a) |`).and.contain(`${datacenter.url} | Jira Server / Data Center (personal access tokens) |`);
  });

  it('names instances by alias, refuses a taken or malformed alias, and moves the v2-legacy mark', async () => {
    expect(await run(admin, `/jira instance alias ${server.url} onprem`)).to.contain('can now be called `onprem`');
    expect(await run(admin, `/jira instance alias ${datacenter.url} ONPREM`)).to.contain(`The alias \`ONPREM\` already names ${server.url}`);
    expect(await run(admin, `/jira instance alias ${datacenter.url} two words`)).to.match(/cannot be an alias/);
    expect(await run(admin, '/jira instance alias https://nowhere.example.com x')).to.match(/No Jira instance https:\/\/nowhere.example.com is installed/);
    expect(await run(admin, `/jira instance alias ${datacenter.url} dc`)).to.contain('can now be called `dc`');
    expect(await run(admin, '/jira instance unalias dc')).to.contain('no longer has the alias `dc`');
    expect(await run(admin, '/jira instance unalias dc')).to.contain('No instance has the alias `dc`');
    expect(await run(admin, '/jira instance v2 onprem')).to.contain(`${server.url} now receives`);
    const list = await run(admin, '/jira instance list');
    expect(list).to.contain(`| onprem | ${server.url} (v2 legacy) |`).and.not.contain(`${CLOUD_SITE} (v2 legacy)`);
  });

  it('gives a clear message for an unknown instance or alias, and asks which one when several could be meant', async () => {
    expect(await run(alice, '/jira connect nowhere')).to.contain('No Jira instance `nowhere` is installed').and.contain(`* ${server.url} (\`onprem\`)`);
    expect(await run(alice, '/jira connect')).to.contain('Several Jira instances are installed');
    expect(await run(alice, '/jira disconnect nowhere')).to.contain('No Jira instance `nowhere` is installed');
  });

  it('connects to Jira Cloud through Atlassian (OAuth 2.0 with PKCE), then tells the clients and welcomes by DM', async () => {
    const socket = await socketOf(alice);
    const link = await connectLink(alice, CLOUD_SITE);
    expect(link).to.equal(`${ts.url}/plugins/jira/instance/${encoded(CLOUD_SITE)}/user/connect`);
    const toAtlassian = new URL(await redirected(alice, link));
    expect(`${toAtlassian.origin}${toAtlassian.pathname}`).to.equal(`${cloud.url}/authorize`);
    expect(toAtlassian.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(toAtlassian.searchParams.get('redirect_uri')).to.equal(`${ts.url}/plugins/jira/instance/${encoded(CLOUD_SITE)}/oauth2/complete.html`);
    cloudAuth.signedIn = jira.alice;
    const back = await redirected(undefined, toAtlassian.toString());
    const done = await get(alice, back);
    expect(done.status).to.equal(200);
    expect(await done.text()).to.contain('connected to the Jira account Alice Example');
    const me = await run(alice, '/jira me');
    expect(me).to.contain(`**${CLOUD_SITE}** (default): Jira Cloud, connected as **Alice Example** (account id \`${jira.alice!.accountId}\`) — Jira accepts it.`);
    expect(cloud.calls('/rest/api/2/myself').every((call) => call.viaGateway)).to.equal(true);
    const event = (await socket.waitForEvent('custom_jira_connect')) as WireEvent;
    expect(event.data).to.include({ is_connected: true, can_connect: true });
    expect(event.data.user_info).to.deep.include({ default_instance_id: CLOUD_SITE, connected_instances: [{ type: 'cloud-oauth', instance_id: CLOUD_SITE, alias: '' }] });
    expect((await botPosts(alice))[0]!.message).to.contain(`You are connected to ${CLOUD_SITE} as **Alice Example**`);
    expect(await run(alice, `/jira connect ${CLOUD_SITE}`)).to.contain('You are already connected to');
  });

  it("refuses to let another user complete someone else's Cloud flow", async () => {
    const toAtlassian = await redirected(bob, await connectLink(bob, CLOUD_SITE));
    cloudAuth.signedIn = jira.mallory;
    const back = await redirected(undefined, toAtlassian);
    const stolen = await get(carol, back);
    expect(stolen.status).to.equal(403);
    expect(await stolen.text()).to.contain('another Parley user started it');
    expect(await run(carol, '/jira me')).to.match(/not connected to Jira/);
    expect(await run(bob, '/jira me')).to.match(/not connected to Jira/);
  });

  it('refuses to connect a Jira account that is already another Parley user\'s connection', async () => {
    const taken = await connectCloud(bob, jira.alice!);
    expect(taken.status).to.equal(409);
    expect(taken.text).to.contain('already connected to another user');
    expect(await run(bob, '/jira me')).to.match(/not connected to Jira/);
  });

  it('says what went wrong when Jira refuses the application link, instead of failing', async () => {
    const unlinked = await FakeJira.start();
    try {
      installAuthRoutes(unlinked);
      // RSA keys are made at most two a second per plugin: the command says when to run it again.
      await eventually(async () => expect(await run(admin, `/jira instance install server ${unlinked.url}`)).to.contain('**Consumer Key**'), 5000);
      const page = await get(bob, await connectLink(bob, unlinked.url));
      expect(page.status).to.equal(502);
      expect(await page.text()).to.contain('Jira refused to start connecting your account').and.contain('ask a system admin');
    } finally {
      await run(admin, `/jira instance uninstall server ${unlinked.url}`);
      await unlinked.close();
    }
  });

  it('connects to Jira Server through the application link (OAuth 1.0a, every request signed RSA-SHA1)', async () => {
    const link = await connectLink(bob, 'onprem');
    expect(await redirected(bob, `${ts.url}/plugins/jira/user/start`), '/user/start goes to the v2-legacy site').to.equal(new URL(link).pathname);
    const toJira = new URL(await redirected(bob, link));
    expect(`${toJira.origin}${toJira.pathname}`).to.equal(`${server.url}/plugins/servlet/oauth/authorize`);
    serverAuth.signedIn = jira['server-bob'];
    const back = await redirected(undefined, toJira.toString());
    expect(back).to.match(new RegExp(`^${ts.url}/plugins/jira/instance/${encoded(server.url)}/oauth1/complete.html\\?oauth_token=`));
    const done = await get(bob, back);
    expect(done.status, await done.clone().text()).to.equal(200);
    const me = await run(bob, '/jira me');
    expect(me).to.contain(`Jira Server, connected as **Bob Example** (username \`bob\`, key \`${jira['server-bob']!.key}\`, bob@example.com) — Jira accepts it.`);
    const signedCalls = server.calls('/rest/api/2/myself');
    expect(signedCalls.length).to.be.greaterThan(0);
    for (const call of signedCalls) {
      expect(call.headers.authorization).to.match(/^OAuth .*oauth_signature_method="RSA-SHA1"/);
      expect(call.user?.name).to.equal('bob');
    }
    expect((await get(bob, back)).status, 'a request token is used once').to.equal(400);
    const start = await get(bob, `${ts.url}/plugins/jira/user/start`);
    expect([start.status, start.headers.get('location')]).to.deep.equal([303, server.url]);
  });

  it("refuses to let another user complete someone else's Server flow, which its owner can still finish", async () => {
    const toJira = await redirected(carol, await connectLink(carol, server.url));
    serverAuth.signedIn = jira['server-carol'];
    const back = await redirected(undefined, toJira);
    const stolen = await get(alice, back);
    expect(stolen.status).to.equal(403);
    expect(await stolen.text()).to.contain('started by another Parley user');
    const own = await get(carol, back);
    expect(own.status).to.equal(200);
    expect(await run(alice, '/jira me')).to.not.contain(server.url);
    const disconnect = () => fetch(`${ts.url}/plugins/jira/api/v3/disconnect`, { method: 'POST', headers: { Authorization: `Bearer ${carol.client.getToken()}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ instance_id: server.url }) });
    const first = await disconnect();
    expect([first.status, await first.json()]).to.deep.equal([200, { success: true }]);
    expect((await disconnect()).status).to.equal(404);
    expect(await run(carol, '/jira me')).to.match(/not connected to Jira/);
  });

  it('connects with a personal access token given in a dialog, checked with Jira before it is kept', async () => {
    const { text, opened } = await withDialog(carol, `/jira connect ${datacenter.url}`);
    expect(text).to.contain('Paste your personal access token');
    expect(opened.url).to.equal(`/plugins/jira/instance/${encoded(datacenter.url)}/user/pat`);
    expect(await submit(carol, opened, { token: 'wrong-token-123456' })).to.have.nested.property('errors.token').that.matches(/did not accept this token/);
    expect(await run(carol, '/jira me')).to.match(/not connected to Jira/);
    const token = datacenter.issueBearerToken(jira['dc-carol']!);
    expect(await submit(carol, opened, { token })).to.deep.equal({});
    expect(await run(carol, '/jira me')).to.contain(`${datacenter.url}** (default): Jira Server, connected as **Carol Example**`).and.contain('Jira accepts it.');
  });

  it('keeps tokens and the client secret encrypted at rest', async () => {
    const secrets = [...cloud.bearerTokens.keys(), ...cloudAuth.refreshTokens.keys(), ...serverAuth.oauth1AccessTokens.keys(), ...datacenter.bearerTokens.keys(), CLIENT_SECRET];
    const db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ pkey: string; pvalue: unknown }>(`SELECT pkey, pvalue FROM plugin_key_values WHERE plugin_id = 'jira'`);
      expect(rows.filter((row) => row.pkey.startsWith('conn_'))).to.have.length(3);
      const stored = JSON.stringify(rows);
      for (const secret of secrets) expect(stored).to.not.contain(secret);
    } finally {
      await db.end();
    }
  });

  it('renews a Cloud token Jira refuses (401), and one about to expire, keeping the new one', async () => {
    const refreshes = () => cloudAuth.grants.filter((grant) => grant.grant_type === 'refresh_token' && grant.accountId === jira.alice!.accountId).length;
    cloudAuth.revokeAccessTokens(jira.alice!);
    expect(await run(alice, '/jira me')).to.contain('Jira accepts it.');
    expect(refreshes()).to.equal(1);
    expect(await run(alice, '/jira me')).to.contain('Jira accepts it.');
    expect(refreshes(), 'the renewed token was kept').to.equal(1);
    cloudAuth.accessTokenLifetimeS = 30;
    cloudAuth.revokeAccessTokens(jira.alice!);
    await run(alice, '/jira me');
    expect(refreshes()).to.equal(2);
    const before401s = cloud.requests.filter((request) => request.path === '/rest/api/2/myself' && !request.user).length;
    expect(await run(alice, '/jira me')).to.contain('Jira accepts it.');
    expect(refreshes(), 'a token expiring within a minute is renewed before use').to.equal(3);
    expect(cloud.requests.filter((request) => request.path === '/rest/api/2/myself' && !request.user).length).to.equal(before401s);
    cloudAuth.accessTokenLifetimeS = 3600;
  });

  it('renews a token once when several requests find it refused at the same time (refresh tokens rotate)', async () => {
    const refreshes = () => cloudAuth.grants.filter((grant) => grant.grant_type === 'refresh_token' && grant.accountId === jira.alice!.accountId).length;
    const before = refreshes();
    cloudAuth.revokeAccessTokens(jira.alice!);
    const answers = await Promise.all([run(alice, '/jira me'), run(alice, '/jira me'), run(alice, '/jira me')]);
    for (const answer of answers) expect(answer).to.contain('Jira accepts it.');
    expect(refreshes()).to.equal(before + 1);
  });

  it('drops the connection when Atlassian refuses to renew it, with exactly one DM until the user reconnects', async () => {
    const notices = async () => (await botPosts(alice)).filter((post) => post.message.includes('no longer accepts your connection')).length;
    const socket = await socketOf(alice);
    cloudAuth.revokeAccessTokens(jira.alice!);
    cloudAuth.revokeRefreshTokens(jira.alice!);
    const answers = await Promise.all([run(alice, '/jira me'), run(alice, '/jira me'), run(alice, '/jira me')]);
    for (const answer of answers) expect(answer).to.match(/no longer accepts this connection|not connected to Jira/);
    expect(await run(alice, '/jira me')).to.match(/not connected to Jira/);
    expect(await notices()).to.equal(1);
    expect((await socket.waitForEvent('custom_jira_disconnect')).data).to.include({ is_connected: false });
    expect((await connectCloud(alice, jira.alice!)).status).to.equal(200);
    cloudAuth.revokeAccessTokens(jira.alice!);
    cloudAuth.revokeRefreshTokens(jira.alice!);
    await run(alice, '/jira me');
    expect(await notices(), 'a new refusal after reconnecting is told again').to.equal(2);
  });

  it('switches personal notifications per role', async () => {
    expect(await run(bob, '/jira settings notifications assignee off')).to.match(/Notifications as assignee on .* are now off/);
    const list = await run(bob, '/jira instance settings list');
    expect(list).to.contain('Notifications as assignee: off').and.contain('Notifications as mention: on');
    expect(await run(bob, '/jira instance settings notifications boss off')).to.match(/Use `\/jira instance settings notifications/);
    expect(await run(bob, '/jira settings notifications watching maybe')).to.match(/Use `\/jira instance settings notifications/);
    expect(await run(bob, '/jira settings colours dark')).to.match(/Unknown setting `colours`/);
    expect(await run(alice, '/jira settings notifications assignee off')).to.match(/not connected to Jira/);
  });

  it('sets the user\'s default instance among those they are connected to', async () => {
    expect(await run(carol, '/jira instance default onprem')).to.match(/not connected to .*\/jira connect onprem/);
    expect(await run(carol, `/jira instance default ${datacenter.url}`)).to.contain(`Your commands now use ${datacenter.url}`);
    expect(await run(carol, '/jira instance default nowhere')).to.contain('No Jira instance `nowhere` is installed');
  });

  it('disconnects, telling the clients, and says so when there is nothing to disconnect', async () => {
    const socket = await socketOf(bob);
    expect(await run(bob, '/jira disconnect')).to.contain('Your Jira account **Bob Example** on');
    expect((await socket.waitForEvent('custom_jira_disconnect')).data).to.include({ is_connected: false });
    expect(await run(bob, '/jira disconnect')).to.match(/not connected to Jira/);
    expect(await run(bob, '/jira disconnect onprem')).to.match(/not connected to http/);
  });

  it('uninstalls an instance of the kind named, disconnecting its users and removing their records', async () => {
    const db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    const connectionRows = async () => (await db.query(`SELECT pkey FROM plugin_key_values WHERE plugin_id = 'jira' AND pkey LIKE 'conn%'`)).rowCount;
    try {
      const before = await connectionRows();
      expect(await run(admin, `/jira uninstall cloud-oauth ${datacenter.url}`)).to.match(/installed as Jira Server .*, not `cloud-oauth`/);
      expect(await run(admin, `/jira instance uninstall server ${datacenter.url}`)).to.contain('1 user was disconnected');
      expect(await run(carol, '/jira me')).to.match(/not connected to Jira/);
      expect(await run(admin, '/jira instance list')).to.not.contain(datacenter.url);
      expect(await connectionRows()).to.equal(before! - 1);
    } finally {
      await db.end();
    }
  });
});
