// People in the chat web client (Debian's chromium): group messages started from "New direct
// message", statuses polled every minute and chosen from the user menu, custom statuses beside names,
// the profile dialog and pictures that refresh everywhere live, and Mattermost's whole emoji set.
import { expect } from 'chai';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

const MINUTE = 60_000;

/** The address in a CSS `url("…")` background (absolute, as Client4 makes it). */
function pictureUrl(background: string): URL {
  return new URL(/url\("?([^")]*)"?\)/.exec(background)?.[1] ?? '');
}

describe('chat web client: people (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  const log = (page: Page, label: string) => page.getByRole('log', { name: `Messages in ${label}` });
  const sidebar = (page: Page) => page.getByRole('navigation', { name: `${team.display_name} channels` });
  const postWith = (page: Page, text: string) => page.locator('li.post', { hasText: text });
  const openUserMenu = async (page: Page, username: string) => {
    const button = page.getByRole('button', { name: new RegExp(`^@${username}`) });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  };
  const openChannel = async (page: Page) => {
    await page.goto(`/${team.name}/channels/${channel.name}`);
    await log(page, channel.display_name).waitFor();
  };

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    carol = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id, carol.user.id]);
    browser = await launchBrowser();
    [alicePage, bobPage] = await Promise.all([signedInChatPage(browser, ts, alice, pageErrors), signedInChatPage(browser, ts, bob, pageErrors)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  it('starts a group message with two people picked as chips; it opens at its Mattermost address and shows in everyone\'s Direct Messages', async function () {
    this.timeout(40_000);
    await alicePage.getByRole('button', { name: 'New direct message' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'New direct message' });
    const search = dialog.getByLabel('Find people by username or name');
    await search.fill(bob.user.username);
    await dialog.getByRole('button', { name: `Add @${bob.user.username}` }).click();
    // Picked: a chip with its own remove button, and the search box ready for the next person.
    const chips = dialog.getByRole('list', { name: 'People in this conversation' });
    await chips.getByRole('button', { name: `Remove @${bob.user.username}` }).waitFor();
    expect(await alicePage.evaluate(() => document.activeElement?.id)).to.equal('dm-search');
    expect(await dialog.getByText('You can add 6 more people.').count()).to.equal(1);
    await search.fill(carol.user.username);
    await dialog.getByRole('button', { name: `Add @${carol.user.username}` }).focus();
    await alicePage.keyboard.press('Enter');
    await chips.getByRole('button', { name: `Remove @${carol.user.username}` }).waitFor();
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    await dialog.getByRole('button', { name: 'Go' }).click();

    const label = [bob.user.username, carol.user.username].sort().join(', ');
    await alicePage.getByLabel(`Write to ${label}`).waitFor();
    const channels = await alice.client.getMyChannels(team.id);
    const group = channels.find((c) => c.type === 'G');
    expect(group, 'the group message').to.not.equal(undefined);
    expect(new URL(alicePage.url()).pathname).to.equal(`/${team.name}/messages/${group!.name}`);
    const members = await alice.client.getChannelMembers(group!.id);
    expect(members.map((m) => m.user_id).sort()).to.deep.equal([alice.user.id, bob.user.id, carol.user.id].sort());
    const directMessages = sidebar(alicePage).getByRole('region', { name: 'Direct Messages' });
    await directMessages.getByRole('link', { name: new RegExp(`^${label}`) }).waitFor();

    await alicePage.getByLabel(`Write to ${label}`).fill('hello both of you');
    await alicePage.getByLabel(`Write to ${label}`).press('Enter');
    const bobsLabel = [alice.user.username, carol.user.username].sort().join(', ');
    await sidebar(bobPage).getByRole('region', { name: 'Direct Messages' }).getByRole('link', { name: new RegExp(`^${bobsLabel}`) }).click();
    await log(bobPage, bobsLabel).getByText('hello both of you').waitFor();

    // Opening the same people again finds the same group message (the server answers the existing one).
    await alicePage.getByRole('button', { name: 'New direct message' }).click();
    for (const who of [carol, bob]) {
      await dialog.getByLabel('Find people by username or name').fill(who.user.username);
      await dialog.getByRole('button', { name: `Add @${who.user.username}` }).click();
    }
    await dialog.getByRole('button', { name: 'Go' }).click();
    await alicePage.waitForURL(`**/${team.name}/messages/${group!.name}`);
    expect((await alice.client.getMyChannels(team.id)).filter((c) => c.type === 'G')).to.have.length(1);
  });

  it('lets no more than seven other people into a group message', async function () {
    this.timeout(40_000);
    const prefix = uniqueName('crowd');
    const crowd = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(ts, admin, `${prefix}${i}`)));
    await Promise.all(crowd.map((who) => admin.addToTeam(team.id, who.user.id)));
    await alicePage.getByRole('button', { name: 'New direct message' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'New direct message' });
    for (const who of crowd.slice(0, 7)) {
      await dialog.getByLabel('Find people by username or name').fill(who.user.username);
      await dialog.getByRole('button', { name: `Add @${who.user.username}` }).click();
    }
    await dialog.getByText('A group message holds at most 7 other people.').waitFor();
    await dialog.getByLabel('Find people by username or name').fill(crowd[7].user.username);
    expect(await dialog.getByRole('button', { name: `Add @${crowd[7].user.username}` }).isDisabled()).to.equal(true);
    // Taking one out makes room again.
    await dialog.getByRole('button', { name: `Remove @${crowd[0].user.username}` }).click();
    expect(await dialog.getByRole('button', { name: `Add @${crowd[7].user.username}` }).isDisabled()).to.equal(false);
    await alicePage.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('polls the statuses of the people on screen every minute, which is how another person\'s new status reaches the page', async function () {
    this.timeout(40_000);
    const dave = await createUser(ts, admin);
    await admin.addToTeam(team.id, dave.user.id);
    await dave.client.createDirectChannel([dave.user.id, carol.user.id]);
    await dave.client.updateStatus({ user_id: dave.user.id, status: 'online', manual: true, last_activity_at: 0, dnd_end_time: 0 });
    const author = await createUser(ts, admin);
    await admin.addToTeam(team.id, author.user.id);
    await admin.addToChannel(author.user.id, channel.id);
    await author.client.createPost({ channel_id: channel.id, message: 'a post whose author is on screen' });

    const carolPage = await signedInChatPage(browser, ts, carol, pageErrors, { prepare: (context) => context.clock.install() });
    try {
      await openChannel(carolPage);
      const daveLink = sidebar(carolPage).getByRole('link', { name: new RegExp(`^${dave.user.username}`) });
      await daveLink.and(carolPage.getByRole('link', { name: /online/ })).waitFor();
      // Dave steps away: status changes go to Dave's own sessions only, so Carol's page learns it by polling.
      await dave.client.updateStatus({ user_id: dave.user.id, status: 'away', manual: true, last_activity_at: 0, dnd_end_time: 0 });
      await carolPage.clock.fastForward(5_000);
      const asked = carolPage.waitForRequest((request) => request.url().endsWith('/api/v4/users/status/ids'));
      await carolPage.clock.fastForward(MINUTE);
      const ids = (await asked).postDataJSON() as string[];
      expect(ids).to.include.members([carol.user.id, dave.user.id, author.user.id]);
      await daveLink.and(carolPage.getByRole('link', { name: /away/ })).waitFor();
    } finally {
      await carolPage.context().close();
    }
  });

  it('sets my status from the user menu, do not disturb until a chosen time included, which ends by itself', async function () {
    this.timeout(30_000);
    await openUserMenu(alicePage, alice.user.username);
    const statuses = alicePage.getByRole('list', { name: 'Your status' });
    await statuses.getByRole('button', { name: 'Away' }).click();
    await alicePage.getByRole('button', { name: new RegExp(`^@${alice.user.username} \\(Away\\)`) }).waitFor();
    expect((await admin.getStatus(alice.user.id)).status).to.equal('away');
    expect(await statuses.getByRole('button', { name: 'Away' }).getAttribute('aria-pressed')).to.equal('true');

    await statuses.getByRole('button', { name: 'Do not disturb' }).click();
    const clearAfter = alicePage.getByRole('list', { name: 'Clear after' });
    await clearAfter.waitFor();
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    const sent = alicePage.waitForRequest((request) => request.method() === 'PUT' && request.url().endsWith(`/api/v4/users/${alice.user.id}/status`));
    const before = Date.now();
    await clearAfter.getByRole('button', { name: '30 mins' }).click();
    const body = (await sent).postDataJSON() as { status: string; dnd_end_time: number };
    expect(body.status).to.equal('dnd');
    // Mattermost's field is in seconds.
    expect(body.dnd_end_time * 1000).to.be.within(before + 30 * MINUTE - 2000, Date.now() + 30 * MINUTE);
    await alicePage.getByRole('button', { name: new RegExp(`^@${alice.user.username} \\(Do not disturb\\)`) }).waitFor();
    expect((await admin.getStatus(alice.user.id)).status).to.equal('dnd');
    await statuses.getByRole('button', { name: /Do not disturb \(current\) Until/ }).waitFor();

    // When the time has passed (the server's sweep as it runs 31 minutes from now), Away comes back on the page.
    await ts.server.services.statuses.endDueDnd(Date.now() + 31 * MINUTE);
    await alicePage.getByRole('button', { name: new RegExp(`^@${alice.user.username} \\(Away\\)`) }).waitFor();

    await statuses.getByRole('button', { name: 'Online' }).click();
    await alicePage.getByRole('button', { name: new RegExp(`^@${alice.user.username} \\(Online\\)`) }).waitFor();
    expect((await admin.getStatus(alice.user.id)).status).to.equal('online');
  });

  it('sets a custom status from a suggestion, shows it beside my name to others live, remembers it as recent, and clears it', async function () {
    this.timeout(40_000);
    await alice.client.createPost({ channel_id: channel.id, message: 'a post by alice to show her status' });
    const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    await bob.client.createPost({ channel_id: dm.id, message: 'hi alice' });
    await openChannel(bobPage);

    await openUserMenu(alicePage, alice.user.username);
    await alicePage.getByRole('button', { name: 'Set a custom status' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Set a status' });
    await dialog.getByRole('button', { name: /In a meeting/ }).click();
    expect(await dialog.getByLabel('Status', { exact: true }).inputValue()).to.equal('In a meeting');
    expect(await dialog.getByLabel('Clear after').inputValue()).to.equal('one_hour');
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    const before = Date.now();
    await dialog.getByRole('button', { name: 'Set Status' }).click();
    await dialog.waitFor({ state: 'detached' });

    const stored = JSON.parse(String((await admin.getUser(alice.user.id)).props?.customStatus)) as { emoji: string; text: string; duration: string; expires_at: string };
    expect([stored.emoji, stored.text, stored.duration]).to.deep.equal(['calendar', 'In a meeting', 'one_hour']);
    expect(Date.parse(stored.expires_at)).to.be.within(before + 59 * MINUTE, Date.now() + 60 * MINUTE);
    await alicePage.getByRole('button', { name: /In a meeting/ }).waitFor();

    const onPost = postWith(bobPage, 'a post by alice to show her status').getByRole('img', { name: /^Custom status: In a meeting · Until/ });
    await onPost.waitFor();
    expect(await onPost.textContent()).to.equal('📆');
    await sidebar(bobPage).locator('li.channel-link', { has: bobPage.getByRole('link', { name: new RegExp(`^${alice.user.username}`) }) }).getByRole('img', { name: /Custom status: In a meeting/ }).waitFor();

    // Recent: offered the next time, and forgotten on request.
    await alicePage.getByRole('button', { name: /In a meeting/ }).click();
    const recent = dialog.getByRole('list', { name: 'Recent' });
    await recent.getByRole('button', { name: /^In a meeting/ }).waitFor();
    await recent.getByRole('button', { name: 'Remove “In a meeting” from recent statuses' }).click();
    await recent.waitFor({ state: 'detached' });
    const preference = (await alice.client.getMyPreferences()) as unknown as Array<{ category: string; name: string; value: string }>;
    expect(JSON.parse(preference.find((p) => p.name === 'recent_custom_statuses')?.value ?? '[]')).to.deep.equal([]);

    await dialog.getByRole('button', { name: 'Clear Status' }).click();
    await dialog.waitFor({ state: 'detached' });
    await onPost.waitFor({ state: 'detached' });
    expect((await admin.getUser(alice.user.id)).props?.customStatus ?? '').to.equal('');
  });

  it('sets a custom status typed with an emoji from the picker and a "Clear after" of my choosing', async function () {
    this.timeout(30_000);
    await openUserMenu(alicePage, alice.user.username);
    await alicePage.getByRole('button', { name: 'Set a custom status' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Set a status' });
    await dialog.getByRole('button', { name: 'Choose an emoji' }).click();
    const search = alicePage.getByRole('combobox', { name: 'Search emojis' });
    await search.fill('axe');
    await alicePage.getByRole('listbox', { name: 'Emoji' }).getByRole('option', { name: ':axe:' }).waitFor();
    await search.press('Enter');
    await dialog.getByRole('button', { name: 'Emoji: :axe:, choose another' }).waitFor();
    await dialog.getByLabel('Status', { exact: true }).fill('Chopping wood');
    await dialog.getByLabel('Clear after').selectOption({ label: "Don't clear" });
    await dialog.getByLabel('Status', { exact: true }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const stored = JSON.parse(String((await admin.getUser(alice.user.id)).props?.customStatus)) as { emoji: string; text: string; duration: string };
    expect([stored.emoji, stored.text, stored.duration]).to.deep.equal(['axe', 'Chopping wood', '']);
    await alicePage.getByRole('button', { name: 'Clear custom status' }).click();
    await alicePage.getByRole('button', { name: 'Set a custom status' }).waitFor();
    expect((await admin.getUser(alice.user.id)).props?.customStatus ?? '').to.equal('');
  });

  it('edits my names, nickname and position in Profile, and a new picture replaces my avatar on other pages live', async function () {
    this.timeout(40_000);
    await alice.client.createPost({ channel_id: channel.id, message: 'a post by alice with her avatar' });
    await openChannel(bobPage);
    const avatarOnBob = postWith(bobPage, 'a post by alice with her avatar').locator('.avatar-picture');
    await avatarOnBob.waitFor();
    expect(pictureUrl(await avatarOnBob.evaluate((span: HTMLElement) => span.style.backgroundImage)).pathname).to.equal(`/api/v4/users/${alice.user.id}/image`);

    await openUserMenu(alicePage, alice.user.username);
    await alicePage.getByRole('button', { name: 'Profile' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Profile' });
    await dialog.getByLabel('First name').fill('Alice');
    await dialog.getByLabel('Last name').fill('Liddell');
    await dialog.getByLabel('Nickname').fill('ali');
    await dialog.getByLabel('Position').fill('Explorer');
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Your profile was saved.').waitFor();
    const saved = await admin.getUser(alice.user.id);
    expect([saved.first_name, saved.last_name, saved.nickname, saved.position]).to.deep.equal(['Alice', 'Liddell', 'ali', 'Explorer']);

    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366cc' } }).png().toBuffer();
    await dialog.getByLabel('Upload a new profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await dialog.getByText('Your new profile picture was saved.').waitFor();
    const uploaded = (await admin.getUser(alice.user.id)).last_picture_update;
    expect(uploaded).to.be.greaterThan(0);
    const newPicture = postWith(bobPage, 'a post by alice with her avatar').locator(`.avatar-picture[style*="_=${uploaded}"]`);
    await newPicture.waitFor();
    const served = await bobPage.request.get(pictureUrl(await newPicture.evaluate((span: HTMLElement) => span.style.backgroundImage)).href);
    expect([served.status(), served.headers()['content-type']]).to.deep.equal([200, 'image/png']);

    await dialog.getByRole('button', { name: 'Remove profile picture' }).click();
    await dialog.getByText('Your profile picture was removed.').waitFor();
    expect((await admin.getUser(alice.user.id)).last_picture_update).to.equal(0);
    await newPicture.waitFor({ state: 'detached' });
    await alicePage.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('refuses a profile change the server rejects, keeping the dialog and saying why', async function () {
    this.timeout(20_000);
    await openUserMenu(alicePage, alice.user.username);
    await alicePage.getByRole('button', { name: 'Profile' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Profile' });
    await dialog.getByLabel('Upload a new profile picture').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    await dialog.getByRole('alert').waitFor();
    expect((await admin.getUser(alice.user.id)).last_picture_update).to.equal(0);
    await alicePage.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('renders every emoji of Mattermost\'s set, skin tones included, and finds them in the picker', async function () {
    this.timeout(30_000);
    await alice.client.createPost({ channel_id: channel.id, message: 'tools :axe: :thumbsup_light_skin_tone: :man-facepalming_dark_skin_tone: :flag-fr: :not_an_emoji_name:' });
    await openChannel(alicePage);
    const post = postWith(alicePage, 'tools');
    expect(await post.getByRole('img', { name: ':axe:' }).textContent()).to.equal('🪓');
    expect(await post.getByRole('img', { name: ':thumbsup_light_skin_tone:' }).textContent()).to.equal(String.fromCodePoint(0x1f44d, 0x1f3fb));
    expect(await post.getByRole('img', { name: ':man-facepalming_dark_skin_tone:' }).textContent()).to.equal(String.fromCodePoint(0x1f926, 0x1f3ff, 0x200d, 0x2642, 0xfe0f));
    expect(await post.getByRole('img', { name: ':flag-fr:' }).textContent()).to.equal('🇫🇷');
    expect(await post.getByText(':not_an_emoji_name:').count()).to.equal(1);

    await post.hover();
    await post.getByRole('button', { name: 'Add reaction' }).click();
    const search = alicePage.getByRole('combobox', { name: 'Search emojis' });
    // Found by any of its names; offered under its first one (Mattermost's name for reactions).
    await search.fill('flag-f');
    await alicePage.getByRole('listbox', { name: 'Emoji' }).getByRole('option', { name: ':fr:' }).waitFor();
    // A search box's first Escape empties it; the next closes the picker.
    await search.fill('');
    await alicePage.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
  });
});
