// The channel sidebar on the server's sidebar categories, in Debian's chromium: a category made from
// "Move to… → New category…", a collapsed category that stays collapsed and still shows unread
// channels, favorites moving to Favorites, and the phone-width layout's drawer.
import { expect } from 'chai';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';


describe('chat sidebar categories and phone layout (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let team: Team;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const signedInPage = (who: LoggedIn, context: BrowserContextOptions = {}) =>
    signedInChatPage(browser, ts, who, pageErrors, { context, ready: (opened) => opened.getByRole('log', { name: 'Messages in Town Square' }) });

  /** A new channel of the team with alice in it, read by her (its join messages are not unread). */
  async function readChannel(): Promise<Channel> {
    const channel = await createChannelWith(admin, team, [alice.user.id]);
    await alice.client.viewMyChannel(channel.id);
    return channel;
  }

  const sidebar = (on: Page) => on.getByRole('navigation', { name: `${team.display_name} channels` });
  const category = (on: Page, name: string) => sidebar(on).getByRole('region', { name, exact: true });
  const channelLink = (within: ReturnType<typeof sidebar>, channel: Channel) => within.getByRole('link', { name: new RegExp(`^${channel.display_name}\\b`) });
  /** The server's answer to the page's next change of one category. */
  const savedCategory = (on: Page) => on.waitForResponse((r) => r.request().method() === 'PUT' && /\/channels\/categories\/[^/]+$/.test(new URL(r.url()).pathname) && r.ok());
  const openTownSquare = async (on: Page) => {
    await on.goto(`/${team.name}/channels/town-square`);
    await on.getByRole('log', { name: 'Messages in Town Square' }).waitFor();
  };

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id]);
    browser = await launchBrowser();
    page = await signedInPage(alice);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  it('keeps a channel in the custom category made for it from "Move to… → New category…" after a reload', async function () {
    this.timeout(30_000);
    const channel = await readChannel();
    await openTownSquare(page);
    await channelLink(category(page, 'Channels'), channel).waitFor();
    await sidebar(page).getByRole('button', { name: `Channel options for ${channel.display_name}` }).click();
    await page.getByRole('menuitem', { name: 'Move to…' }).click();
    await page.getByRole('menuitem', { name: 'New category…' }).click();
    await page.getByLabel('Category name').fill('Projects');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await channelLink(category(page, 'Projects'), channel).waitFor();

    await page.reload();
    await channelLink(category(page, 'Projects'), channel).waitFor();
    expect(await channelLink(category(page, 'Channels'), channel).count()).to.equal(0);
    const { categories } = await alice.client.getChannelCategories(alice.user.id, team.id);
    const projects = categories.find((c) => c.display_name === 'Projects');
    expect(projects?.type).to.equal('custom');
    expect(projects?.channel_ids).to.deep.equal([channel.id]);
  });

  it('keeps a collapsed category collapsed after a reload, still showing its unread channels', async function () {
    this.timeout(30_000);
    const [quiet, busy] = [await readChannel(), await readChannel()];
    await openTownSquare(page);
    const channels = category(page, 'Channels');
    await channelLink(channels, quiet).waitFor();
    const toggle = channels.getByRole('button', { name: 'Channels', exact: true });
    await Promise.all([savedCategory(page), toggle.click()]);
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    await channelLink(channels, quiet).waitFor({ state: 'detached' });
    await admin.createPost({ channel_id: busy.id, message: 'something new while collapsed' });
    await channelLink(channels, busy).and(page.getByRole('link', { name: /unread/ })).waitFor();

    await page.reload();
    await channelLink(channels, busy).and(page.getByRole('link', { name: /unread/ })).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(await channelLink(channels, quiet).count()).to.equal(0);
    const { categories } = await alice.client.getChannelCategories(alice.user.id, team.id);
    expect(categories.find((c) => c.type === 'channels')?.collapsed).to.equal(true);

    await Promise.all([savedCategory(page), toggle.click()]);
    await channelLink(channels, quiet).waitFor();
    const after = await alice.client.getChannelCategories(alice.user.id, team.id);
    expect(after.categories.find((c) => c.type === 'channels')?.collapsed).to.equal(false);
  });

  it('moves a channel to Favorites when it is made a favorite from its menu, and back when it is not', async function () {
    this.timeout(30_000);
    const channel = await readChannel();
    await openTownSquare(page);
    await channelLink(category(page, 'Channels'), channel).waitFor();
    expect(await category(page, 'Favorites').count()).to.equal(0);

    const options = sidebar(page).getByRole('button', { name: `Channel options for ${channel.display_name}` });
    await options.focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Favorite');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Move to…');
    await page.keyboard.press('Escape');
    expect(await options.evaluate((element) => element === document.activeElement)).to.equal(true);
    await options.click();
    await page.getByRole('menuitem', { name: 'Favorite', exact: true }).click();
    await channelLink(category(page, 'Favorites'), channel).waitFor();
    expect(await channelLink(category(page, 'Channels'), channel).count()).to.equal(0);
    const preferences = await alice.client.getMyPreferences();
    expect((preferences as unknown as Array<{ category: string; name: string; value: string }>).some((p) => p.category === 'favorite_channel' && p.name === channel.id && p.value === 'true')).to.equal(true);

    await sidebar(page).getByRole('button', { name: `Channel options for ${channel.display_name}` }).click();
    await page.getByRole('menuitem', { name: 'Unfavorite' }).click();
    await channelLink(category(page, 'Channels'), channel).waitFor();
    await category(page, 'Favorites').waitFor({ state: 'detached' });
  });

  it('shows a category made in another session live, moves a channel into it, renames it and deletes it from its menu', async function () {
    this.timeout(30_000);
    const channel = await readChannel();
    await openTownSquare(page);
    await channelLink(category(page, 'Channels'), channel).waitFor();
    await alice.client.createChannelCategory(alice.user.id, team.id, { user_id: alice.user.id, team_id: team.id, display_name: 'Reading', channel_ids: [] });
    await category(page, 'Reading').waitFor();

    await sidebar(page).getByRole('button', { name: `Channel options for ${channel.display_name}` }).click();
    await page.getByRole('menuitem', { name: 'Move to…' }).click();
    // Any category but its own, Direct Messages only for direct messages.
    const targets = await page.getByRole('menu', { name: 'Move to' }).getByRole('menuitem').allTextContents();
    expect(targets).to.include.members(['Favorites', 'Reading', 'New category…']);
    expect(targets).to.not.include.members(['Channels']);
    expect(targets).to.not.include.members(['Direct Messages']);
    await page.getByRole('menuitem', { name: 'Reading' }).click();
    await channelLink(category(page, 'Reading'), channel).waitFor();

    // Default categories have no menu: they cannot be renamed or deleted.
    expect(await sidebar(page).getByRole('button', { name: 'Category options for Channels' }).count()).to.equal(0);
    await sidebar(page).getByRole('button', { name: 'Category options for Reading' }).click();
    await page.getByRole('menuitem', { name: 'Rename category' }).click();
    await page.getByLabel('Category name').fill('Later');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await channelLink(category(page, 'Later'), channel).waitFor();

    await sidebar(page).getByRole('button', { name: 'Category options for Later' }).click();
    await page.getByRole('menuitem', { name: 'Delete category' }).click();
    await page.getByRole('dialog', { name: 'Delete Later' }).getByRole('button', { name: 'Delete' }).click();
    await category(page, 'Later').waitFor({ state: 'detached' });
    await channelLink(category(page, 'Channels'), channel).waitFor();
    const { categories } = await alice.client.getChannelCategories(alice.user.id, team.id);
    expect(categories.map((c) => c.display_name)).to.not.include('Later');
  });

  it('folds the sidebars into a drawer at phone width that opens, closes and leaves no horizontal scroll', async function () {
    this.timeout(40_000);
    const channel = await readChannel();
    const phone = await signedInPage(alice, { viewport: { width: 375, height: 740 } });
    try {
      const menuButton = phone.getByRole('button', { name: 'Channels', exact: true });
      expect(await sidebar(phone).isVisible()).to.equal(false);
      expect(await menuButton.getAttribute('aria-expanded')).to.equal('false');

      await menuButton.click();
      const drawer = phone.getByRole('dialog', { name: 'Channels' });
      await drawer.waitFor();
      expect(await drawer.evaluate((element) => element.contains(document.activeElement))).to.equal(true);
      await phone.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      expect(await menuButton.evaluate((element) => element === document.activeElement)).to.equal(true);

      await menuButton.click();
      await channelLink(sidebar(phone), channel).click();
      await phone.waitForURL(`**/${team.name}/channels/${channel.name}`);
      await phone.getByRole('log', { name: `Messages in ${channel.display_name}` }).waitFor();
      await drawer.waitFor({ state: 'detached' });
      expect(await sidebar(phone).isVisible()).to.equal(false);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);
      expect(await seriousViolations(phone)).to.deep.equal([]);

      await menuButton.click();
      await drawer.waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);
      expect(await seriousViolations(phone)).to.deep.equal([]);
    } finally {
      await phone.context().close();
    }
  });
});
