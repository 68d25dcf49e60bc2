// Threads in the web client (Debian's chromium): a reply written in the thread panel reaches the other
// person live (the reply count on the root, the reply in their open thread); with collapsed threads on
// the channel shows root posts only; the Threads page lists a followed thread as unread until it is
// opened; and with collapsed threads off replies stay in the channel, marked as replies.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { openThreadFromMenu, signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';


describe('chat threads (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  let root: Post;
  const pageErrors: string[] = [];

  const signedInPage = (who: LoggedIn) => signedInChatPage(browser, ts, who, pageErrors);

  const channelPath = () => `/${team.name}/channels/${channel.name}`;
  const log = (page: Page) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const threadPanel = (page: Page) => page.getByRole('complementary', { name: 'Thread' });
  const postItem = (page: Page, text: string) => log(page).getByRole('listitem').filter({ hasText: text });
  const sidebar = (page: Page) => page.getByRole('navigation', { name: `${team.display_name} channels` });

  /** Opens a post's thread through its "Message actions" menu, as a person would. */
  async function replyTo(page: Page, text: string): Promise<void> {
    await openThreadFromMenu(page, postItem(page, text), text);
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    root = await bob.client.createPost({ channel_id: channel.id, message: 'where shall we meet?' } as Post);
    browser = await launchBrowser();
    [alicePage, bobPage] = await Promise.all([signedInPage(alice), signedInPage(bob)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the pages').to.deep.equal([]);
  });

  it('sends a reply from the thread panel that the other person sees live, counted on the root and in their open thread', async function () {
    this.timeout(40_000);
    await Promise.all([alicePage.goto(channelPath()), bobPage.goto(channelPath())]);
    await Promise.all([postItem(alicePage, root.message).waitFor(), postItem(bobPage, root.message).waitFor()]);
    await replyTo(bobPage, root.message);
    await replyTo(alicePage, root.message);

    const box = threadPanel(alicePage).getByLabel('Reply to the thread');
    expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('aria-describedby') ?? '')).to.match(/-help$/);
    await box.fill('at the **station**');
    await box.press('Shift+Enter');
    expect(await box.inputValue()).to.equal('at the **station**\n');
    await box.press('Enter');

    // Markdown as in the channel; the reply reaches Bob's open thread and the root's count, live.
    await threadPanel(alicePage).locator('strong', { hasText: 'station' }).waitFor();
    await threadPanel(bobPage).locator('strong', { hasText: 'station' }).waitFor();
    const summary = postItem(bobPage, root.message).getByRole('button', { name: new RegExp(`^1 reply from .*${alice.user.username}`) });
    await summary.waitFor();
    expect(await postItem(bobPage, root.message).textContent()).to.contain(alice.user.username);
    const stored = await admin.getPostThread(root.id);
    const reply = Object.values(stored.posts).find((p) => p.id !== root.id);
    expect(reply?.root_id).to.equal(root.id);
    expect(reply?.message).to.equal('at the **station**');
    expect(await box.inputValue()).to.equal('');
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
  });

  it('keeps replies out of the channel list with collapsed threads on, live and after a reload', async function () {
    this.timeout(30_000);
    expect(await log(alicePage).getByText('station').count()).to.equal(0);
    expect(await log(bobPage).getByText('station').count()).to.equal(0);
    await alicePage.reload();
    await postItem(alicePage, root.message).getByRole('button', { name: /^1 reply/ }).waitFor();
    expect(await log(alicePage).getByText('station').count()).to.equal(0);
    // The summary opens the thread.
    await postItem(alicePage, root.message).getByRole('button', { name: /^1 reply/ }).click();
    await threadPanel(alicePage).locator('strong', { hasText: 'station' }).waitFor();
  });

  it('lists a followed thread as unread on the Threads page, with its mentions, until it is opened', async function () {
    this.timeout(40_000);
    await threadPanel(bobPage).getByRole('button', { name: 'Close the thread' }).click();
    await threadPanel(bobPage).waitFor({ state: 'detached' });
    // Escape in the panel closes it too.
    await replyTo(bobPage, root.message);
    await threadPanel(bobPage).getByLabel('Reply to the thread').press('Escape');
    await threadPanel(bobPage).waitFor({ state: 'detached' });
    await alice.client.createPost({ channel_id: channel.id, root_id: root.id, message: `@${bob.user.username} or at the café` } as Post);

    const link = sidebar(bobPage).getByRole('link', { name: /^Threads\b/ });
    await sidebar(bobPage).getByRole('link', { name: 'Threads (1 mention, unread)' }).waitFor();
    await link.click();
    await bobPage.waitForURL(`**/${team.name}/threads`);
    await bobPage.getByRole('heading', { level: 1, name: 'Followed threads' }).waitFor();
    const list = bobPage.getByRole('list', { name: 'Followed threads' });
    const named = (rest: string) => list.getByRole('button', { name: new RegExp(`^Thread by ${bob.user.username} in ${channel.display_name} ?: where shall we meet\\? 2 replies · .*${alice.user.username}${rest}$`) });
    const item = named(' \\(1 mention, unread\\)');
    await item.waitFor();
    await item.click();
    // The Threads page opens the thread beside its list (Mattermost's global threads), at its own address.
    await bobPage.waitForURL(`**/${team.name}/threads/${root.id}`);
    await bobPage.getByRole('region', { name: 'Thread', exact: true }).getByText('or at the café').waitFor();
    await named('').waitFor();
    await sidebar(bobPage).getByRole('link', { name: 'Threads', exact: true }).waitFor();
    const thread = await bob.client.getUserThread(bob.user.id, team.id, root.id);
    expect(thread.unread_replies).to.equal(0);
    expect(thread.unread_mentions).to.equal(0);
    expect(await seriousViolations(bobPage)).to.deep.equal([]);
  });

  it('shows replies in the channel, marked as replies, with collapsed threads off', async function () {
    this.timeout(30_000);
    await admin.patchConfig({ ServiceSettings: { CollapsedThreads: 'default_off' } } as never);
    try {
      await alicePage.goto(channelPath());
      const reply = postItem(alicePage, 'or at the café');
      await reply.waitFor();
      await reply.getByRole('button', { name: `Replied to a thread by ${bob.user.username}` }).click();
      await threadPanel(alicePage).getByText(root.message).waitFor();
      expect(await sidebar(alicePage).getByRole('link', { name: /^Threads\b/ }).count()).to.equal(0);
      expect(await postItem(alicePage, root.message).getByRole('button', { name: /repl/ }).count()).to.equal(0);
    } finally {
      await admin.patchConfig({ ServiceSettings: { CollapsedThreads: 'always_on' } } as never);
    }
  });
});
