// A channel of 10,000 posts in the web client: only the rows near the view are in the DOM, older pages
// load above without moving what is on screen, a live post at the bottom stays in view (also when it
// grows), the focused list scrolls with the keyboard, and a permalink to an old post is centred.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, submitLogin } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { seedPosts, seededPostId } from '../helpers/seed-posts.ts';

const PAGE_TIMEOUT_MS = 10_000;
const POST_COUNT = 10_000;
/** Well under what a plain list would hold once a few pages are loaded (60 posts a page). */
const MAX_RENDERED_POSTS = 200;
const MINUTE = 60_000;

describe('chat web client: a channel of 10,000 posts (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let adminId: string;
  let alice: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let page: Page;
  const seed = `seed${Date.now()}`;
  const pageErrors: string[] = [];

  const log = () => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const post = (n: number) => page.locator(`[data-post-id="${seededPostId(seed, n)}"]`);
  const renderedPosts = () => log().locator('li.post').count();
  const path = () => `/${team.name}/channels/${channel.name}`;

  /** Where `locator`'s row sits relative to the scroller's viewport: its top and bottom, and the viewport's height. */
  async function placeInView(locator: ReturnType<Page['locator']>): Promise<{ top: number; bottom: number; height: number }> {
    return locator.evaluate((row) => {
      const view = row.closest('.post-scroll')!.getBoundingClientRect();
      const rect = row.getBoundingClientRect();
      return { top: rect.top - view.top, bottom: rect.bottom - view.top, height: view.height };
    });
  }

  /** Two animation frames: the ResizeObserver and the corrections it makes have run. */
  const settle = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    const created = await createAdmin(ts);
    admin = created.client;
    adminId = created.user.id;
    alice = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id]);
    await seedPosts(ts.databaseUrl, { seed, channelId: channel.id, authors: [adminId, alice.user.id], count: POST_COUNT, startAt: Date.now() - POST_COUNT * MINUTE });
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: ts.url, viewport: { width: 1200, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto('/login');
    await submitLogin(page, alice.user.username, PASSWORD);
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });

  it('opens at the newest post with only the rows near the view in the DOM', async function () {
    this.timeout(30_000);
    await page.goto(path());
    await post(POST_COUNT - 1).waitFor();
    await settle();
    const newest = await placeInView(post(POST_COUNT - 1));
    expect(newest.bottom).to.be.at.most(newest.height + 1);
    expect(newest.top).to.be.at.least(0);
    expect(await renderedPosts()).to.be.within(1, MAX_RENDERED_POSTS);
    expect(await log().getAttribute('aria-live')).to.equal('polite');
    // The sidebar's group toggles fail contrast on main already (channel-sidebar.tsx, not this feature).
    const violations = (await seriousViolations(page)).filter((v) => !(v.id === 'color-contrast' && v.targets.every((t) => t.includes('sidebar-group'))));
    expect(violations).to.deep.equal([]);
  });

  it('loads older pages when scrolled to the top and keeps the post that was on screen in place', async function () {
    this.timeout(60_000);
    // Each older page is held back until the post at the top has been measured where it stands.
    let release = () => {};
    await page.route(
      (url) => url.pathname.endsWith(`/channels/${channel.id}/posts`) && url.searchParams.has('before'),
      async (route) => {
        await new Promise<void>((resolve) => (release = resolve));
        await route.continue();
      },
    );
    try {
      for (let pageLoad = 0; pageLoad < 5; pageLoad++) {
        await page.locator('.post-scroll').evaluate((scroller) => {
          scroller.scrollTop = 0;
        });
        await settle();
        const top = log().locator('li.post').first();
        const id = (await top.getAttribute('data-post-id'))!;
        const before = await placeInView(top);
        release();
        await page.waitForFunction((first) => document.querySelector('li.post')?.getAttribute('data-post-id') !== first, id);
        await settle();
        const after = await placeInView(page.locator(`[data-post-id="${id}"]`));
        expect(Math.abs(after.top - before.top), `the top post moved after page ${pageLoad + 1}`).to.be.at.most(2);
      }
    } finally {
      await page.unrouteAll();
    }
    expect(await renderedPosts()).to.be.within(1, MAX_RENDERED_POSTS);
    expect(await post(POST_COUNT - 1).count()).to.equal(0);
  });

  it('scrolls the focused list with End, PageUp, PageDown and Home', async function () {
    this.timeout(30_000);
    const scrollTop = () => page.locator('.post-scroll').evaluate((scroller) => scroller.scrollTop);
    await log().focus();
    await page.keyboard.press('End');
    await post(POST_COUNT - 1).waitFor();
    await settle();
    const newest = await placeInView(post(POST_COUNT - 1));
    expect(newest.bottom).to.be.at.most(newest.height + 1);
    const atEnd = await scrollTop();
    await page.keyboard.press('PageUp');
    await page.waitForFunction((end) => document.querySelector('.post-scroll')!.scrollTop < end - 100, atEnd);
    const afterPageUp = await scrollTop();
    await page.keyboard.press('PageDown');
    await page.waitForFunction((up) => document.querySelector('.post-scroll')!.scrollTop > up + 100, afterPageUp);
    // Home reaches the top, where the next older page loads (and then keeps the view in place).
    await page.locator('.post-scroll').evaluate((scroller) => {
      const seen = window as unknown as { __lowestScrollTop: number };
      seen.__lowestScrollTop = scroller.scrollTop;
      scroller.addEventListener('scroll', () => (seen.__lowestScrollTop = Math.min(seen.__lowestScrollTop, scroller.scrollTop)));
    });
    await page.keyboard.press('Home');
    await page.waitForFunction(() => (window as unknown as { __lowestScrollTop: number }).__lowestScrollTop === 0);
    await log().locator('li.post').first().waitFor();
    expect(await renderedPosts()).to.be.within(1, MAX_RENDERED_POSTS);
  });

  it('shows a live post at the bottom and keeps it in view when it grows', async function () {
    this.timeout(30_000);
    await page.goto(path());
    await post(POST_COUNT - 1).waitFor();
    const live = await admin.createPost({ channel_id: channel.id, message: 'a live post at the bottom' });
    const row = page.locator(`[data-post-id="${live.id}"]`);
    await row.waitFor();
    await settle();
    let place = await placeInView(row);
    expect(place.bottom).to.be.at.most(place.height + 1);
    expect(place.top).to.be.at.least(0);

    await admin.patchPost({ id: live.id, message: `a live post at the bottom\n${Array.from({ length: 12 }, (_, i) => `grown line ${i}`).join('\n')}` });
    await row.getByText('grown line 11').waitFor();
    await settle();
    place = await placeInView(row);
    expect(place.bottom).to.be.at.most(place.height + 1);
    expect(place.bottom).to.be.greaterThan(place.height - 60);
    expect(await renderedPosts()).to.be.within(1, MAX_RENDERED_POSTS);
  });

  it('opens a permalink to an old post highlighted and centred, loading the pages above the newest', async function () {
    this.timeout(30_000);
    const old = POST_COUNT - 400;
    await page.goto(`/${team.name}/pl/${seededPostId(seed, old)}`);
    const row = post(old);
    await row.waitFor();
    expect(await row.getAttribute('aria-current')).to.equal('true');
    expect(await row.getAttribute('class')).to.include('highlighted');
    await settle();
    const place = await placeInView(row);
    expect(place.top).to.be.at.least(0);
    expect(place.bottom).to.be.at.most(place.height);
    expect(await renderedPosts()).to.be.within(1, MAX_RENDERED_POSTS);
  });

  it('refuses a permalink to a post of a channel I cannot read', async function () {
    this.timeout(30_000);
    const hidden = await createChannelWith(admin, team, [], 'P');
    const secret = await admin.createPost({ channel_id: hidden.id, message: 'not for alice' });
    await page.goto(`/${team.name}/pl/${secret.id}`);
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByText('not for alice').count()).to.equal(0);
  });

  it('raised no script error through all of the above', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
