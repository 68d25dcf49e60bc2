// Signing a person into the chat web client in a browser context of their own, for the chat's browser
// suites: the page reports its script errors to `pageErrors` and waits until the chat shows (the teams
// navigation, or what `ready` names).
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import type { TestServer } from './test-server.ts';
import { PASSWORD, type LoggedIn } from './fixtures.ts';
import { submitLogin } from './browser.ts';

/** How long a chat page may take to show what a test waits for. */
const PAGE_TIMEOUT_MS = 10_000;

export interface ChatPageOptions {
  /** Options of the browser context (a phone's viewport, say). */
  context?: BrowserContextOptions;
  /** Runs on the new context before the first page opens (init scripts, permissions). */
  prepare?: (context: BrowserContext) => Promise<void>;
  /** What shows once signed in; the teams navigation by default. */
  ready?: (page: Page) => Locator;
}

export async function signedInChatPage(browser: Browser, ts: TestServer, who: LoggedIn, pageErrors: string[], options: ChatPageOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: ts.url, ...options.context });
  await options.prepare?.(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${who.user.username}: ${err.message}`));
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.goto('/login');
  await submitLogin(page, who.user.username, PASSWORD);
  await (options.ready ?? ((signedIn: Page) => signedIn.getByRole('navigation', { name: 'Teams' })))(page).waitFor();
  return page;
}

/** Opens the thread of the post `item` (a list item of a channel's posts) in the right-hand panel, through its "Message actions" menu, as a person would; the panel once it shows `text`. */
export async function openThreadFromMenu(page: Page, item: Locator, text: string): Promise<Locator> {
  await item.hover();
  await item.getByRole('button', { name: 'Message actions' }).click();
  await item.getByRole('menuitem', { name: 'Reply' }).click();
  const panel = page.getByRole('complementary', { name: 'Thread' });
  await panel.getByText(text).waitFor();
  return panel;
}
