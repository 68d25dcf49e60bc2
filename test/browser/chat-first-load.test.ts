// Opening a channel's address: the page's small startup script asks for the user, the teams, the
// channels and the channel's newest posts before the app's own script has even arrived, and the app
// uses those answers instead of asking again. Signed out, the early answers are refused and the app,
// once signed in, asks for everything itself.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, submitLogin } from '../helpers/browser.ts';

const PAGE_TIMEOUT_MS = 10_000;
const APP_SCRIPT = /\/static\/app-[^/]+\.js$/;

describe('chat web client: the first load of a channel address (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let adminName: string;
  let alice: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let signedIn: BrowserContext;

  const apiPaths = (requests: Request[]) => requests.map((request) => new URL(request.url()).pathname).filter((path) => path.startsWith('/api/v4/'));
  const log = (page: Page) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  /** A signed-in page with every request it sends, and when the channel's posts were asked for. */
  const watchedPage = async () => {
    const page = await signedIn.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const requests: Request[] = [];
    let postsAsked: () => void = () => {};
    const asked = new Promise<void>((resolve) => (postsAsked = resolve));
    page.on('request', (request) => {
      requests.push(request);
      if (new URL(request.url()).pathname === `/api/v4/channels/${channel.id}/posts`) postsAsked();
    });
    return { page, requests, asked };
  };

  /** A signed-in page whose WebSocket reaches the server only once `connect` is called. */
  const pageWithLateSocket = async () => {
    const page = await signedIn.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    let connect: () => void = () => {};
    const connecting = new Promise<void>((resolve) => (connect = resolve));
    await page.routeWebSocket(/\/api\/v4\/websocket/, async (socket) => {
      await connecting;
      socket.connectToServer();
    });
    return { page, connect };
  };
  /** The page's next answered "I viewed the channel" (POST /channels/members/me/view). */
  const viewed = (page: Page) => page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v4/channels/members/me/view' && response.ok());

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    const created = await createAdmin(ts);
    admin = created.client;
    adminName = created.user.username;
    alice = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, created.user.id]);
    await admin.createPost({ channel_id: channel.id, message: 'Written by the admin before Alice opens the channel' } as Post);
    browser = await launchBrowser();
    signedIn = await browser.newContext({ baseURL: ts.url });
    const page = await signedIn.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto('/login');
    await submitLogin(page, alice.user.username, PASSWORD);
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    await page.close();
  });

  after(async () => {
    await browser?.close();
    await ts?.close();
  });

  it("asks for the user, teams, channels and the channel's posts while the app's script is still on its way, and asks nothing twice", async function () {
    this.timeout(30_000);
    const { page, requests, asked } = await watchedPage();
    // The app's script is held back until the channel's posts have been asked for.
    let askedBeforeApp: Request[] = [];
    await page.route(APP_SCRIPT, async (route) => {
      await asked;
      // The author of the post is asked for right after the posts: let that request leave too.
      await page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v4/users/ids');
      askedBeforeApp = [...requests];
      await route.continue();
    });

    await page.goto(`/${team.name}/channels/${channel.name}`);
    await log(page).getByText('Written by the admin before Alice opens the channel').waitFor();
    await page.getByRole('combobox', { name: `Write to ${channel.display_name}` }).waitFor();

    // Once its socket is registered the page asks for the posts changed since those it loaded (what
    // was posted before the socket could bring it): another question, not the early answer asked again.
    const paths = apiPaths(requests.filter((request) => !new URL(request.url()).searchParams.has('since')));
    const beforeApp = apiPaths(askedBeforeApp);
    expect(beforeApp).to.include.members(['/api/v4/users/me', '/api/v4/users/me/teams', '/api/v4/users/me/preferences']);
    for (const early of ['/api/v4/users/me', '/api/v4/users/me/teams', '/api/v4/users/me/teams/members', '/api/v4/users/me/preferences', `/api/v4/users/me/teams/${team.id}/channels`, `/api/v4/users/me/teams/${team.id}/channels/members`, `/api/v4/channels/${channel.id}/posts`]) {
      expect(paths.filter((path) => path === early), early).to.have.length(1);
    }
    // The admin wrote the post: their profile came with the early answers, before the app's script.
    expect(beforeApp).to.include('/api/v4/users/ids');
    expect(await log(page).getByText(adminName, { exact: true }).count()).to.be.greaterThan(0);
    await page.close();
  });

  it("asks for the channel by its name before anything else, and for its posts without waiting to learn who is signed in", async function () {
    this.timeout(30_000);
    const { page, requests, asked } = await watchedPage();
    // Who is signed in is answered only once the posts have been asked for: they must not wait for it.
    await page.route('**/api/v4/users/me', async (route) => {
      await asked;
      await route.continue();
    });

    await page.goto(`/${team.name}/channels/${channel.name}`);
    await log(page).getByText('Written by the admin before Alice opens the channel').waitFor();
    await page.getByRole('combobox', { name: `Write to ${channel.display_name}` }).waitFor();

    const paths = apiPaths(requests);
    expect(paths[0]).to.equal(`/api/v4/teams/name/${team.name}/channels/name/${channel.name}`);
    expect(paths.filter((path) => path === '/api/v4/users/me'), 'asked once, answered late').to.have.length(1);
    await page.close();
  });

  it('tells the server it read what was posted while its socket was still connecting, once the socket caught those posts up', async function () {
    // A page whose socket is registered late (a slow hello on a busy machine) told the server it read
    // the channel when it opened it; what came after that and before the hello came as no event, only
    // with the catch-up, and the channel stayed unread on the server while the page showed those posts.
    this.timeout(30_000);
    const quiet = await createChannelWith(admin, team, [alice.user.id]);
    const { page, connect } = await pageWithLateSocket();
    const opened = viewed(page);
    await page.goto(`/${team.name}/channels/${quiet.name}`);
    await opened;

    await admin.createPost({ channel_id: quiet.id, message: 'Posted while the page was connecting' } as Post);
    const readAgain = viewed(page);
    connect();
    await page.getByRole('log', { name: `Messages in ${quiet.display_name}` }).getByText('Posted while the page was connecting').waitFor();
    await readAgain;
    const [member, counted] = await Promise.all([alice.client.getChannelMember(quiet.id, alice.user.id), alice.client.getChannel(quiet.id)]);
    expect(counted.total_msg_count - member.msg_count, 'messages unread on the server').to.equal(0);
    await page.close();
  });

  it('shows the unread channel it opens as read in the sidebar while its socket is still connecting', async function () {
    // The server tells my tabs that I viewed a channel with an event: a tab whose socket was not
    // registered yet never heard it about its own view, and (counting root posts, with collapsed
    // threads) kept the channel it showed unread in its sidebar.
    this.timeout(30_000);
    const waiting = await createChannelWith(admin, team, [alice.user.id]);
    await admin.createPost({ channel_id: waiting.id, message: 'Waiting for Alice' } as Post);
    const { page, connect } = await pageWithLateSocket();
    const opened = viewed(page);
    await page.goto(`/${team.name}/channels/${waiting.name}`);
    await opened;
    const sidebar = page.getByRole('navigation', { name: `${team.display_name} channels` });
    await sidebar.getByRole('link', { name: waiting.display_name, exact: true }).waitFor();
    expect(await sidebar.getByRole('link', { name: `${waiting.display_name} (unread)`, exact: true }).count()).to.equal(0);
    connect();
    await page.close();
  });

  it('sends a signed-out visitor to the login page, and after signing in opens the channel with answers asked afresh', async function () {
    this.timeout(30_000);
    const context = await browser.newContext({ baseURL: ts.url });
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`/${team.name}/channels/${channel.name}`);
    await page.waitForURL(/\/login\?redirect_to=/);
    await submitLogin(page, alice.user.username, PASSWORD);
    await log(page).getByText('Written by the admin before Alice opens the channel').waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/${team.name}/channels/${channel.name}`);
    await context.close();
  });
});
