// One whole System Console flow with the keyboard alone (Tab, Enter, Space and typing), in Debian's
// chromium: every control reached shows a visible focus ring, and the server sees each step.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { TestServer } from '../helpers/test-server.ts';
import { PASSWORD } from '../helpers/fixtures.ts';
import { startConsoleFixture, type ConsoleFixture } from '../helpers/browser.ts';
import { eventually } from '../helpers/ws-client.ts';
import { DEMO_ID, DEMO_NAME, demoPlugin, settingsSeenByDemo } from '../helpers/console-plugins.ts';

/** More Tab presses than the longest page has stops: reaching a control never needs more. */
const MAX_TABS = 40;
/** Page loads raced by Tab presses: the focus theft this guards against hit about 1 load in 40. */
const RACED_LOADS = 25;

interface Focused {
  name: string;
  outline: string;
}

/** The focused element's accessible name (aria-label, its label, or its text) and outline style. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', outline: 'none' };
    const labels = (el as HTMLInputElement).labels;
    const name = el.getAttribute('aria-label') ?? (labels && labels.length > 0 ? labels[0].textContent : el.textContent) ?? '';
    return { name: name.trim(), outline: getComputedStyle(el).outlineStyle };
  });
}

/**
 * Waits until the control named `name` is on the page (lists load after their page appears, as a
 * person waits for them too), then presses Tab until it has the focus, and checks that the focus is
 * visible there.
 */
async function tabTo(page: Page, name: string): Promise<void> {
  const exact = { name, exact: true };
  await page.getByLabel(name, { exact: true }).or(page.getByRole('button', exact)).or(page.getByRole('link', exact)).first().waitFor();
  const seen: string[] = [];
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now.name);
    if (now.name === name) {
      expect(now.outline, `focus ring on "${name}"`).to.not.equal('none');
      return;
    }
  }
  throw new Error(`"${name}" was not reached with ${MAX_TABS} Tab presses; the focus went through: ${seen.join(' | ')}`);
}

describe('System Console with the keyboard only (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let adminUser: UserProfile;
  let fixture: ConsoleFixture;
  let page: Page;

  before(async function () {
    this.timeout(60_000);
    fixture = await startConsoleFixture([demoPlugin()]);
    ({ ts, admin, adminUser, page } = fixture);
  });
  after(async () => {
    await fixture?.close();
  });

  it('leaves the focus where Tab put it while the login page appears', async function () {
    this.timeout(60_000);
    const racer = await page.context().newPage();
    try {
      for (let load = 0; load < RACED_LOADS; load++) {
        await racer.goto('/login');
        await tabTo(racer, 'Username or email');
        await racer.waitForTimeout(50); // past any effect of the page's first render
        expect((await focused(racer)).name, `load ${load}`).to.equal('Username or email');
      }
    } finally {
      await racer.close();
    }
  });

  it('signs in, installs from the marketplace, changes a setting and disables the plugin with Tab, Enter and Space', async () => {
    await tabTo(page, 'Username or email');
    await page.keyboard.type(adminUser.username);
    await tabTo(page, 'Password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Marketplace' }).waitFor();

    await tabTo(page, 'Search plugins');
    await page.keyboard.type('console');
    await tabTo(page, `Install ${DEMO_NAME}`);
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'is installed and enabled' }).waitFor();
    await eventually(async () => expect((await admin.getPluginStatuses()).find((s) => s.plugin_id === DEMO_ID)?.state).to.equal(2));

    await tabTo(page, 'Plugin Management');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Plugin Management' }).waitFor();
    await tabTo(page, `Settings of ${DEMO_NAME}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `${DEMO_NAME} settings` }).waitFor();
    await tabTo(page, 'Greeting'); // Tab selects the field's text: typing replaces it
    await page.keyboard.type('bonjour');
    await tabTo(page, 'Save');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    expect((await admin.getConfig()).PluginSettings.Plugins[DEMO_ID]).to.include({ Greeting: 'bonjour' });
    await eventually(async () => expect(await settingsSeenByDemo(ts)).to.include({ Greeting: 'bonjour' }));

    await tabTo(page, 'Plugin Management');
    await page.keyboard.press('Enter');
    await tabTo(page, `Disable ${DEMO_NAME}`);
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: `${DEMO_NAME} is disabled.` }).waitFor();
    expect((await admin.getPluginStatuses()).find((s) => s.plugin_id === DEMO_ID)?.state).to.equal(0);
  });
});
