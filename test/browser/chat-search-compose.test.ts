// The web client's search, message box suggestions, drafts and desktop notifications in Debian's
// chromium: a search with from: and its Jump to the post, @ and / suggestions picked with the
// keyboard, a draft that survives switching channels and shows in another session of the same
// person, and browser notifications for a direct message and an urgent post's repeated one.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';


/** Runs before the app: every `new Notification(...)` the page makes is kept in `__notifications`. */
const CAPTURE_NOTIFICATIONS = `(() => {
  window.__notifications = [];
  const Native = window.Notification;
  if (!Native) return;
  window.Notification = class extends Native {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options && options.body, ...(options && options.renotify ? { renotify: true } : {}) });
    }
  };
})();`;

describe('chat search, suggestions, drafts and notifications (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  /** A new browser context signed in as `who` (kept to be closed), optionally allowed notifications that the test captures. */
  async function signedInPage(who: LoggedIn, options: { notifications?: boolean } = {}): Promise<Page> {
    return signedInChatPage(browser, ts, who, pageErrors, {
      prepare: async (context) => {
        contexts.push(context);
        if (!options.notifications) return;
        await context.grantPermissions(['notifications'], { origin: ts.url });
        await context.addInitScript(CAPTURE_NOTIFICATIONS);
      },
    });
  }

  const log = (on: Page, label: string) => on.getByRole('log', { name: `Messages in ${label}` });
  const composer = (on: Page, label: string) => on.getByRole('combobox', { name: `Write to ${label}` });
  const openChannel = async (on: Page, name: string, label: string) => {
    await on.goto(`/${team.name}/channels/${name}`);
    await log(on, label).waitFor();
  };

  /** Waits until the server holds no draft of `who` in the team (an emptied box deletes it half a second later). */
  async function noDraftsLeft(who: LoggedIn): Promise<void> {
    for (let tries = 0; (await who.client.getUserDrafts(team.id)).length > 0; tries++) {
      if (tries > 50) throw new Error('the emptied message box left its draft on the server');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async function () {
    this.timeout(90_000);
    ts = await startTestServer({ prepackaged: true });
    await ts.pluginsStarted;
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    browser = await launchBrowser();
    page = await signedInPage(alice, { notifications: true });
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  it('finds only the named author\'s post with from:, marks the matched word, and Jump highlights it in its channel', async function () {
    this.timeout(30_000);
    const bobs = await bob.client.createPost({ channel_id: channel.id, message: 'the quarterly report is ready' } as never);
    await alice.client.createPost({ channel_id: channel.id, message: 'the quarterly numbers look fine' } as never);
    await openChannel(page, 'town-square', 'Town Square');

    await page.keyboard.press('Control+Shift+F');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('search-terms');
    await page.keyboard.type(`from:${bob.user.username} quarterly`);
    await page.keyboard.press('Enter');

    const results = page.getByRole('complementary', { name: 'Search results' });
    await results.getByRole('status').getByText('1 result').waitFor();
    const items = results.getByRole('list', { name: 'Results' }).getByRole('listitem');
    expect(await items.count()).to.equal(1);
    expect(await items.first().textContent()).to.contain('the quarterly report is ready').and.contain(bob.user.username).and.contain(channel.display_name);
    expect(await page.evaluate(() => (CSS.highlights as unknown as Map<string, Set<Range>>).get('search-match')?.size)).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);

    await items.first().getByRole('link', { name: /^Jump/ }).click();
    await page.waitForURL(`**/${team.name}/pl/${bobs.id}`);
    const highlighted = log(page, channel.display_name).locator('[aria-current="true"]');
    await highlighted.waitFor();
    expect(await highlighted.getAttribute('data-post-id')).to.equal(bobs.id);
  });

  it('searches a #hashtag clicked in a message', async function () {
    this.timeout(30_000);
    await bob.client.createPost({ channel_id: channel.id, message: 'shipping #release-day soon' } as never);
    await openChannel(page, channel.name, channel.display_name);
    await log(page, channel.display_name).getByRole('button', { name: '#release-day' }).click();
    const results = page.getByRole('complementary', { name: 'Search results' });
    await results.getByText('Results for').getByText('#release-day').waitFor();
    await results.getByRole('status').getByText('1 result').waitFor();
  });

  it('suggests people for @ and puts the one chosen with the keyboard into the message', async function () {
    this.timeout(30_000);
    await openChannel(page, channel.name, channel.display_name);
    const box = composer(page, channel.display_name);
    await box.click();
    await page.keyboard.type(`hello @${bob.user.username.slice(0, -1)}`);
    const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
    const option = suggestions.getByRole('option', { name: new RegExp(`@${bob.user.username}`) });
    await option.waitFor();
    // Answers to the shorter prefixes typed before may list others too: wait for the last one.
    await page.waitForFunction(() => document.querySelectorAll('[role="listbox"] [role="option"]').length === 1);
    expect(await box.getAttribute('aria-expanded')).to.equal('true');
    expect(await box.getAttribute('aria-activedescendant')).to.equal(await option.getAttribute('id'));
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).to.equal(`hello @${bob.user.username} `);
    expect(await box.getAttribute('aria-expanded')).to.equal('false');

    // Escape closes the list without touching the text.
    await page.keyboard.type('and ~town');
    await suggestions.getByRole('option', { name: /Town Square/ }).waitFor();
    await page.keyboard.press('Escape');
    expect(await box.getAttribute('aria-expanded')).to.equal('false');
    expect(await box.inputValue()).to.equal(`hello @${bob.user.username} and ~town`);

    // Emoji after two letters; ↓ moves to the next one and Tab takes it.
    await box.fill('');
    await page.keyboard.type('yes :thumbs');
    await suggestions.getByRole('option', { name: /:thumbsup:/ }).waitFor();
    const first = await box.getAttribute('aria-activedescendant');
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).to.not.equal(first);
    const second = (await page.locator(`[id="${await box.getAttribute('aria-activedescendant')}"]`).textContent()) ?? '';
    await page.keyboard.press('Tab');
    expect(await box.inputValue()).to.equal(`yes ${second.split(' ')[0]} `);
    await box.fill('');
    await noDraftsLeft(alice);
  });

  it('suggests a slash command with its description, and the picked command runs', async function () {
    this.timeout(30_000);
    await openChannel(page, channel.name, channel.display_name);
    const box = composer(page, channel.display_name);
    await box.click();
    await page.keyboard.type('/shr');
    const option = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /\/shrug/ });
    await option.waitFor();
    expect((await option.textContent())?.length).to.be.greaterThan('/shrug '.length);
    await page.keyboard.press('Tab');
    expect(await box.inputValue()).to.equal('/shrug ');
    await page.keyboard.type('no idea');
    await page.keyboard.press('Enter');
    await log(page, channel.display_name).getByText('no idea ¯\\_(ツ)_/¯').waitFor();

    // A command typed out in full: Enter runs it at once.
    await page.keyboard.type('/shrug');
    await option.waitFor();
    await page.keyboard.press('Enter');
    await log(page, channel.display_name).getByText('¯\\_(ツ)_/¯', { exact: true }).waitFor();
    expect(await box.inputValue()).to.equal('');
  });

  it('keeps a draft per channel across switching away and back, and in another session of the same person', async function () {
    this.timeout(40_000);
    await openChannel(page, channel.name, channel.display_name);
    await composer(page, channel.display_name).fill('a half-written thought');
    await page.getByRole('navigation', { name: `${team.display_name} channels` }).getByRole('link', { name: /^Town Square/ }).click();
    await log(page, 'Town Square').waitFor();
    expect(await composer(page, 'Town Square').inputValue()).to.equal('');
    await page.getByRole('navigation', { name: `${team.display_name} channels` }).getByRole('link', { name: new RegExp(`^${channel.display_name}`) }).click();
    await log(page, channel.display_name).waitFor();
    expect(await composer(page, channel.display_name).inputValue()).to.equal('a half-written thought');

    const other = await signedInPage(alice);
    await openChannel(other, channel.name, channel.display_name);
    await other.waitForFunction(() => (document.getElementById('composer-text') as HTMLTextAreaElement | null)?.value === 'a half-written thought');

    // Written further in the first session, the second one follows; sent, both boxes empty.
    await composer(page, channel.display_name).fill('a finished thought');
    await other.waitForFunction(() => (document.getElementById('composer-text') as HTMLTextAreaElement | null)?.value === 'a finished thought');
    await composer(page, channel.display_name).press('Enter');
    await log(other, channel.display_name).getByText('a finished thought').waitFor();
    await other.waitForFunction(() => (document.getElementById('composer-text') as HTMLTextAreaElement | null)?.value === '');
    await noDraftsLeft(alice);

    // The second session's browser never allowed notifications: its user menu offers to.
    await other.getByRole('button', { name: `@${alice.user.username}` }).click();
    await other.getByRole('button', { name: 'Enable desktop notifications' }).waitFor();
  });

  it('shows a desktop notification for a direct message while another channel is open', async function () {
    this.timeout(30_000);
    await openChannel(page, channel.name, channel.display_name);
    const direct = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    await bob.client.createPost({ channel_id: direct.id, message: 'are you there?' } as never);
    await page.waitForFunction(() => (window as unknown as { __notifications: unknown[] }).__notifications.length > 0);
    const shown = await page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications);
    expect(shown).to.deep.equal([{ title: bob.user.username, body: `@${bob.user.username}: are you there?` }]);

    // A post in the channel on screen is read there: no notification.
    await bob.client.createPost({ channel_id: channel.id, message: `@${alice.user.username} look here` } as never);
    await log(page, channel.display_name).getByText('look here').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications.length)).to.equal(1);

    await page.getByRole('button', { name: `@${alice.user.username}` }).click();
    await page.getByText('Desktop notifications are on').waitFor();
  });

  it('shows an urgent post\'s persistent notification again each time the server repeats it', async function () {
    this.timeout(30_000);
    const notifications = () => page.evaluate(() => (window as unknown as { __notifications: Array<{ body: string }> }).__notifications);
    const before = (await notifications()).length;
    const direct = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    const urgent = await bob.client.createPost({
      channel_id: direct.id,
      message: 'the database is down',
      metadata: { priority: { priority: 'urgent', requested_ack: false, persistent_notifications: true } },
    } as never);
    await page.waitForFunction((count) => (window as unknown as { __notifications: unknown[] }).__notifications.length > count, before);
    // The sweep runs at the first repeat's time rather than being waited for.
    expect(await ts.server.services.persistentNotifications.sendDue(urgent.create_at + 5 * 60_000)).to.equal(1);
    await page.waitForFunction((count) => (window as unknown as { __notifications: unknown[] }).__notifications.length > count + 1, before);
    expect((await notifications()).slice(before)).to.deep.equal([
      { title: bob.user.username, body: `@${bob.user.username}: the database is down` },
      { title: bob.user.username, body: `@${bob.user.username}: the database is down`, renotify: true },
    ]);
    await bob.client.deletePost(urgent.id);
  });
});
