// The channel header's views in the web client (Debian's chromium), two people in two browser
// contexts: pinned messages kept live and unpinned from the list, the channel's files with their
// preview, the members list (add, make channel admin, remove) following joins and leaves live, saved
// messages from the post menu, "Mark as Unread" (menu and Alt+click) moving the "New messages" line,
// and the edit history behind "(edited)", where an earlier version can be restored.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { textFile, upload } from '../helpers/file-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

describe('chat views (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  const pageErrors: string[] = [];

  const channelPath = (channel: Channel) => `/${team.name}/channels/${channel.name}`;
  const log = (page: Page, channel: Channel) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const postItem = (page: Page, channel: Channel, text: string) => log(page, channel).getByRole('listitem').filter({ hasText: text });
  const panel = (page: Page, name: string) => page.getByRole('complementary', { name });
  const header = (page: Page) => page.getByRole('group', { name: 'Channel views' });

  /** A channel of its own for a test, with alice and bob in it and both looking at it. */
  async function openChannel(): Promise<Channel> {
    const channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    await Promise.all([alicePage.goto(channelPath(channel)), bobPage.goto(channelPath(channel))]);
    await Promise.all([log(alicePage, channel).waitFor(), log(bobPage, channel).waitFor()]);
    return channel;
  }

  async function postMenu(page: Page, channel: Channel, text: string, item: string): Promise<void> {
    const post = postItem(page, channel, text);
    await post.hover();
    await post.getByRole('button', { name: 'Message actions' }).click();
    await post.getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** Waits until the server counts every message of the channel as read by `who`. */
  async function readEverything(who: LoggedIn, channel: Channel): Promise<void> {
    for (let tries = 0; tries < 50; tries++) {
      const [member, counted] = await Promise.all([who.client.getChannelMember(channel.id, who.user.id), who.client.getChannel(channel.id)]);
      if (member.msg_count === counted.total_msg_count) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${who.user.username} never read ${channel.name}`);
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    admin = (await createAdmin(ts)).client;
    [alice, bob, carol] = [await createUser(ts, admin), await createUser(ts, admin), await createUser(ts, admin)];
    team = await createTeamWith(admin, [alice.user.id, bob.user.id, carol.user.id]);
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

  it('lists pinned messages live from the header, unpins from the list and jumps to a message', async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    const post = await bob.client.createPost({ channel_id: channel.id, message: 'the plan for friday' } as Post);
    await postItem(alicePage, channel, post.message).waitFor();
    await header(alicePage).getByRole('button', { name: 'Pinned messages: 0' }).click();
    const pinned = panel(alicePage, 'Pinned messages');
    await pinned.getByText('No pinned messages yet').waitFor();

    await postMenu(bobPage, channel, post.message, 'Pin to channel');
    await pinned.getByRole('listitem').filter({ hasText: post.message }).waitFor();
    await header(alicePage).getByRole('button', { name: 'Pinned messages: 1' }).waitFor();
    await postItem(alicePage, channel, post.message).locator('.pinned-marker').waitFor();
    expect(await seriousViolations(alicePage)).to.deep.equal([]);

    await pinned.getByRole('link', { name: `Jump to the message by ${bob.user.username}` }).click();
    await alicePage.waitForURL(`**/${team.name}/pl/${post.id}`);
    await log(alicePage, channel).locator(`[data-post-id="${post.id}"][aria-current="true"]`).waitFor();

    await pinned.getByRole('button', { name: `Unpin: the message by ${bob.user.username}` }).click();
    await pinned.getByText('No pinned messages yet').waitFor();
    await header(bobPage).getByRole('button', { name: 'Pinned messages: 0' }).waitFor();
    expect((await bob.client.getPinnedPosts(channel.id)).order).to.deep.equal([]);
    await pinned.getByRole('button', { name: 'Close pinned messages' }).press('Escape');
    await pinned.waitFor({ state: 'detached' });
  });

  it("lists the channel's files with who shared them, a download link and the preview", async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    const { file_infos: [info] } = await upload(bob.client, channel.id, [textFile('notes.txt', 'milk, eggs, flour')]);
    await bob.client.createPost({ channel_id: channel.id, message: 'shopping list', file_ids: [info.id] } as Post);
    await header(alicePage).getByRole('button', { name: 'Channel files' }).click();
    const files = panel(alicePage, 'Channel files');
    const item = files.getByRole('listitem').filter({ hasText: 'notes.txt' });
    await item.waitFor();
    expect(await item.innerText()).to.include(`TXT · 17 B · ${bob.user.username}`);
    expect(await item.getByRole('link', { name: 'Download notes.txt' }).getAttribute('href')).to.match(new RegExp(`/api/v4/files/${info.id}\\?download=1$`));
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    await item.getByRole('button', { name: 'Preview notes.txt' }).click();
    const preview = alicePage.getByRole('dialog', { name: 'notes.txt' });
    await preview.getByText('milk, eggs, flour').waitFor();
    await alicePage.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });

    // A file shared while the list is open appears in it.
    const { file_infos: [later] } = await upload(bob.client, channel.id, [textFile('later.txt', 'x')]);
    await bob.client.createPost({ channel_id: channel.id, message: 'one more', file_ids: [later.id] } as Post);
    await files.getByRole('listitem').filter({ hasText: 'later.txt' }).waitFor();
  });

  it('shows members with their roles, adds and removes people and makes a channel admin, live for the other member', async function () {
    this.timeout(60_000);
    const channel = await openChannel();
    await admin.updateChannelMemberSchemeRoles(channel.id, alice.user.id, true, true);
    await Promise.all([alicePage.reload(), bobPage.reload()]);
    await header(alicePage).getByRole('button', { name: '3 members' }).click();
    await header(bobPage).getByRole('button', { name: '3 members' }).click();
    const [aliceMembers, bobMembers] = [panel(alicePage, 'Members'), panel(bobPage, 'Members')];
    const inSection = (title: string) => (members: typeof aliceMembers) => ({
      getByText: (name: string) => members.getByRole('region', { name: title }).locator('strong', { hasText: name }),
    });
    const [admins, plain] = [inSection('Channel admins'), inSection('Members')];
    await admins(aliceMembers).getByText(`@${alice.user.username}`).waitFor();
    await plain(aliceMembers).getByText(`@${bob.user.username}`).waitFor();
    // Bob, a plain member of a public channel, may add people but not change roles.
    await bobMembers.getByRole('button', { name: 'Manage' }).click();
    expect(await bobMembers.getByRole('button', { name: /Make channel admin/ }).count()).to.equal(0);
    await bobMembers.getByRole('button', { name: 'Done' }).click();

    await aliceMembers.getByRole('button', { name: 'Add' }).click();
    const dialog = alicePage.getByRole('dialog', { name: `Add people to ${channel.display_name}` });
    await dialog.getByLabel('Search for people').fill(carol.user.username);
    await dialog.getByRole('button', { name: `@${carol.user.username}` }).click();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await plain(bobMembers).getByText(`@${carol.user.username}`).waitFor();
    await header(bobPage).getByRole('button', { name: '4 members' }).waitFor();

    await aliceMembers.getByRole('button', { name: 'Manage' }).click();
    await aliceMembers.getByRole('button', { name: `Make channel admin @${bob.user.username}` }).click();
    await admins(aliceMembers).getByText(`@${bob.user.username}`).waitFor();
    expect((await admin.getChannelMember(channel.id, bob.user.id)).scheme_admin).to.equal(true);
    await aliceMembers.getByRole('button', { name: `Remove from channel @${carol.user.username}` }).click();
    await bobMembers.locator('strong', { hasText: `@${carol.user.username}` }).waitFor({ state: 'detached' });

    await aliceMembers.getByLabel('Search members').fill(bob.user.username);
    await aliceMembers.locator('strong', { hasText: `@${alice.user.username}` }).waitFor({ state: 'detached' });
    await aliceMembers.locator('strong', { hasText: `@${bob.user.username}` }).waitFor();
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
  });

  it('saves a message from the post menu, marks it saved and lists it under Saved messages until removed', async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    const post = await bob.client.createPost({ channel_id: channel.id, message: 'remember the milk' } as Post);
    await postMenu(alicePage, channel, post.message, 'Save');
    await postItem(alicePage, channel, post.message).locator('.saved-marker').waitFor();
    expect((await alice.client.getFlaggedPosts(alice.user.id)).order).to.deep.equal([post.id]);

    await alicePage.getByRole('button', { name: 'Saved messages' }).click();
    const saved = panel(alicePage, 'Saved messages');
    await saved.getByRole('listitem').filter({ hasText: post.message }).waitFor();
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
    await saved.getByRole('button', { name: `Remove from Saved: the message by ${bob.user.username}` }).click();
    await saved.getByText('No saved messages yet').waitFor();
    await postItem(alicePage, channel, post.message).locator('.saved-marker').waitFor({ state: 'detached' });

    // Saving it again from the menu lists it again in the open panel.
    await postMenu(alicePage, channel, post.message, 'Save');
    await saved.getByRole('listitem').filter({ hasText: post.message }).waitFor();
    await postMenu(alicePage, channel, post.message, 'Remove from Saved');
    await saved.getByText('No saved messages yet').waitFor();

    // Saved or removed elsewhere (another tab, another app), the page follows.
    const preference = { user_id: alice.user.id, category: 'flagged_post', name: post.id, value: 'true' };
    await alice.client.savePreferences(alice.user.id, [preference]);
    await postItem(alicePage, channel, post.message).locator('.saved-marker').waitFor();
    await saved.getByRole('listitem').filter({ hasText: post.message }).waitFor();
    await alice.client.deletePreferences(alice.user.id, [preference]);
    await postItem(alicePage, channel, post.message).locator('.saved-marker').waitFor({ state: 'detached' });
    await saved.getByText('No saved messages yet').waitFor();
  });

  it('marks a post unread from the menu and with Alt+click: the line moves there and the channel stays unread until opened again', async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    const other = await createChannelWith(admin, team, [alice.user.id]);
    for (const message of ['first of three', 'second of three', 'third of three']) await bob.client.createPost({ channel_id: channel.id, message } as Post);
    await postItem(alicePage, channel, 'third of three').waitFor();
    /** Waits for the "New messages" line to stand right above the post with `text`, the only such line. */
    const lineAbove = async (text: string) => {
      await log(alicePage, channel).locator('li.new-messages-line + li').filter({ hasText: text }).waitFor();
      expect(await log(alicePage, channel).locator('li.new-messages-line').count()).to.equal(1);
    };

    // The posts that came in while she read are marked read first (the client tells the server shortly after).
    await readEverything(alice, channel);
    await postMenu(alicePage, channel, 'second of three', 'Mark as Unread');
    await lineAbove('second of three');
    const [member, counted] = await Promise.all([alice.client.getChannelMember(channel.id, alice.user.id), alice.client.getChannel(channel.id)]);
    expect(counted.total_msg_count - member.msg_count).to.equal(2);

    await postItem(alicePage, channel, 'first of three').locator('.post-body').click({ modifiers: ['Alt'] });
    await lineAbove('first of three');

    // Marked unread by hand, the open channel stays unread when more arrives, as in Mattermost.
    await bob.client.createPost({ channel_id: channel.id, message: 'and a fourth' } as Post);
    await postItem(alicePage, channel, 'and a fourth').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [stillUnread, total] = await Promise.all([alice.client.getChannelMember(channel.id, alice.user.id), alice.client.getChannel(channel.id)]);
    expect(total.total_msg_count - stillUnread.msg_count).to.equal(4);

    // Away from the channel, the sidebar shows it unread; opened again, it is read.
    await alicePage.goto(channelPath(other));
    await log(alicePage, other).waitFor();
    const sidebarLink = (name: string) => alicePage.getByRole('navigation', { name: `${team.display_name} channels` }).getByRole('link', { name, exact: true });
    await sidebarLink(`${channel.display_name} (unread)`).click();
    await readEverything(alice, channel);
    await sidebarLink(channel.display_name).waitFor();
  });

  it('opens the edit history from "(edited)" on my own post, each version with its time, and restores one', async function () {
    this.timeout(40_000);
    const channel = await openChannel();
    const post = await alice.client.createPost({ channel_id: channel.id, message: 'meet at 5' } as Post);
    await alice.client.patchPost({ id: post.id, message: 'meet at 6' });
    await alice.client.patchPost({ id: post.id, message: 'meet at 7' });
    await postItem(alicePage, channel, 'meet at 7').getByRole('button', { name: 'Edited: show the edit history' }).click();
    const history = panel(alicePage, 'Edit history');
    const versions = history.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await versions.nth(2).waitFor();
    const texts = await versions.allInnerTexts();
    expect(texts[0]).to.match(/^Current version[\s\S]*meet at 7/);
    expect(texts[1]).to.match(/^Edited[\s\S]*meet at 6/);
    expect(texts[2]).to.match(/^Original[\s\S]*meet at 5/);
    expect(await history.locator('time').count()).to.equal(3);
    expect(await seriousViolations(alicePage)).to.deep.equal([]);

    // Restoring the original makes it the message again, and what it replaced joins the history.
    await versions.nth(2).getByRole('button', { name: /^Restore this version \(original/ }).click();
    await postItem(alicePage, channel, 'meet at 5').waitFor();
    await versions.nth(3).waitFor();
    expect((await versions.allInnerTexts()).map((text) => /meet at \d/.exec(text)?.[0])).to.deep.equal(['meet at 5', 'meet at 7', 'meet at 6', 'meet at 5']);

    // Bob sees "(edited)" but not a way into someone else's history.
    const bobsView = postItem(bobPage, channel, 'meet at 5');
    await bobsView.getByText('(edited)').waitFor();
    expect(await bobsView.getByRole('button', { name: 'Edited: show the edit history' }).count()).to.equal(0);
  });
});
