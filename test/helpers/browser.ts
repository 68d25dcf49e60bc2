// Browser suites: playwright-core driving Debian's chromium (never a browser Playwright downloads),
// headless, one browser per suite file.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from './test-server.ts';
import { startTestMarketplace, type TestMarketplace } from './test-marketplace.ts';
import { createAdmin } from './fixtures.ts';
import type { PluginSpec } from './plugin-bundles.ts';

/** Debian's chromium (scripts/test-services.sh installs it), or another binary named by PARLEY_CHROMIUM. */
export const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const WEBAPP_INDEX = path.resolve(import.meta.dirname, '../../dist/webapp/index.html');
/** How long a page may take to show what a test waits for. */
const PAGE_TIMEOUT_MS = 10_000;

/**
 * Features Chromium keeps off in every browser the suites, benchmarks and screenshots start. Chromium
 * loads the WebUI of its address bar's drop-down (WebUIOmniboxPopup, and its "AI mode" one) in the
 * background for every new page: about two hundred chrome:// resources and a renderer at work on the
 * same two cores as the page under test — with them, a channel's first load took 740-1150 ms to
 * interactive; without, 465-670 ms (the first-load benchmark's probe, same sitting). Puppeteer turns
 * both off by default; Playwright does not. Playwright passes a --disable-features switch of its own
 * and Chromium keeps only the last one, so this list carries Playwright's features as well
 * (test/unit/chromium-features.test.ts fails when Playwright's list gains one this lacks).
 */
export const DISABLED_FEATURES = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  // Playwright's own (playwright-core 1.65, chromiumSwitches), each for its reason there.
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/** --no-sandbox: Chromium's sandbox cannot start as root (CI runs as root); the pages are our own. */
export const CHROMIUM_ARGS = ['--no-sandbox', `--disable-features=${DISABLED_FEATURES.join(',')}`];

/** Chromium's flags for WebRTC suites: fake microphone and camera, permission prompts granted, loopback ICE candidates, audio that plays without a click. */
export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'];

export async function launchBrowser(options: { args?: string[] } = {}): Promise<Browser> {
  await access(CHROMIUM).catch(() => {
    throw new Error(`the browser suites need Chromium at ${CHROMIUM}: run 'apt-get install -y --no-install-recommends chromium' (scripts/test-services.sh does it as root), or set PARLEY_CHROMIUM to another Chromium binary`);
  });
  await access(WEBAPP_INDEX).catch(() => {
    throw new Error('the browser suites need the built web app: run npm run build:webapp (npm test does it)');
  });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });
}

/** A fresh page (own cookies) on `ts`, with a short default timeout so a missing element fails fast; `pageErrors` collects its script errors. */
export async function openPage(browser: Browser, ts: TestServer, pathname = '/', pageErrors?: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL: ts.url });
  const page = await context.newPage();
  if (pageErrors) page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.goto(pathname);
  return page;
}

/** Fills in and sends the login form, as a person would. */
export async function submitLogin(page: Page, loginId: string, password: string): Promise<void> {
  await page.getByLabel('Username or email').fill(loginId);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs a system admin in through the login form and waits for the System Console. */
export async function logInThroughPage(page: Page, loginId: string, password: string): Promise<void> {
  await submitLogin(page, loginId, password);
  await page.getByRole('navigation', { name: 'System Console' }).waitFor();
}

/** What a System Console suite works with: a signed marketplace, a server trusting it, its admin and a page. */
export interface ConsoleFixture {
  marketplace: TestMarketplace;
  ts: TestServer;
  admin: Client4;
  adminUser: UserProfile;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts a marketplace offering `plugins` (signed with its test key), a server whose marketplace it is
 * and which trusts that key (plus `options`' settings), its first admin, Chromium and a page at `/admin_console`
 * (the login page, which returns there).
 */
export async function startConsoleFixture(plugins: PluginSpec[], options: { env?: Record<string, string>; pluginSettings?: Record<string, unknown> } = {}): Promise<ConsoleFixture> {
  const marketplace = await startTestMarketplace(plugins);
  const ts = await startTestServer({
    env: options.env,
    config: {
      PluginSettings: {
        EnableMarketplace: true,
        EnableRemoteMarketplace: true,
        MarketplaceURL: marketplace.url,
        SignaturePublicKeyFiles: [marketplace.publicKeyFile],
        ...options.pluginSettings,
      },
    },
  });
  const { client: admin, user: adminUser } = await createAdmin(ts);
  const browser = await launchBrowser();
  const page = await openPage(browser, ts, '/admin_console');
  return {
    marketplace,
    ts,
    admin,
    adminUser,
    browser,
    page,
    async close() {
      await browser.close();
      await ts.close();
      await marketplace.close();
    },
  };
}
