// `npm run screenshots`: the web client's main screens as PNGs in docs/screenshots/, taken in
// Debian's chromium from a throwaway server (its own embedded PostgreSQL) seeded through the API with
// a small team that talks: Markdown, an attachment with buttons, reactions, a thread, an image.
// Run it after changing how the client looks, and commit the pictures with the change. Emoji need a
// colour emoji font on the machine (Debian: fonts-noto-color-emoji).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Page } from 'playwright-core';
import { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { BENCH_PASSWORD, startBenchServer } from './bench/bench-server.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/browser.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');

const server = await startBenchServer({ MM_TEAMSETTINGS_ENABLEOPENSERVER: 'true' });
try {
  const { admin, url } = server;
  const person = async (username: string, first: string, last: string) => {
    await admin.createUser({ username, email: `${username}@example.com`, password: BENCH_PASSWORD, first_name: first, last_name: last } as UserProfile, '', '');
    const client = new Client4();
    client.setUrl(url);
    return { client, user: await client.login(username, BENCH_PASSWORD) };
  };
  const alice = await person('alice', 'Alice', 'Martin');
  const bob = await person('bob', 'Bob', 'Okafor');
  const team = await admin.createTeam({ name: 'engineering', display_name: 'Engineering', type: 'O' } as Team);
  for (const who of [alice, bob]) await admin.addToTeam(team.id, who.user.id);
  const release = await admin.createChannel({ team_id: team.id, name: 'release', display_name: 'Release', type: 'O', purpose: 'Shipping 2.4 on Thursday' } as Channel);
  for (const who of [alice, bob]) await admin.addToChannel(who.user.id, release.id);
  await admin.createChannel({ team_id: team.id, name: 'incidents', display_name: 'Incidents', type: 'O' } as Channel);

  const post = (who: { client: Client4 }, message: string, extra: Partial<Post> = {}) => who.client.createPost({ channel_id: release.id, message, ...extra } as Post);
  await post(bob, 'Morning! The **2.4 release branch** is cut. Checklist:\n\n| Step | Owner | State |\n|---|---|---|\n| Freeze | @alice | done |\n| QA sign-off | @bob | in progress |\n| Notes | @alice | to do |');
  const root = await post(alice, 'Build is green :tada: — the migration step needs one more look:\n```sql\nalter table posts add column edit_count integer not null default 0;\n```');
  await bob.client.createPost({ channel_id: release.id, root_id: root.id, message: 'Looks fine; it is online-safe on PostgreSQL 14+.' } as Post);
  await alice.client.createPost({ channel_id: release.id, root_id: root.id, message: 'Thanks, merging it.' } as Post);
  await bob.client.addReaction(bob.user.id, root.id, 'rocket');
  await alice.client.addReaction(alice.user.id, root.id, '+1');
  const picture = await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 28, g: 88, b: 217 } } }).png().toBuffer();
  const uploaded = await bob.client.uploadFile(
    (() => {
      const form = new FormData();
      form.append('channel_id', release.id);
      form.append('files', new Blob([new Uint8Array(picture)], { type: 'image/png' }), 'dashboard.png');
      return form;
    })(),
  );
  await post(bob, 'Latency after the canary rollout, all within budget.', { file_ids: uploaded.file_infos.map((f) => f.id) });
  await post(alice, 'Ready to ship?', {
    props: { attachments: [{ color: '#1c58d9', title: 'Release 2.4', text: 'All checks passed. Approve to publish.', fields: [{ title: 'Version', value: '2.4.0', short: true }, { title: 'Risk', value: 'Low', short: true }], actions: [{ id: 'approve', name: 'Approve', integration: { url: 'https://example.com/approve' } }, { id: 'hold', name: 'Hold', integration: { url: 'https://example.com/hold' } }] }] },
  } as Partial<Post>);
  await bob.client.createDirectChannel([alice.user.id, bob.user.id]).then((dm) => bob.client.createPost({ channel_id: dm.id, message: 'Got a minute after standup?' } as Post));
  await alice.client.createChannelBookmark(release.id, { type: 'link', display_name: 'Release checklist', link_url: 'https://wiki.example.com/release-2.4', emoji: 'clipboard' }, '');
  await alice.client.createChannelBookmark(release.id, { type: 'link', display_name: 'Dashboards', link_url: 'https://grafana.example.com/d/release', emoji: 'bar_chart' }, '');
  await alice.client.createScheduledPost({ channel_id: release.id, root_id: '', message: 'Release notes are published.', file_ids: [], scheduled_at: Date.now() + 24 * 3_600_000 } as never, '');

  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const shoot = async (page: Page, name: string) => {
      await page.waitForTimeout(300); // let fonts and images settle
      // Pictures that arrived after the posts pushed the newest ones down: show the channel's end.
      await page.locator('.post-scroll').evaluateAll((lists) => lists.forEach((list) => (list.scrollTop = list.scrollHeight)));
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      process.stdout.write(`docs/screenshots/${name}.png\n`);
    };
    const desktop = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
    const page = await desktop.newPage();
    await page.goto('/login');
    await shoot(page, 'login');
    await page.getByLabel('Username or email').fill('alice');
    await page.getByLabel('Password').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    await page.goto(`/${team.name}/channels/${release.name}`);
    await page.getByRole('log', { name: /Messages in/ }).getByText('Ready to ship?').waitFor();
    await shoot(page, 'channel');
    await page.getByRole('button', { name: /2 replies/ }).click();
    await page.getByRole('complementary').getByText('Thanks, merging it.').waitFor();
    await shoot(page, 'thread');
    await page.getByRole('searchbox').fill('from:bob release');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary').getByRole('link', { name: 'Jump' }).first().waitFor();
    await shoot(page, 'search');

    const phone = await browser.newContext({ baseURL: url, viewport: { width: 375, height: 740 }, isMobile: true, storageState: await desktop.storageState() });
    const small = await phone.newPage();
    await small.goto(`/${team.name}/channels/${release.name}`);
    await small.getByText('Ready to ship?').waitFor();
    await shoot(small, 'phone');
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
}
