// Web app benchmark (issue 14's "time to interactive under 1 s on loopback"): from the start of the
// navigation to a channel's URL until its page has loaded and its posts show and its message box
// takes input (checked every animation frame, see channelReady), in Chromium,
// each load in a fresh browser context (no HTTP cache; only the session cookie carried over), as a
// person opening a link to the channel does. Beside it, in the same run: the same browser loading a
// minimal document from the same server (GET /api/v4/system/ping), the least any page costs here.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { BENCH_PASSWORD, startBenchServer } from './bench-server.ts';
import { row, type Row, type Run } from './report.ts';
import { seedPosts } from '../../test/helpers/seed-posts.ts';
import { CHROMIUM, CHROMIUM_ARGS, submitLogin } from '../../test/helpers/browser.ts';

const LOADS = Number(process.env.BENCH_FIRST_LOADS ?? 15);
const POSTS = 200;
/** One load that takes longer than this fails the bench rather than hanging it. */
const LOAD_LIMIT_MS = 15_000;

export async function benchWebappFirstLoad(): Promise<Row[]> {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../build-webapp.ts')], { stdio: 'ignore' });
  const server = await startBenchServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const me = await server.admin.getMe();
    const team = await server.admin.createTeam({ name: 'bench-first', display_name: 'Bench first', type: 'O' } as Team);
    const channel = await server.admin.createChannel({ team_id: team.id, name: 'first-load', display_name: 'First load', type: 'O' } as Channel);
    await seedPosts(server.databaseUrl, { seed: 'first', channelId: channel.id, authors: [me.id, me.id], count: POSTS, startAt: Date.now() - POSTS * 60_000 });

    const signedIn = await browser.newContext({ baseURL: server.url });
    const login = await signedIn.newPage();
    await login.goto('/login');
    await submitLogin(login, 'benchadmin', BENCH_PASSWORD);
    await login.getByRole('navigation', { name: 'Teams' }).waitFor();
    const session: BrowserContextOptions = { baseURL: server.url, storageState: await signedIn.storageState() };
    await signedIn.close();

    const bare = await timeLoads(browser, session, async (page) => {
      await page.goto('/api/v4/system/ping');
    });
    const openChannel = async (page: Page) => {
      await page.goto(`/${team.name}/channels/${channel.name}`);
      await page.waitForFunction(channelReady, { log: `Messages in ${channel.display_name}`, box: `Write to ${channel.display_name}` }, { polling: 'raf' });
    };
    // The same two things by their roles, as a person with a screen reader finds them: checked once
    // the clock has stopped, so the frame-by-frame check above cannot drift from what they mean.
    const confirm = async (page: Page) => {
      await page.getByRole('log', { name: `Messages in ${channel.display_name}` }).getByRole('listitem').last().waitFor();
      await page.getByRole('combobox', { name: `Write to ${channel.display_name}` }).waitFor();
    };
    const cold = await timeLoads(browser, session, openChannel, { confirm });
    const warm = await timeLoads(browser, session, openChannel, { confirm, warm: true });
    return [
      row('baseline: a minimal document from the same server', bare, `${LOADS} loads, each in a fresh browser context`),
      row(`a channel (${POSTS} posts): posts shown, message box ready`, cold, 'each load in a fresh browser context (no HTTP cache)'),
      row('the same, on a return visit', warm, 'the browser has the scripts cached from a first visit'),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * In the page, each animation frame: the log of that name shows its last list item, and the combobox
 * of that name (the message box) shows. Checked every frame rather than by Playwright's locator
 * waits, whose retries back off to one every 500 ms: those timed their own polling as much as the page.
 */
function channelReady({ log, box }: { log: string; box: string }): boolean {
  const shown = (element: Element | undefined | null) => {
    if (!element) return false;
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  };
  const logs = Array.from(document.querySelectorAll('[role="log"]')).filter((element) => element.getAttribute('aria-label') === log);
  const items = logs.flatMap((element) => Array.from(element.querySelectorAll('li')));
  const boxes = Array.from(document.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('[role="combobox"]')).filter((element) => element.getAttribute('aria-label') === box || Array.from(element.labels ?? []).some((label) => label.textContent?.trim() === box));
  return shown(items.at(-1)) && boxes.some(shown);
}

/** `warm`: a first, untimed load in the same context fills the HTTP cache. `confirm` runs after each timed load, untimed. */
async function timeLoads(browser: Browser, session: BrowserContextOptions, load: (page: Page) => Promise<void>, { warm = false, confirm = async (_page: Page) => {} } = {}): Promise<Run> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext(session);
    try {
      if (warm) {
        const first = await context.newPage();
        first.setDefaultTimeout(LOAD_LIMIT_MS);
        await load(first);
        await first.close();
      }
      const page = await context.newPage();
      page.setDefaultTimeout(LOAD_LIMIT_MS);
      const t0 = performance.now();
      await load(page);
      latencies.push(performance.now() - t0);
      await confirm(page);
    } finally {
      await context.close();
    }
  }
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.main) {
  const { printTable } = await import('./report.ts');
  printTable('web app: opening a channel by its URL (time to interactive)', await benchWebappFirstLoad());
}
