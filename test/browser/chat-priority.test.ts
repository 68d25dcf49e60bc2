// Message priority in the end-user web client (Debian's chromium, two people in two browser
// contexts): a post's Important / Urgent label, the Acknowledge button of a post that asks for
// acknowledgements — one person acknowledges, the other sees the count live, and taking it back
// is seen live too — and the composer's priority picker.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

describe('chat web client: message priority (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  const log = (page: Page) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const postWith = (page: Page, text: string) => log(page).locator('li.post', { hasText: text });
  const prioritized = (message: string, priority: Record<string, unknown>) =>
    alice.client.createPost({ channel_id: channel.id, message, metadata: { priority } } as unknown as Post);

  async function openChannel(...pages: Page[]): Promise<void> {
    await Promise.all(pages.map((page) => page.goto(`/${team.name}/channels/${channel.name}`)));
    await Promise.all(pages.map((page) => log(page).waitFor()));
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
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

  it('labels important and urgent posts, and none without a priority', async function () {
    this.timeout(30_000);
    await prioritized('heads up, important', { priority: 'important' });
    await prioritized('servers are down, urgent', { priority: 'urgent' });
    await alice.client.createPost({ channel_id: channel.id, message: 'just chatting' } as Post);
    await openChannel(bobPage);
    expect(await postWith(bobPage, 'heads up, important').locator('.priority-label').textContent()).to.equal('Important');
    expect(await postWith(bobPage, 'servers are down, urgent').locator('.priority-label').textContent()).to.equal('Urgent');
    expect(await postWith(bobPage, 'just chatting').locator('.priority-label').count()).to.equal(0);
    expect(await postWith(bobPage, 'just chatting').getByRole('button', { name: /Acknowledge/ }).count()).to.equal(0);
  });

  it('acknowledges a post that asks for it; the author sees the count live, and taking it back live too', async function () {
    this.timeout(40_000);
    await prioritized('please confirm you read the runbook', { priority: 'urgent', requested_ack: true });
    await openChannel(alicePage, bobPage);

    const onBob = postWith(bobPage, 'please confirm you read the runbook').getByRole('button', { name: 'Acknowledge' });
    await onBob.waitFor();
    expect(await onBob.getAttribute('aria-pressed')).to.equal('false');
    await onBob.click();
    const pressedOnBob = postWith(bobPage, 'please confirm you read the runbook').getByRole('button', { name: 'Acknowledged 1' });
    await pressedOnBob.waitFor();
    expect(await pressedOnBob.getAttribute('aria-pressed')).to.equal('true');

    const onAlice = postWith(alicePage, 'please confirm you read the runbook').getByRole('button', { name: 'Acknowledge 1' });
    await onAlice.waitFor();
    expect(await onAlice.getAttribute('aria-pressed')).to.equal('false');
    const mine = (await seriousViolations(alicePage)).filter((v) => v.targets.some((target) => /acknowledge|priority/.test(target)));
    expect(mine).to.deep.equal([]);

    await pressedOnBob.click();
    await postWith(bobPage, 'please confirm you read the runbook').getByRole('button', { name: 'Acknowledge', exact: true }).waitFor();
    await postWith(alicePage, 'please confirm you read the runbook').getByRole('button', { name: 'Acknowledge', exact: true }).waitFor();
    const post = (await alice.client.getPosts(channel.id, 0, 1)).posts;
    expect(Object.values(post).find((p) => p.message === 'please confirm you read the runbook')?.metadata).to.not.have.property('acknowledgements');
  });

  it('sends a message urgent and asking for acknowledgements from the composer\'s picker, then goes back to standard', async function () {
    this.timeout(30_000);
    await openChannel(alicePage);
    await alicePage.getByLabel('Message priority').selectOption('urgent');
    await alicePage.getByLabel('Request acknowledgement').check();
    const composer = alicePage.getByLabel(`Write to ${channel.display_name}`);
    await composer.fill('picked from the composer');
    await composer.press('Enter');
    await postWith(alicePage, 'picked from the composer').locator('.priority-label', { hasText: 'Urgent' }).waitFor();
    await postWith(alicePage, 'picked from the composer').getByRole('button', { name: 'Acknowledge' }).waitFor();
    const sent = Object.values((await bob.client.getPosts(channel.id, 0, 5)).posts).find((p) => p.message === 'picked from the composer');
    expect(sent?.metadata.priority).to.deep.equal({ priority: 'urgent', requested_ack: true, persistent_notifications: false });

    expect(await alicePage.getByLabel('Message priority').inputValue()).to.equal('');
    expect(await alicePage.getByLabel('Request acknowledgement').isChecked()).to.equal(false);
    await composer.fill('plain again');
    await composer.press('Enter');
    await postWith(alicePage, 'plain again').waitFor();
    expect(await postWith(alicePage, 'plain again').locator('.priority-label').count()).to.equal(0);
  });
});
