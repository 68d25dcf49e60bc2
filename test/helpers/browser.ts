// Browser suites: playwright-core driving Debian's chromium (never a browser Playwright downloads),
// headless, one browser per suite file.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestServer } from './test-server.ts';

/** Debian's chromium (scripts/test-services.sh installs it), or another binary named by PARLEY_CHROMIUM. */
export const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const WEBAPP_INDEX = path.resolve(import.meta.dirname, '../../dist/webapp/index.html');
/** How long a page may take to show what a test waits for. */
const PAGE_TIMEOUT_MS = 10_000;

export async function launchBrowser(): Promise<Browser> {
  await access(CHROMIUM).catch(() => {
    throw new Error(`the browser suites need Chromium at ${CHROMIUM}: run 'apt-get install -y --no-install-recommends chromium' (scripts/test-services.sh does it as root), or set PARLEY_CHROMIUM to another Chromium binary`);
  });
  await access(WEBAPP_INDEX).catch(() => {
    throw new Error('the browser suites need the built web app: run npm run build:webapp (npm test does it)');
  });
  // --no-sandbox: Chromium's sandbox cannot start as root (CI runs as root); the pages are our own.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** A fresh page (own cookies) on `ts`, with a short default timeout so a missing element fails fast. */
export async function openPage(browser: Browser, ts: TestServer, pathname = '/'): Promise<Page> {
  const context = await browser.newContext({ baseURL: ts.url });
  const page = await context.newPage();
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
