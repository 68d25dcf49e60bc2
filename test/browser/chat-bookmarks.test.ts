// Channel bookmarks in the web client (Debian's chromium), two people in two browser contexts: a link
// bookmark added through the bar shows in the other person's bar live; edited, moved with the
// keyboard and deleted through a bookmark's menu, each change reaching the other bar too; a guest, who
// may not add bookmarks, sees no bar until there is a bookmark, and then no way to change it.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

describe('chat bookmarks (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let guest: LoggedIn;
  let team: Team;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  const bar = (page: Page) => page.getByRole('navigation', { name: 'Channel bookmarks' });
  const titles = async (page: Page) => bar(page).getByRole('listitem').locator('.bookmark-link').allTextContents();

  /** A channel of its own for a test, with alice and bob in it and both looking at it. */
  async function openChannel(): Promise<Channel> {
    const channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    const path = `/${team.name}/channels/${channel.name}`;
    await Promise.all([alicePage.goto(path), bobPage.goto(path)]);
    await Promise.all([bar(alicePage).getByRole('button', { name: '+ Add a bookmark' }).waitFor(), bar(bobPage).waitFor()]);
    return channel;
  }

  async function addLink(page: Page, url: string, title: string, emoji = ''): Promise<void> {
    await bar(page).getByRole('button', { name: '+ Add a bookmark' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a bookmark' });
    await dialog.getByLabel('Link').fill(url);
    await dialog.getByLabel('Title').fill(title);
    if (emoji) await dialog.getByLabel('Emoji (optional)').fill(emoji);
    await dialog.getByRole('button', { name: 'Add bookmark' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = (await createAdmin(ts)).client;
    [alice, bob, guest] = [await createUser(ts, admin), await createUser(ts, admin), await createUser(ts, admin)];
    team = await createTeamWith(admin, [alice.user.id, bob.user.id, guest.user.id]);
    await admin.demoteUserToGuest(guest.user.id);
    browser = await launchBrowser();
    [alicePage, bobPage] = await Promise.all([signedInChatPage(browser, ts, alice, pageErrors), signedInChatPage(browser, ts, bob, pageErrors)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the pages').to.deep.equal([]);
  });

  it("adds a link bookmark that shows in another member's bar live, with its emoji, opening in a new tab", async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    await addLink(alicePage, 'https://docs.example.com/handbook', 'Handbook', ':rocket:');
    const link = bar(bobPage).getByRole('link', { name: 'Handbook' });
    await link.waitFor();
    expect(await link.getAttribute('href')).to.equal('https://docs.example.com/handbook');
    expect(await link.getAttribute('target')).to.equal('_blank');
    expect(await link.innerText()).to.contain('🚀');
    const [stored] = await bob.client.getChannelBookmarks(channel.id);
    expect(stored).to.include({ type: 'link', display_name: 'Handbook', link_url: 'https://docs.example.com/handbook', emoji: 'rocket', owner_id: alice.user.id });
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
  });

  it('keeps the dialog open and saves nothing for a link that is not http(s) or mailto', async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    await bar(alicePage).getByRole('button', { name: '+ Add a bookmark' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Add a bookmark' });
    await dialog.getByLabel('Link').fill('javascript:alert(1)');
    await dialog.getByLabel('Title').fill('Sneaky');
    await dialog.getByRole('button', { name: 'Add bookmark' }).click();
    // The browser's own URL check or ours: either way nothing is saved and the dialog stays.
    await alicePage.waitForFunction(() => document.querySelector('dialog[open]') !== null);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await alice.client.getChannelBookmarks(channel.id)).to.deep.equal([]);
  });

  it("edits, moves with the keyboard and deletes bookmarks through their menus, each change in the other member's bar", async function () {
    this.timeout(60_000);
    const channel = await openChannel();
    await addLink(alicePage, 'https://one.example.com/', 'One');
    await addLink(alicePage, 'https://two.example.com/', 'Two');
    await bar(bobPage).getByRole('link', { name: 'Two' }).waitFor();
    expect(await titles(bobPage)).to.deep.equal(['🔗One', '🔗Two']);

    // Edit "One" into "First".
    await bar(alicePage).getByRole('button', { name: 'Bookmark options for One' }).click();
    await alicePage.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Edit bookmark' });
    await dialog.getByLabel('Title').fill('First');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await bar(bobPage).getByRole('link', { name: 'First' }).waitFor();

    // Move "First" right with the keyboard only: open its menu with Enter, ↓ to "Move right", Enter.
    await bar(alicePage).getByRole('button', { name: 'Bookmark options for First' }).focus();
    await alicePage.keyboard.press('Enter');
    const menu = alicePage.getByRole('menu', { name: 'Options for First' });
    await menu.getByRole('menuitem', { name: 'Edit' }).waitFor();
    await alicePage.keyboard.press('ArrowDown');
    expect(await menu.getByRole('menuitem', { name: 'Move right' }).evaluate((el) => el === document.activeElement)).to.equal(true);
    await alicePage.keyboard.press('Enter');
    await bobPage.waitForFunction(() => Array.from(document.querySelectorAll('nav[aria-label="Channel bookmarks"] .bookmark-link')).map((a) => a.textContent).join('|') === '🔗Two|🔗First');
    expect((await alice.client.getChannelBookmarks(channel.id)).map((b) => b.display_name)).to.deep.equal(['Two', 'First']);

    // Delete "Two".
    alicePage.once('dialog', (confirm) => void confirm.accept());
    await bar(alicePage).getByRole('button', { name: 'Bookmark options for Two' }).click();
    await alicePage.getByRole('menuitem', { name: 'Delete' }).click();
    await bar(bobPage).getByRole('link', { name: 'Two' }).waitFor({ state: 'detached' });
    expect(await titles(bobPage)).to.deep.equal(['🔗First']);
  });

  it('shows a guest no bar in a channel without bookmarks, and then the bookmarks without any way to change them', async function () {
    this.timeout(60_000);
    const channel = await openChannel();
    await admin.addToChannel(guest.user.id, channel.id);
    const guestPage = await signedInChatPage(browser, ts, guest, pageErrors);
    try {
      const listed = guestPage.waitForResponse((response) => response.url().includes(`/api/v4/channels/${channel.id}/bookmarks`));
      await guestPage.goto(`/${team.name}/channels/${channel.name}`);
      await listed;
      // The answer is rendered by the next frame.
      await guestPage.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await bar(guestPage).count()).to.equal(0);

      await addLink(alicePage, 'https://docs.example.com/guests', 'For guests');
      await bar(guestPage).getByRole('link', { name: 'For guests' }).waitFor();
      expect(await bar(guestPage).getByRole('button').count()).to.equal(0);
    } finally {
      await guestPage.context().close();
    }
  });
});
