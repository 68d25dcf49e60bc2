// The GUEST tag in the chat web client (Debian's chromium): beside a guest's name in the posts of a
// channel and in the channel's member list, never beside a member's, and gone when the server hides
// guest tags (GuestAccountsSettings.HideTags).
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

describe('chat web client: guest tag (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let guest: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  const pageErrors: string[] = [];

  const postWith = (page: Page, text: string) => page.locator('li.post', { hasText: text });
  const openChannel = async (page: Page) => {
    await page.goto(`/${team.name}/channels/${channel.name}`);
    await page.getByRole('log', { name: `Messages in ${channel.display_name}` }).waitFor();
  };

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ config: { GuestAccountsSettings: { Enable: true } } });
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    guest = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, guest.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, guest.user.id]);
    await admin.demoteUserToGuest(guest.user.id);
    await guest.client.createPost({ channel_id: channel.id, message: 'a word from the guest' } as never);
    await alice.client.createPost({ channel_id: channel.id, message: 'a word from a member' } as never);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  it('tags the guest\'s posts and only those', async function () {
    this.timeout(40_000);
    const page = await signedInChatPage(browser, ts, alice, pageErrors);
    await openChannel(page);
    const guestPost = postWith(page, 'a word from the guest');
    await guestPost.locator('.guest-tag', { hasText: 'GUEST' }).waitFor();
    expect(await guestPost.locator('.post-author').textContent()).to.equal(guest.user.username);
    expect(await postWith(page, 'a word from a member').locator('.guest-tag').count()).to.equal(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.close();
  });

  it('shows no tag when GuestAccountsSettings.HideTags is on', async function () {
    this.timeout(40_000);
    ts.config.patch({ GuestAccountsSettings: { HideTags: true } });
    try {
      const page = await signedInChatPage(browser, ts, alice, pageErrors);
      await openChannel(page);
      await postWith(page, 'a word from the guest').waitFor();
      // The tag waits for the client configuration: give it time to show, were it going to.
      await page.waitForFunction(() => document.querySelectorAll('li.post').length >= 2);
      await page.waitForTimeout(750);
      expect(await page.locator('.guest-tag').count()).to.equal(0);
      await page.close();
    } finally {
      ts.config.patch({ GuestAccountsSettings: { HideTags: false } });
    }
  });
});
