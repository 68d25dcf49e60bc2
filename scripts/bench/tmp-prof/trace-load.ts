import { chromium, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { BENCH_PASSWORD, startBenchServer } from '../bench-server.ts';
import { seedPosts } from '../../../test/helpers/seed-posts.ts';
import { CHROMIUM, submitLogin } from '../../../test/helpers/browser.ts';

const server = await startBenchServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
const me = await server.admin.getMe();
const team = await server.admin.createTeam({ name: 'bench-first', display_name: 'Bench first', type: 'O' } as Team);
const channel = await server.admin.createChannel({ team_id: team.id, name: 'first-load', display_name: 'First load', type: 'O' } as Channel);
await seedPosts(server.databaseUrl, { seed: 'first', channelId: channel.id, authors: [me.id, me.id], count: 200, startAt: Date.now() - 200 * 60_000 });
const signedIn = await browser.newContext({ baseURL: server.url });
const login = await signedIn.newPage();
await login.goto('/login');
await submitLogin(login, 'benchadmin', BENCH_PASSWORD);
await login.getByRole('navigation', { name: 'Teams' }).waitFor();
const session: BrowserContextOptions = { baseURL: server.url, storageState: await signedIn.storageState() };
await signedIn.close();
const open = async (page: Page) => {
  await page.goto(`/${team.name}/channels/${channel.name}`);
  await page.getByRole('log', { name: `Messages in ${channel.display_name}` }).getByRole('listitem').last().waitFor();
  await page.getByRole('combobox', { name: `Write to ${channel.display_name}` }).waitFor();
};
for (const warm of [false, true]) {
  const context = await browser.newContext(session);
  if (warm) { const p = await context.newPage(); await open(p); await p.close(); }
  const page = await context.newPage();
  const log: string[] = [];
  let t0 = 0;
  page.on('request', (r) => log.push(`${(performance.now() - t0).toFixed(0).padStart(5)} > ${r.method()} ${r.url().replace(server.url, '')}`));
  page.on('requestfinished', (r) => log.push(`${(performance.now() - t0).toFixed(0).padStart(5)} < ${r.url().replace(server.url, '')}`));
  page.on('console', (m) => log.push(`${(performance.now() - t0).toFixed(0).padStart(5)} console ${m.text()}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  t0 = performance.now();
  await open(page);
  const { profile } = await cdp.send('Profiler.stop');
  (await import('node:fs')).writeFileSync(`/tmp/load-${warm ? 'warm' : 'cold'}.cpuprofile`, JSON.stringify(profile));
  log.push(`${(performance.now() - t0).toFixed(0).padStart(5)} DONE ${warm ? 'warm' : 'cold'}`);
  console.log(log.join('\n'));
  console.log('----');
  await context.close();
}
await browser.close();
await server.close();
