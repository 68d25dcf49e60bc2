// A thread's reply box is the channel's composer (Debian's chromium): a reply with a file sent from
// the thread panel reaches the other person's open thread live, and neither it nor a file dropped on
// the panel lands in the channel's box; typing in a thread shows under that thread only; a thread's
// draft survives a reload, follows me to my other session and never reaches the channel's box; ↑
// edits my last reply in the thread; a slash command run in a thread is told the thread and its
// ephemeral answer shows there; and a dialog asked for on the Threads page (by a slash command or a
// reply's attachment button) opens there and submits with the thread's channel.
import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { openThreadFromMenu, signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { eventually } from '../helpers/ws-client.ts';

const ID = 'com.example.threadbox';
const DIALOG = { callback_id: 'ticket', title: 'File a ticket', elements: [{ display_name: 'Name', name: 'name', type: 'text' }], submit_label: 'File' };

// /whereami answers only to the caller with the thread it was run in; /ticket and the attachment
// button open a dialog whose submission the plugin keeps.
const SERVER = `
const dialog = ${JSON.stringify(DIALOG)};
export default (api) => ({
  async onActivate() {
    await api.commands.register({ trigger: 'whereami', auto_complete: true, auto_complete_desc: 'Where am I' });
    await api.commands.register({ trigger: 'ticket', auto_complete: true, auto_complete_desc: 'File a ticket' });
  },
  async executeCommand(ctx, args) {
    if (args.command.startsWith('/whereami')) return { response_type: 'ephemeral', text: 'Asked in thread ' + (args.root_id || 'none') };
    await api.dialogs.open(args.trigger_id, '/plugins/${ID}/submit', { ...dialog, state: 'command' });
    return {};
  },
  async serveHttp(ctx, request) {
    const body = request.body ? JSON.parse(request.body) : {};
    if (request.path === '/click') {
      await api.dialogs.open(body.trigger_id, '/plugins/${ID}/submit', { ...dialog, state: 'button' });
      return { body: '{}' };
    }
    if (request.path === '/submit') {
      await api.kv.set('submitted', { name: body.submission.name, state: body.state, channel_id: body.channel_id, team_id: body.team_id });
      return { body: '{}' };
    }
    return { status: 404 };
  },
});`;

describe('chat thread composer (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  let root: Post;
  const pageErrors: string[] = [];

  const signedInPage = (who: LoggedIn) => signedInChatPage(browser, ts, who, pageErrors);
  const channelPath = () => `/${team.name}/channels/${channel.name}`;
  const log = (page: Page) => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const channelArea = (page: Page) => page.getByRole('main', { name: channel.display_name });
  const channelBox = (page: Page) => page.getByRole('combobox', { name: `Write to ${channel.display_name}` });
  const threadPanel = (page: Page) => page.getByRole('complementary', { name: 'Thread' });
  const threadBox = (within: Locator) => within.getByRole('combobox');
  const postItem = (page: Page, text: string) => log(page).getByRole('listitem').filter({ hasText: text });
  const submitted = async () => JSON.parse(String(await ts.store.pluginKv.get(ID, 'submitted', Date.now()))) as Record<string, string>;

  /** Opens the channel and the root's thread in the right-hand panel, through its "Message actions" menu. */
  async function openThread(page: Page): Promise<Locator> {
    await page.goto(channelPath());
    const item = postItem(page, root.message);
    await item.waitFor();
    return openThreadFromMenu(page, item, root.message);
  }

  /** Waits until the server's drafts of `who` in the team satisfy `check`. */
  async function draftsOnServer(who: LoggedIn, check: (drafts: Array<{ root_id: string; message: string }>) => boolean): Promise<void> {
    await eventually(async () => {
      const drafts = await who.client.getUserDrafts(team.id);
      if (!check(drafts)) throw new Error(`the server holds other drafts: ${JSON.stringify(drafts.map((d) => [d.root_id, d.message]))}`);
    }, 10_000);
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['kv', 'commands', 'dialogs'] } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${ID}.tar.gz`) as never, false);
    await admin.enablePlugin(ID);
    root = await bob.client.createPost({ channel_id: channel.id, message: 'who brings the slides?' } as Post);
    browser = await launchBrowser();
    [alicePage, bobPage] = await Promise.all([signedInPage(alice), signedInPage(bob)]);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors thrown in the pages').to.deep.equal([]);
  });

  it('sends a reply with a file from the thread panel that the other person sees live, and the channel box keeps no file', async function () {
    this.timeout(40_000);
    const [panel, bobPanel] = await Promise.all([openThread(alicePage), openThread(bobPage)]);
    await panel.getByLabel('Attach files').setInputFiles([{ name: 'slides.txt', mimeType: 'text/plain', buffer: Buffer.from('slide one') }]);
    await panel.getByRole('list', { name: 'Attached files' }).locator('li', { hasText: 'slides.txt' }).getByText('Uploaded').waitFor();
    expect(await channelArea(alicePage).getByRole('list', { name: 'Attached files' }).count()).to.equal(0);
    await threadBox(panel).fill('I will, here they are');
    await threadBox(panel).press('Enter');

    await bobPanel.getByRole('link', { name: 'Download slides.txt' }).waitFor();
    await bobPanel.getByText('I will, here they are').waitFor();
    await panel.getByRole('link', { name: 'Download slides.txt' }).waitFor();
    expect(await panel.getByRole('list', { name: 'Attached files' }).count()).to.equal(0);
    const thread = await admin.getPostThread(root.id);
    const reply = Object.values(thread.posts).find((p) => p.message === 'I will, here they are');
    expect(reply?.root_id).to.equal(root.id);
    expect(reply?.file_ids).to.have.length(1);
    // With collapsed threads on (the default) the reply stays out of the channel's list.
    expect(await log(alicePage).getByText('I will, here they are').count()).to.equal(0);
    expect(await seriousViolations(alicePage)).to.deep.equal([]);
  });

  it("takes a file dropped on the thread panel into the thread's box, not the channel's", async function () {
    this.timeout(30_000);
    const panel = threadPanel(alicePage);
    const dropped = await alicePage.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['agenda'], 'agenda.md', { type: 'text/markdown' }));
      return transfer;
    });
    await panel.dispatchEvent('dragover', { dataTransfer: dropped });
    await panel.dispatchEvent('drop', { dataTransfer: dropped });
    const tray = panel.getByRole('list', { name: 'Attached files' });
    await tray.locator('li', { hasText: 'agenda.md' }).getByText('Uploaded').waitFor();
    expect(await channelArea(alicePage).getByRole('list', { name: 'Attached files' }).count()).to.equal(0);
    await tray.getByRole('button', { name: 'Remove agenda.md' }).click();
    await tray.waitFor({ state: 'detached' });
  });

  it('shows who is typing in a thread under that thread, not under the channel', async function () {
    this.timeout(30_000);
    const panel = threadPanel(alicePage);
    await threadBox(threadPanel(bobPage)).pressSequentially('thinking');
    await panel.getByText(`${bob.user.username} is typing…`).waitFor();
    expect(await channelArea(alicePage).locator('.typing').textContent()).to.equal('');
    await threadBox(threadPanel(bobPage)).fill('');
  });

  it('keeps a thread draft across a reload, apart from the channel draft', async function () {
    this.timeout(40_000);
    let panel = threadPanel(alicePage);
    await threadBox(panel).fill('slides by noon');
    await channelBox(alicePage).fill('a note to the channel');
    await draftsOnServer(alice, (drafts) => drafts.some((d) => d.root_id === root.id && d.message === 'slides by noon') && drafts.some((d) => d.root_id === '' && d.message === 'a note to the channel'));

    await alicePage.reload();
    panel = await openThread(alicePage);
    expect(await threadBox(panel).inputValue()).to.equal('slides by noon');
    expect(await channelBox(alicePage).inputValue()).to.equal('a note to the channel');

    // My other session with the thread open follows the thread's draft (draft_updated), not the channel's box.
    const other = await signedInPage(alice);
    const otherPanel = await openThread(other);
    expect(await threadBox(otherPanel).inputValue()).to.equal('slides by noon');
    await threadBox(panel).fill('slides by one');
    await eventually(async () => expect(await threadBox(otherPanel).inputValue()).to.equal('slides by one'), 10_000);
    expect(await channelBox(other).inputValue()).to.equal('a note to the channel');
    await other.context().close();

    // Emptying the thread's box deletes its draft only.
    await threadBox(panel).fill('');
    await draftsOnServer(alice, (drafts) => drafts.length === 1 && drafts[0].root_id === '');
    expect(await channelBox(alicePage).inputValue()).to.equal('a note to the channel');
    await channelBox(alicePage).fill('');
    await draftsOnServer(alice, (drafts) => drafts.length === 0);
  });

  it('edits my last reply in the thread with the up arrow in its empty box', async function () {
    this.timeout(30_000);
    const panel = threadPanel(alicePage);
    await channelBox(alicePage).fill('in the channel, not the thread');
    await channelBox(alicePage).press('Enter');
    await postItem(alicePage, 'in the channel, not the thread').waitFor();

    await threadBox(panel).press('ArrowUp');
    expect(await threadBox(panel).inputValue()).to.equal('I will, here they are');
    await threadBox(panel).fill('I will, slides attached');
    await threadBox(panel).press('Enter');
    await threadPanel(bobPage).getByText('I will, slides attached').waitFor();
    expect(await threadBox(panel).inputValue()).to.equal('');
    // The panel is still open: Escape was not needed, and the channel's post is untouched.
    await postItem(alicePage, 'in the channel, not the thread').waitFor();
  });

  it("runs a slash command in the thread, which is told the thread, and shows its answer there to me only", async function () {
    this.timeout(30_000);
    const panel = threadPanel(alicePage);
    await threadBox(panel).fill('/whereami');
    await threadBox(panel).press('Enter');
    const answer = panel.getByRole('listitem').filter({ hasText: `Asked in thread ${root.id}` });
    await answer.waitFor();
    expect(await answer.textContent()).to.include('(only visible to you)');
    expect(await log(alicePage).getByText('Asked in thread').count()).to.equal(0);
    expect(await threadPanel(bobPage).getByText('Asked in thread').count()).to.equal(0);
  });

  it("opens a dialog asked for on the Threads page, and submits it with the thread's channel", async function () {
    this.timeout(40_000);
    await alicePage.goto(`/${team.name}/threads/${root.id}`);
    const pane = alicePage.getByRole('region', { name: 'Thread', exact: true });
    await pane.getByRole('log', { name: 'Thread messages' }).getByText(root.message).waitFor();
    await threadBox(pane).fill('/ticket');
    await threadBox(pane).press('Enter');
    const dialog = alicePage.getByRole('dialog', { name: 'File a ticket' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('from the thread');
    await dialog.getByRole('button', { name: 'File' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await submitted()).to.deep.equal({ name: 'from the thread', state: 'command', channel_id: channel.id, team_id: team.id });

    // A reply's attachment button, on the same page.
    const card = { attachments: [{ title: 'Projector broke', actions: [{ id: 'file', name: 'Report it', integration: { url: `/plugins/${ID}/click`, context: {} } }] }] };
    await bob.client.createPost({ channel_id: channel.id, root_id: root.id, message: 'the projector', props: card } as unknown as Post);
    await pane.getByRole('button', { name: 'Report it' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('projector');
    await dialog.getByRole('button', { name: 'File' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await submitted()).to.deep.equal({ name: 'projector', state: 'button', channel_id: channel.id, team_id: team.id });
  });
});
