// Scheduled messages in the web client (Debian's chromium): "Schedule" beside Send, the channel's
// notice and the "Scheduled messages" list; a message rescheduled to the near future is posted by the
// server's sweep (run directly here rather than waited for) and shows in another member's channel
// live while it leaves the list; one the sweep could not send shows why, in words, and is deleted.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

describe('chat scheduled messages (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  const log = (page: Page, channel: Channel) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const list = (page: Page) => page.getByRole('complementary', { name: 'Scheduled messages' });
  const scheduledItem = (page: Page, text: string) => list(page).getByRole('listitem').filter({ hasText: text });
  /** A datetime-local value `minutes` from now in the page's time zone (the users have no zone of their own). */
  const inMinutes = (page: Page, minutes: number) =>
    page.evaluate((m) => {
      const at = new Date(Date.now() + m * 60_000);
      return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    }, minutes);

  async function openChannel(): Promise<Channel> {
    const channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    const path = `/${team.name}/channels/${channel.name}`;
    await Promise.all([alicePage.goto(path), bobPage.goto(path)]);
    await Promise.all([log(alicePage, channel).waitFor(), log(bobPage, channel).waitFor()]);
    return channel;
  }

  /** Types `text` into alice's box and schedules it for the dialog's default time (the next full hour). */
  async function scheduleFromComposer(channel: Channel, text: string): Promise<void> {
    const box = alicePage.getByRole('combobox', { name: `Write to ${channel.display_name}` });
    await box.fill(text);
    await alicePage.getByRole('button', { name: 'Schedule', exact: true }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Schedule message' });
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await box.inputValue()).to.equal('');
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    [alice, bob] = [await createUser(ts, admin), await createUser(ts, admin)];
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    browser = await launchBrowser();
    [alicePage, bobPage] = await Promise.all([signedInChatPage(browser, ts, alice, pageErrors), signedInChatPage(browser, ts, bob, pageErrors)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the pages').to.deep.equal([]);
  });

  it('schedules a message from the composer, lists it, and posts it once rescheduled into the near future and due', async function () {
    this.timeout(60_000);
    const channel = await openChannel();
    await scheduleFromComposer(channel, 'the weekly summary');
    const [stored] = Object.values((await alice.client.getScheduledPosts(team.id, true)).data).flat();
    expect(stored).to.include({ channel_id: channel.id, message: 'the weekly summary' });
    expect(stored!.scheduled_at).to.be.above(Date.now());

    await alicePage.getByRole('status').filter({ hasText: 'You have 1 scheduled message in this channel.' }).waitFor();
    await alicePage.getByRole('button', { name: 'See all scheduled messages' }).click();
    const item = scheduledItem(alicePage, 'the weekly summary');
    await item.waitFor();
    expect(await seriousViolations(alicePage)).to.deep.equal([]);

    // Edit: the time two minutes from now, and the text.
    await item.getByRole('button', { name: `Edit the message scheduled in ${channel.display_name}` }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Edit scheduled message' });
    await dialog.getByLabel('Message').fill('the weekly summary, revised');
    await dialog.getByLabel(/^Date and time/).fill(await inMinutes(alicePage, 2));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await scheduledItem(alicePage, 'the weekly summary, revised').waitFor();
    const [rescheduled] = Object.values((await alice.client.getScheduledPosts(team.id, true)).data).flat();
    expect(rescheduled!.scheduled_at - Date.now()).to.be.within(0, 2 * 60_000);

    // The sweep, when it is due: bob sees the post arrive, alice's list and notice empty.
    expect(await ts.server.services.scheduledPosts.sendDue(rescheduled!.scheduled_at)).to.equal(1);
    await log(bobPage, channel).getByRole('listitem').filter({ hasText: 'the weekly summary, revised' }).waitFor();
    await list(alicePage).getByText('No scheduled messages').waitFor();
    await alicePage.getByText('You have 1 scheduled message in this channel.').waitFor({ state: 'detached' });
  });

  it('shows in words why the sweep could not send a message, and deletes it', async function () {
    this.timeout(60_000);
    const channel = await openChannel();
    await scheduleFromComposer(channel, 'this will not go');
    const [stored] = Object.values((await alice.client.getScheduledPosts(team.id, true)).data).flat();
    await admin.removeFromChannel(alice.user.id, channel.id);
    expect(await ts.server.services.scheduledPosts.sendDue(stored!.scheduled_at)).to.equal(0);

    await alicePage.goto(`/${team.name}/channels/town-square`);
    await alicePage.getByRole('button', { name: 'Scheduled messages' }).click();
    const item = scheduledItem(alicePage, 'this will not go');
    await item.getByText('It could not be sent: you are no longer a member of the channel.').waitFor();

    alicePage.once('dialog', (confirm) => void confirm.accept());
    await item.getByRole('button', { name: /^Delete the message scheduled in / }).click();
    await list(alicePage).getByText('No scheduled messages').waitFor();
    expect(Object.values((await alice.client.getScheduledPosts(team.id, true)).data).flat()).to.deep.equal([]);
  });
});
