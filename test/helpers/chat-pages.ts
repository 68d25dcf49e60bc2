// Signing a person into the chat web client in a browser context of their own, for the chat's browser
// suites: the page waits for the teams navigation and reports its script errors to `pageErrors`.
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from './test-server.ts';
import { PASSWORD, type LoggedIn } from './fixtures.ts';
import { submitLogin } from './browser.ts';

/** How long a chat page may take to show what a test waits for. */
const PAGE_TIMEOUT_MS = 10_000;

export async function signedInChatPage(browser: Browser, ts: TestServer, who: LoggedIn, pageErrors: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL: ts.url });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${who.user.username}: ${err.message}`));
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.goto('/login');
  await submitLogin(page, who.user.username, PASSWORD);
  await page.getByRole('navigation', { name: 'Teams' }).waitFor();
  return page;
}
