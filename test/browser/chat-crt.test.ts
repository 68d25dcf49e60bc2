// Unread counts with collapsed reply threads, and the Threads page, in Debian's chromium: a reply in a
// followed thread leaves its channel read and makes the Threads item unread, a root post makes the
// channel unread, a mention in a reply counts as a thread mention (in the Threads item and the team's
// badge), and with collapsed threads off a reply makes the channel unread. The Threads page lists the
// threads beside the open one, pages past 25, filters the unread ones, follows and unfollows, reads a
// thread when it opens and every thread with "Mark all as read".
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
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

describe('chat unread counts with collapsed threads, and the Threads page (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let otherTeam: Team;
  let talk: Channel;
  let quiet: Channel;
  let elsewhere: Channel;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const sidebar = () => page.getByRole('navigation', { name: `${team.display_name} channels` });
  const channelLink = (channel: Channel) => sidebar().getByRole('link', { name: new RegExp(`^${channel.display_name}\\b`) });
  const threadsLink = (name: string) => sidebar().getByRole('link', { name, exact: true });
  const teamButton = (which: Team, name: string) => page.getByRole('navigation', { name: 'Teams' }).getByRole('link', { name: `${which.display_name}${name}`, exact: true });
  const post = (who: LoggedIn, channel: Channel, message: string, rootId = '') => who.client.createPost({ channel_id: channel.id, message, root_id: rootId } as Post);
  const threadList = () => page.getByRole('tabpanel').getByRole('list');
  const threadPane = () => page.getByRole('region', { name: 'Thread', exact: true });
  /** Whether alice follows the thread, as the server's list of her followed threads says. */
  const follows = async (threadId: string) => (await alice.client.getUserThreads(alice.user.id, team.id, { perPage: 200 })).threads.some((t) => t.id === threadId);

  /** How many unread channels the tab title counts. */
  const titleCount = async () => Number((await page.title()).match(/^\((\d+)\)/)?.[1] ?? 0);
  /** A thread alice started (and so follows, read) in `channel`. */
  const aliceThread = (channel: Channel, message: string) => post(alice, channel, message);

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    otherTeam = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    talk = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    quiet = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    elsewhere = await createChannelWith(admin, otherTeam, [alice.user.id, bob.user.id]);
    for (const channel of [talk, quiet, elsewhere]) await alice.client.viewMyChannel(channel.id);
    browser = await launchBrowser();
    page = await signedInChatPage(browser, ts, alice, pageErrors);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  it('keeps the channel read and makes the Threads item unread when a reply arrives in a followed thread', async function () {
    this.timeout(30_000);
    const root = await aliceThread(talk, 'a thread alice follows');
    await page.goto(`/${team.name}/channels/${quiet.name}`);
    await threadsLink('Threads').waitFor();
    await channelLink(talk).and(page.getByRole('link', { name: talk.display_name, exact: true })).waitFor();
    const before = await titleCount();

    await post(bob, talk, 'a reply alice has not read', root.id);
    await threadsLink('Threads (unread)').waitFor();
    expect(await channelLink(talk).getAttribute('aria-label')).to.equal(talk.display_name);
    expect(await titleCount()).to.equal(before);
  });

  it('makes the channel unread with a root post', async function () {
    this.timeout(30_000);
    const before = await titleCount();
    await post(bob, talk, 'a new root post');
    await sidebar().getByRole('link', { name: `${talk.display_name} (unread)`, exact: true }).waitFor();
    expect(await titleCount()).to.equal(before + 1);
  });

  it('shows a channel marked unread on another device (post_unread), and read again once viewed there', async function () {
    this.timeout(30_000);
    await alice.client.viewMyChannel(quiet.id);
    const read = await post(bob, quiet, 'marked unread elsewhere');
    await alice.client.viewMyChannel(quiet.id);
    await sidebar().getByRole('link', { name: quiet.display_name, exact: true }).waitFor();
    await alice.client.markPostAsUnread(alice.user.id, read.id);
    await sidebar().getByRole('link', { name: `${quiet.display_name} (unread)`, exact: true }).waitFor();
    await alice.client.viewMyChannel(quiet.id);
    await sidebar().getByRole('link', { name: quiet.display_name, exact: true }).waitFor();
  });

  it("counts a mention in a reply as a thread mention, in the Threads item and the team's badge, not the channel's", async function () {
    this.timeout(30_000);
    const root = await aliceThread(talk, 'mention me in here');
    await post(bob, talk, `@${alice.user.username} have a look`, root.id);
    await threadsLink('Threads (1 mention, unread)').waitFor();
    // Alice's own root post read the channel; the reply mentioning her leaves it so.
    expect(await channelLink(talk).getAttribute('aria-label')).to.equal(talk.display_name);

    const away = await aliceThread(elsewhere, 'a thread in the other team');
    await post(bob, elsewhere, `@${alice.user.username} over here`, away.id);
    await teamButton(otherTeam, ' (1 mention, unread)').waitFor();
    // After a reload the counts come from the server: the same.
    await page.reload();
    await threadsLink('Threads (1 mention, unread)').waitFor();
    await teamButton(otherTeam, ' (1 mention, unread)').waitFor();
    const unreads = await alice.client.getMyTeamUnreads(true);
    expect(unreads.find((u) => u.team_id === otherTeam.id)).to.include({ thread_count: 1, thread_mention_count: 1, mention_count_root: 0 });
  });

  it('opens a thread beside the list, reads it, and unfollows and follows it again', async function () {
    this.timeout(40_000);
    await threadsLink('Threads (1 mention, unread)').click();
    await page.waitForURL(`**/${team.name}/threads`);
    await page.getByText('Catch up on your threads', { exact: false }).waitFor();
    const item = threadList().getByRole('button', { name: /^Thread by .*mention me in here.*\(1 mention, unread\)$/ });
    await item.click();
    const root = Object.values(page.url().match(/threads\/([a-z0-9]{26})$/) ?? []).at(1);
    expect(root, 'the thread id in the address').to.be.a('string');
    await threadPane().getByText('have a look').waitFor();
    await threadsLink('Threads (unread)').waitFor();
    // Read now: the same item, named without its unread state, is the one open.
    expect(await threadList().getByRole('button', { name: /mention me in here[^(]*$/ }).getAttribute('aria-current')).to.equal('true');
    expect(await alice.client.getUserThread(alice.user.id, team.id, root as string)).to.include({ unread_replies: 0, unread_mentions: 0 });

    const following = threadPane().getByRole('button', { name: 'Following' });
    expect(await following.getAttribute('aria-pressed')).to.equal('true');
    await following.click();
    await threadPane().getByRole('button', { name: 'Follow', exact: true }).waitFor();
    expect(await follows(root as string)).to.equal(false);
    // Still listed while the page shows it, with Follow beside it.
    const row = threadList().getByRole('listitem').filter({ hasText: 'mention me in here' });
    await row.getByRole('button', { name: 'Follow', exact: true }).click();
    await threadPane().getByRole('button', { name: 'Following' }).waitFor();
    expect(await follows(root as string)).to.equal(true);

    // A reload opens the same thread from the address.
    await page.reload();
    await threadPane().getByText('have a look').waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('filters the unread threads with the keyboard and marks every thread read', async function () {
    this.timeout(40_000);
    const threadLists: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (/\/api\/v4\/users\/[^/]+\/teams\/[^/]+\/threads(\?|$)/.test(request.url())) threadLists.push(request.url());
    };
    page.on('request', onRequest);
    await page.goto(`/${team.name}/threads`);
    const followedTab = page.getByRole('tab', { name: 'Followed' });
    await followedTab.waitFor();
    await threadList().getByRole('listitem').first().waitFor();
    page.off('request', onRequest);
    // One request loads the page's threads and the Threads item's totals together.
    expect(threadLists, 'requests for the followed threads').to.have.length(1);
    expect(await followedTab.getAttribute('aria-selected')).to.equal('true');
    await followedTab.focus();
    await page.keyboard.press('ArrowRight');
    const unreadsTab = page.getByRole('tab', { name: 'Unreads' });
    expect(await unreadsTab.getAttribute('aria-selected')).to.equal('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Unreads');
    // Only the first thread (a reply alice has not read) is unread now.
    await threadList().getByRole('button', { name: /a thread alice follows/ }).waitFor();
    expect(await threadList().getByRole('button', { name: /mention me in here/ }).count()).to.equal(0);

    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await threadsLink('Threads').waitFor();
    await threadList().getByRole('button', { name: /^Thread by .*a thread alice follows.*\d repl(y|ies)[^(]*$/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark all as read' }).isDisabled()).to.equal(true);
    const totals = await alice.client.getUserThreads(alice.user.id, team.id, { totalsOnly: true });
    expect(totals.total_unread_threads).to.equal(0);
  });

  it('pages past the first 25 threads with "Load more threads"', async function () {
    this.timeout(60_000);
    for (let i = 0; i < 26; i++) {
      const root = await aliceThread(quiet, `paged thread ${i}`);
      await post(bob, quiet, `reply ${i}`, root.id);
    }
    await page.goto(`/${team.name}/threads`);
    const items = threadList().getByRole('listitem');
    await page.getByRole('button', { name: 'Load more threads' }).waitFor();
    expect(await items.count()).to.equal(25);
    await page.getByRole('button', { name: 'Load more threads' }).click();
    await threadList().getByRole('button', { name: /a thread alice follows/ }).waitFor();
    // 26 paged threads and the three of the earlier tests (one in the other team is not listed here).
    expect(await items.count()).to.equal(28);
    await page.getByRole('button', { name: 'Load more threads' }).waitFor({ state: 'detached' });
  });

  it('makes the channel unread with a reply when collapsed threads are off', async function () {
    this.timeout(40_000);
    await admin.patchConfig({ ServiceSettings: { CollapsedThreads: 'default_off' } } as never);
    try {
      await alice.client.viewMyChannel(talk.id);
      const root = await aliceThread(talk, 'threads are not collapsed');
      await page.goto(`/${team.name}/channels/${quiet.name}`);
      await channelLink(talk).and(page.getByRole('link', { name: talk.display_name, exact: true })).waitFor();
      expect(await sidebar().getByRole('link', { name: /^Threads\b/ }).count()).to.equal(0);
      await post(bob, talk, `@${alice.user.username} a reply in the channel`, root.id);
      await sidebar().getByRole('link', { name: `${talk.display_name} (1 mention, unread)`, exact: true }).waitFor();
    } finally {
      await admin.patchConfig({ ServiceSettings: { CollapsedThreads: 'always_on' } } as never);
    }
  });
});
