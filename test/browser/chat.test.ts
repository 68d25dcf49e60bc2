// The end-user web client in Debian's chromium: two people in two browser contexts chatting live,
// a direct message started from the people search, unread and mention marks that go away once read,
// nothing lost across a dropped socket, permalinks, and a message's markup shown as text.
import { expect } from 'chai';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';


/**
 * Runs in every page before the app: remembers each WebSocket, and while `__blockSockets` is set
 * points new ones at a closed port, so a test can drop the connection and keep it down. With
 * `__forgetConnection` set, a reconnect does not ask to resume the old connection, so the server
 * replays nothing and only the client's own catch-up can bring back what it missed.
 */
function socketControls(closedPort: number): string {
  return `(() => {
    const Native = window.WebSocket;
    const open = [];
    window.__blockSockets = false;
    window.__forgetConnection = false;
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        const target = new URL(url);
        if (window.__forgetConnection) { target.searchParams.delete('connection_id'); target.searchParams.delete('sequence_number'); }
        super(window.__blockSockets ? 'ws://127.0.0.1:${closedPort}/' : target.href, protocols);
        open.push(this);
      }
    };
    window.__dropSockets = () => { window.__blockSockets = true; for (const socket of open.splice(0)) socket.close(); };
  })();`;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('chat web client (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  /** A new browser context signed in as `who` through the login form, once the teams navigation (or the `heading` given) shows. */
  async function signedInPage(who: LoggedIn, port: number, heading?: string): Promise<Page> {
    return signedInChatPage(browser, ts, who, pageErrors, {
      prepare: async (context) => {
        await context.addInitScript(socketControls(port));
      },
      ready: heading ? (page) => page.getByRole('heading', { level: 1, name: heading }) : undefined,
    });
  }

  const log = (page: Page, label: string) => page.getByRole('log', { name: `Messages in ${label}` });
  const sidebarLink = (page: Page, name: string) => page.getByRole('navigation', { name: `${team.display_name} channels` }).getByRole('link', { name: new RegExp(`^${name}\\b`) });

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    browser = await launchBrowser();
    const port = await closedPort();
    [alicePage, bobPage] = await Promise.all([signedInPage(alice, port), signedInPage(bob, port)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });

  it('opens the first team\'s town square at / after signing in, with landmarks and the cursor in the message box', async () => {
    await alicePage.waitForURL(`**/${team.name}/channels/town-square`);
    await log(alicePage, 'Town Square').waitFor();
    expect(await log(alicePage, 'Town Square').getAttribute('aria-live')).to.equal('polite');
    expect(await alicePage.getByRole('main', { name: 'Town Square' }).count()).to.equal(1);
    expect(await alicePage.getByRole('navigation', { name: `${team.display_name} channels` }).count()).to.equal(1);
    expect(await alicePage.evaluate(() => document.activeElement?.id)).to.equal('composer-text');
  });

  it('shows one user\'s post and typing to the other live, without a reload', async function () {
    this.timeout(30_000);
    const path = `/${team.name}/channels/${channel.name}`;
    await Promise.all([alicePage.goto(path), bobPage.goto(path)]);
    await Promise.all([log(alicePage, channel.display_name).waitFor(), log(bobPage, channel.display_name).waitFor()]);
    const composer = alicePage.getByLabel(`Write to ${channel.display_name}`);
    await composer.fill('hello bob, this is live');
    await bobPage.getByText(`${alice.user.username} is typing…`).waitFor();
    await composer.press('Enter');
    await log(bobPage, channel.display_name).getByText('hello bob, this is live').waitFor();
    expect(await composer.inputValue()).to.equal('');
    const posts = await admin.getPosts(channel.id);
    expect(Object.values(posts.posts).map((p) => p.message)).to.include('hello bob, this is live');
  });

  it('starts a direct message from the people search and gets the answer live', async function () {
    this.timeout(30_000);
    await bobPage.getByRole('button', { name: 'New direct message' }).click();
    await bobPage.getByLabel('Find people by username or name').fill(alice.user.username);
    await bobPage.getByRole('button', { name: `Message @${alice.user.username}` }).click();
    await bobPage.waitForURL(`**/${team.name}/messages/@${alice.user.username}`);
    await bobPage.getByLabel(`Write to ${alice.user.username}`).fill('psst, alice');
    await bobPage.getByLabel(`Write to ${alice.user.username}`).press('Enter');

    const fromBob = sidebarLink(alicePage, bob.user.username);
    await fromBob.waitFor();
    await fromBob.click();
    await log(alicePage, bob.user.username).getByText('psst, alice').waitFor();
    await alicePage.getByLabel(`Write to ${bob.user.username}`).fill('hi bob, got it');
    await alicePage.getByLabel(`Write to ${bob.user.username}`).press('Enter');
    await log(bobPage, alice.user.username).getByText('hi bob, got it').waitFor();
  });

  it('marks a channel with a mention unread and badged in the sidebar until it is opened', async function () {
    this.timeout(30_000);
    await alicePage.goto(`/${team.name}/channels/town-square`);
    await log(alicePage, 'Town Square').waitFor();
    await admin.createPost({ channel_id: channel.id, message: `@${alice.user.username} please look at this` });

    const link = sidebarLink(alicePage, channel.display_name);
    await link.and(alicePage.getByRole('link', { name: /1 mention, unread/ })).waitFor();
    const item = alicePage.locator('li.channel-link').filter({ has: alicePage.getByRole('link', { name: new RegExp(`^${channel.display_name}\\b`) }) });
    expect(await item.getAttribute('class')).to.include('unread');
    expect(await item.locator('.mention-badge').textContent()).to.equal('1');
    expect(await link.evaluate((a) => getComputedStyle(a).fontWeight)).to.equal('700');
    // Off-Topic, never opened, is unread too (the join messages): the title counts every unread channel.
    const unreadBefore = await alicePage.locator('li.channel-link.unread').count();
    expect(unreadBefore).to.be.greaterThan(0);
    expect(await alicePage.title()).to.equal(`(${unreadBefore}) Town Square - ${team.display_name}`);
    await alicePage.getByRole('navigation', { name: 'Teams' }).getByRole('link', { name: /1 mention/ }).waitFor();

    await link.click();
    await log(alicePage, channel.display_name).getByText('please look at this').waitFor();
    await sidebarLink(alicePage, channel.display_name).and(alicePage.getByRole('link', { name: channel.display_name, exact: true })).waitFor();
    expect(await item.getAttribute('class')).not.to.include('unread');
    expect(await item.locator('.mention-badge').count()).to.equal(0);
    const member = await alice.client.getChannelMember(channel.id, alice.user.id);
    expect(member.mention_count).to.equal(0);
    expect(await alicePage.title()).to.equal(`${unreadBefore > 1 ? `(${unreadBefore - 1}) ` : ''}${channel.display_name} - ${team.display_name}`);
  });

  it('edits my last post with ↑ in the empty composer, and the other sees it edited live', async function () {
    this.timeout(30_000);
    const path = `/${team.name}/channels/${channel.name}`;
    await Promise.all([alicePage.goto(path), bobPage.goto(path)]);
    await alicePage.getByLabel(`Write to ${channel.display_name}`).fill('a typo hree');
    await alicePage.getByLabel(`Write to ${channel.display_name}`).press('Enter');
    await log(bobPage, channel.display_name).getByText('a typo hree').waitFor();
    await alicePage.getByLabel(`Write to ${channel.display_name}`).press('ArrowUp');
    const editor = alicePage.getByLabel('Edit your message');
    expect(await editor.inputValue()).to.equal('a typo hree');
    await editor.fill('a typo here, fixed');
    await editor.press('Enter');
    const edited = log(bobPage, channel.display_name).locator('li.post', { hasText: 'a typo here, fixed' });
    await edited.getByText('(edited)').waitFor();
    expect(await log(bobPage, channel.display_name).getByText('a typo hree').count()).to.equal(0);
  });

  it('loads older pages of posts when scrolled back to the top', async function () {
    this.timeout(30_000);
    const long = await createChannelWith(admin, team, [alice.user.id]);
    for (let i = 0; i < 70; i++) await admin.createPost({ channel_id: long.id, message: `numbered post ${i}` });
    await alicePage.goto(`/${team.name}/channels/${long.name}`);
    const messages = log(alicePage, long.display_name);
    await messages.getByText('numbered post 69', { exact: true }).waitFor();
    expect(await messages.getByText('numbered post 0', { exact: true }).count()).to.equal(0);
    await alicePage.locator('.post-scroll').evaluate((scroller) => {
      scroller.scrollTop = 0;
    });
    await messages.getByText('numbered post 0', { exact: true }).waitFor();
    await alicePage.getByText(`This is the beginning of ${long.display_name}.`).waitFor();
  });

  it('creates a channel that the other person finds in Browse channels and joins, and switches channels with Ctrl+K', async function () {
    this.timeout(30_000);
    const displayName = `Planning ${uniqueName('p')}`;
    await alicePage.getByRole('button', { name: 'Create channel' }).click();
    await alicePage.getByLabel('Name', { exact: true }).fill(displayName);
    await alicePage.getByRole('dialog').getByRole('button', { name: 'Create channel' }).click();
    await log(alicePage, displayName).waitFor();
    const created = await admin.getChannelByName(team.id, new URL(alicePage.url()).pathname.split('/').pop()!);
    expect(created.display_name).to.equal(displayName);

    await bobPage.getByRole('button', { name: 'Browse channels' }).click();
    await bobPage.getByRole('button', { name: `Join ${displayName}` }).click();
    await log(bobPage, displayName).waitFor();
    expect((await admin.getChannelMember(created.id, bob.user.id)).user_id).to.equal(bob.user.id);

    await bobPage.keyboard.press('Control+k');
    await bobPage.getByRole('combobox', { name: 'Channel or person' }).fill('town');
    await bobPage.keyboard.press('Enter');
    await bobPage.waitForURL(`**/${team.name}/channels/town-square`);
    await log(bobPage, 'Town Square').waitFor();
  });

  it('shows a team I am added to live, with its unread mark, and switches to it from the team sidebar', async function () {
    this.timeout(30_000);
    await alicePage.goto(`/${team.name}/channels/town-square`);
    await log(alicePage, 'Town Square').waitFor();
    const second = await createTeamWith(admin, [alice.user.id]);
    const teams = alicePage.getByRole('navigation', { name: 'Teams' });
    const link = teams.getByRole('link', { name: new RegExp(`^${second.display_name} \\(.*unread`) });
    await link.waitFor();
    expect(await teams.getByRole('link', { name: new RegExp(`^${team.display_name}`) }).getAttribute('aria-current')).to.equal('page');
    await link.click();
    await alicePage.waitForURL(`**/${second.name}/channels/town-square`);
    await alicePage.getByRole('navigation', { name: `${second.display_name} channels` }).waitFor();
    expect(await teams.getByRole('link', { name: new RegExp(`^${second.display_name}`) }).getAttribute('aria-current')).to.equal('page');
  });

  it('offers a person in no team the teams open to join, then opens the joined team', async function () {
    this.timeout(30_000);
    const carol = await createUser(ts, admin);
    const name = uniqueName('open');
    const open = await admin.createTeam({ name, display_name: `Open ${name}`, type: 'O', allow_open_invite: true } as Team);
    const page = await signedInPage(carol, 1, 'Join a team');
    await page.getByRole('button', { name: `Join ${open.display_name}` }).click();
    await page.waitForURL(`**/${open.name}/channels/town-square`);
    await log(page, 'Town Square').waitFor();
    expect((await admin.getTeamMember(open.id, carol.user.id)).user_id).to.equal(carol.user.id);
    await page.context().close();
  });

  it('fetches what was posted while the socket was down once it reconnects, and is live again', async function () {
    this.timeout(30_000);
    await alicePage.goto(`/${team.name}/channels/${channel.name}`);
    await log(alicePage, channel.display_name).waitFor();
    await alicePage.evaluate(() => (window as unknown as { __dropSockets(): void }).__dropSockets());
    await alicePage.getByText('Reconnecting…').waitFor();
    await admin.createPost({ channel_id: channel.id, message: 'said while you were away' });
    await alicePage.waitForTimeout(500);
    expect(await log(alicePage, channel.display_name).getByText('said while you were away').count()).to.equal(0);

    await alicePage.evaluate(() => {
      const controls = window as unknown as { __blockSockets: boolean; __forgetConnection: boolean };
      controls.__forgetConnection = true;
      controls.__blockSockets = false;
    });
    await log(alicePage, channel.display_name).getByText('said while you were away').waitFor({ timeout: 20_000 });
    await alicePage.getByText('Reconnecting…').waitFor({ state: 'detached' });
    await bobPage.goto(`/${team.name}/channels/${channel.name}`);
    await log(bobPage, channel.display_name).waitFor();
    await bobPage.getByLabel(`Write to ${channel.display_name}`).fill('and live again');
    await bobPage.getByLabel(`Write to ${channel.display_name}`).press('Enter');
    await log(alicePage, channel.display_name).getByText('and live again').waitFor();
  });

  it('opens a permalink /<team>/pl/<post_id> with that post highlighted', async () => {
    const earlier = await admin.createPost({ channel_id: channel.id, message: 'the post to link to' });
    await admin.createPost({ channel_id: channel.id, message: 'a later post' });
    await alicePage.goto(`/${team.name}/pl/${earlier.id}`);
    const highlighted = alicePage.locator(`[data-post-id="${earlier.id}"]`);
    await highlighted.waitFor();
    expect(await highlighted.getAttribute('aria-current')).to.equal('true');
    expect(await highlighted.getAttribute('class')).to.include('highlighted');
    expect(await alicePage.locator('.post.highlighted').count()).to.equal(1);
  });

  it('shows markup in a message as text and runs none of it', async () => {
    const attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold?</b>';
    await admin.createPost({ channel_id: channel.id, message: attack });
    await alicePage.goto(`/${team.name}/channels/${channel.name}`);
    const shown = log(alicePage, channel.display_name).getByText(attack, { exact: true });
    await shown.waitFor();
    expect(await log(alicePage, channel.display_name).locator('img, script, b').count()).to.equal(0);
    expect(await alicePage.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
  });

  it('signs out from the user menu', async () => {
    await bobPage.getByRole('button', { name: new RegExp(`@${bob.user.username}`) }).click();
    await bobPage.getByRole('button', { name: 'Sign out' }).click();
    await bobPage.getByRole('heading', { level: 1, name: 'Sign in to Parley' }).waitFor();
    expect((await bobPage.context().cookies()).map((c) => c.name)).not.to.include('MMAUTHTOKEN');
  });

  it('raised no script error in either page through all of the above', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
