// Web app benchmark (issue 14): frame times while a channel of 10,000 posts scrolls from the newest
// post to the oldest in Chromium, 600 px a frame, with the app's virtual list; then, in the same page,
// the same rows (their rendered HTML, collected on the way) as one plain list, scrolled the same way.
// The plain list is static DOM with no React work behind it, so it is the kindest form a
// render-everything list can take.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { BENCH_PASSWORD, startBenchServer } from './bench-server.ts';
import { percentile, type Row } from './report.ts';
import { seedPosts } from '../../test/helpers/seed-posts.ts';
import { CHROMIUM, CHROMIUM_ARGS, submitLogin } from '../../test/helpers/browser.ts';

const POSTS = 10_000;
const STEP_PX = 600;
/** Bounds of one pass over the channel: far above the ~1,400 frames a pass takes, so only a stuck list hits them. */
const MAX_FRAMES = 20_000;
const SCROLL_LIMIT_MS = 120_000;
/** Loading every page of the channel (60 posts each) through the app. */
const LOAD_ALL_MS = 180_000;

export async function benchWebappLongChannel(): Promise<Row[]> {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../build-webapp.ts')], { stdio: 'ignore' });
  const server = await startBenchServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const me = await server.admin.getMe();
    const other = await server.admin.createUser({ username: 'benchother', email: 'benchother@example.com', password: BENCH_PASSWORD } as UserProfile, '', '');
    const team = await server.admin.createTeam({ name: 'bench-long', display_name: 'Bench long', type: 'O' } as Team);
    await server.admin.addToTeam(team.id, other.id);
    const channel = await server.admin.createChannel({ team_id: team.id, name: 'long-channel', display_name: 'Long channel', type: 'O' } as Channel);
    await seedPosts(server.databaseUrl, { seed: 'bench', channelId: channel.id, authors: [me.id, other.id], count: POSTS, startAt: Date.now() - POSTS * 60_000 });

    const page = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 800 } })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto('/login');
    await submitLogin(page, 'benchadmin', BENCH_PASSWORD);
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    await page.goto(`/${team.name}/channels/${channel.name}`);
    await page.locator('li.post').first().waitFor();
    await loadEveryPage(page);

    const virtual = await scrollFrames(page, '.post-scroll.virtual-scroller');
    const virtualRows = await page.locator('.virtual-scroller li').count();
    const plainRows = await replaceWithPlainList(page);
    const plain = await scrollFrames(page, '.post-scroll.plain-bench');
    return [frameRow(`virtual list (${virtualRows} rows in the DOM at the top)`, virtual), frameRow(`baseline: plain list (${plainRows} rows in the DOM)`, plain)];
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Scrolls to the top until the app says it reached the beginning of the channel. */
async function loadEveryPage(page: Page): Promise<void> {
  await page.evaluate(async (limit) => {
    const scroller = document.querySelector('.post-scroll')!;
    const until = performance.now() + limit;
    while (!document.querySelector('.channel-start')) {
      if (performance.now() > until) throw new Error('the channel did not load to its beginning in time');
      scroller.scrollTop = 0;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    scroller.scrollTop = scroller.scrollHeight;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }, LOAD_ALL_MS);
}

/** From the bottom to the top, STEP_PX a frame: each frame's duration in ms. */
async function scrollFrames(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    async ({ selector, step, maxFrames, limit }) => {
      const scroller = document.querySelector(selector)!;
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const frames: number[] = [];
      const until = performance.now() + limit;
      let last = performance.now();
      while (scroller.scrollTop > 0) {
        if (frames.length >= maxFrames || performance.now() > until) throw new Error(`scrolling to the top took more than ${maxFrames} frames or ${limit} ms (stuck at ${scroller.scrollTop} px)`);
        scroller.scrollTop -= step;
        const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        frames.push(now - last);
        last = now;
      }
      return frames;
    },
    { selector, step: STEP_PX, maxFrames: MAX_FRAMES, limit: SCROLL_LIMIT_MS },
  );
}

/**
 * Walks the virtual list top to bottom collecting every row's HTML, then shows all of them as one
 * plain list in a scroller of the same class laid over the app's. Returns the row count.
 */
async function replaceWithPlainList(page: Page): Promise<number> {
  return page.evaluate(async ({ maxFrames, limit }) => {
    const scroller = document.querySelector<HTMLElement>('.post-scroll.virtual-scroller')!;
    const rows = new Map<string, string>();
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    scroller.scrollTop = 0;
    await nextFrame();
    const until = performance.now() + limit;
    for (let frame = 0; ; frame++) {
      if (frame >= maxFrames || performance.now() > until) throw new Error(`collecting the rows took more than ${maxFrames} frames or ${limit} ms`);
      for (const li of Array.from(scroller.querySelectorAll<HTMLElement>('ol > li'))) {
        let key = li.dataset.postId;
        if (!key) {
          let next = li.nextElementSibling as HTMLElement | null;
          while (next && !next.dataset.postId) next = next.nextElementSibling as HTMLElement | null;
          key = `${li.className}>${next?.dataset.postId ?? ''}`;
        }
        if (!rows.has(key)) rows.set(key, li.outerHTML);
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      scroller.scrollTop += scroller.clientHeight;
      await nextFrame();
    }
    const plain = document.createElement('div');
    plain.className = 'post-scroll plain-bench';
    plain.innerHTML = `<ol class="post-list">${[...rows.values()].join('')}</ol>`;
    // Laid over the app's scroller from outside React's tree, which must not find foreign nodes in its own.
    const place = scroller.getBoundingClientRect();
    Object.assign(plain.style, { position: 'fixed', left: `${place.left}px`, top: `${place.top}px`, width: `${place.width}px`, height: `${place.height}px`, background: 'white' });
    document.body.append(plain);
    await nextFrame();
    return rows.size;
  }, { maxFrames: MAX_FRAMES, limit: SCROLL_LIMIT_MS });
}

function frameRow(name: string, frames: number[]): Row {
  const total = frames.reduce((sum, frame) => sum + frame, 0);
  const janky = frames.filter((frame) => frame > 50).length;
  return {
    name,
    throughput: `${Math.round((frames.length * 1000) / total)} fps`,
    p50: `${percentile(frames, 50).toFixed(1)} ms`,
    p95: `${percentile(frames, 95).toFixed(1)} ms`,
    p99: `${percentile(frames, 99).toFixed(1)} ms`,
    note: `${frames.length} frames, ${janky} over 50 ms`,
  };
}

if (import.meta.main) {
  const { printTable } = await import('./report.ts');
  printTable(`web app: scrolling a channel of ${POSTS} posts, ${STEP_PX} px a frame`, await benchWebappLongChannel());
}
