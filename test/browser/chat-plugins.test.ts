// A plugin's UI in the chat, in Debian's chromium: its channel header button running its route, an
// attachment button opening its interactive dialog (with the plugin's per-field errors), its slash
// command's dialog, its custom post type drawn from props as text, its view in the right-hand panel
// from the app bar, and all of it gone once the plugin is disabled — without a reload.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { launchBrowser, openPage, submitLogin } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { eventually } from '../helpers/ws-client.ts';

const ID = 'com.example.chatui';
const DIALOG = { callback_id: 'ticket', title: 'File a ticket', elements: [{ display_name: 'Name', name: 'name', type: 'text', help_text: 'What is broken' }], submit_label: 'File' };

const SERVER = `
const dialog = ${JSON.stringify(DIALOG)};
export default (api) => ({
  async onActivate() {
    await api.commands.register({ trigger: 'ticket', auto_complete: true, auto_complete_desc: 'File a ticket' });
  },
  async executeCommand(ctx, args) {
    await api.dialogs.open(args.trigger_id, '/plugins/${ID}/submit', { ...dialog, state: 'command' });
    return {};
  },
  async serveHttp(ctx, request) {
    const body = request.body ? JSON.parse(request.body) : {};
    if (request.path === '/hello') return { body: JSON.stringify({ ephemeral_text: 'Hello from the plugin, @' + body.user_name }) };
    if (request.path === '/click') {
      await api.dialogs.open(body.trigger_id, '/plugins/${ID}/submit', { ...dialog, state: 'button' });
      return { body: '{}' };
    }
    if (request.path === '/submit') {
      if (body.submission.name === 'bad') return { body: JSON.stringify({ errors: { name: 'A ticket needs a better name.' } }) };
      await api.kv.set('submitted', { name: body.submission.name, state: body.state, channel_id: body.channel_id });
      return { body: '{}' };
    }
    return { status: 404 };
  },
});`;

const UI = {
  version: 1,
  channel_header_buttons: [{ id: 'hello', label: 'Say hello', action: { type: 'route', path: '/hello' } }],
  app_bar_items: [{ id: 'open-panel', label: 'Open the panel', action: { type: 'view', view: 'panel' } }],
  views: [{ id: 'panel', path: 'public/panel.html', placement: 'rhs', title: 'Chat panel' }],
  post_types: [{ type: 'custom_status_card', blocks: [{ text: '**{{props.title}}**' }, { badge: { text: '{{props.state}}', color: 'success' } }] }],
};

describe('plugin UI in the chat (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let member: LoggedIn;
  let team: Team;
  let channel: Channel;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const log = () => page.getByRole('log', { name: `Messages in ${channel.display_name}` });
  const submitted = () => ts.store.pluginKv.get(ID, 'submitted', Date.now());

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    member = await createUser(ts, admin);
    team = await createTeamWith(admin, [member.user.id]);
    channel = await createChannelWith(admin, team, [member.user.id]);
    const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { ui: UI, permissions: { api: ['kv', 'commands', 'dialogs'] } } }, [
      { path: 'public/panel.html', body: '<!doctype html><html><body><p>Panel view</p></body></html>' },
    ]);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${ID}.tar.gz`) as never, false);
    await admin.enablePlugin(ID);
    browser = await launchBrowser();
    page = await openPage(browser, ts, `/${team.name}/channels/${channel.name}`);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await submitLogin(page, member.user.username, PASSWORD);
    await log().waitFor();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });

  it("runs a channel header button's route, and shows the plugin's answer to me only", async () => {
    await page.getByRole('group', { name: 'Plugin actions' }).getByRole('button', { name: 'Say hello' }).click();
    const answer = log().getByRole('listitem').filter({ hasText: `Hello from the plugin, @${member.user.username}` });
    await answer.waitFor();
    expect(await answer.textContent()).to.include('(only visible to you)');
  });

  it("opens the integration's dialog from an attachment button, shows its per-field error, and hands it a valid submission", async () => {
    const card = { attachments: [{ title: 'Something broke', actions: [{ id: 'file', name: 'File a ticket', integration: { url: `/plugins/${ID}/click`, context: {} } }] }] };
    await admin.createPost({ channel_id: channel.id, message: 'Incident', props: card } as unknown as Post);
    await log().getByRole('button', { name: 'File a ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'File a ticket' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('bad');
    await dialog.getByRole('button', { name: 'File' }).click();
    await dialog.getByText('A ticket needs a better name.').waitFor();
    await dialog.getByLabel('Name').fill('printer on fire');
    await dialog.getByRole('button', { name: 'File' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(JSON.parse(String(await submitted()))).to.deep.equal({ name: 'printer on fire', state: 'button', channel_id: channel.id });
  });

  it("runs the plugin's slash command from the composer, and its dialog opens", async () => {
    await page.getByRole('combobox', { name: `Write to ${channel.display_name}` }).fill('/ticket');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'File a ticket' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('from the command');
    await dialog.getByRole('button', { name: 'File' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(JSON.parse(String(await submitted()))).to.include({ name: 'from the command', state: 'command' });
  });

  it("draws the plugin's custom post type from the post's props, as text", async () => {
    await admin.createPost({ channel_id: channel.id, message: 'Deploy finished', type: 'custom_status_card', props: { title: '<img src=x onerror="window.__pwned=1">Deploy 42', state: 'done' } } as unknown as Post);
    const post = log().getByRole('listitem').filter({ hasText: 'Deploy 42' });
    await post.waitFor();
    expect(await post.locator('.surface-post-text strong').textContent()).to.equal('<img src=x onerror="window.__pwned=1">Deploy 42');
    expect(await post.locator('img').count()).to.equal(0);
    expect(await post.locator('.surface-badge').textContent()).to.equal('done');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);
  });

  it("opens the plugin's view in the right-hand panel from the app bar", async () => {
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Open the panel' }).click();
    const panel = page.getByRole('complementary', { name: 'Chat panel' });
    await panel.waitFor();
    await page.frameLocator('aside iframe.plugin-view').getByText('Panel view').waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await panel.getByRole('button', { name: 'Close Chat panel' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('takes the plugin\'s surfaces away when an admin disables it, without a reload', async () => {
    const header = page.getByRole('button', { name: 'Say hello' });
    expect(await header.isVisible()).to.equal(true);
    await admin.disablePlugin(ID);
    await header.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Apps' }).waitFor({ state: 'detached' });
    // Its custom posts fall back to their message, as other clients show them.
    await log().getByText('Deploy finished').waitFor();
    await admin.enablePlugin(ID);
    await header.waitFor();
    await eventually(async () => expect(pageErrors).to.deep.equal([]));
  });
});
