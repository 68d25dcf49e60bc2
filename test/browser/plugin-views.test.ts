// A plugin's view in Debian's chromium: served sandboxed from the plugin's public/ folder, framed by
// the web client at /plug/<plugin_id>/<view_id>, and talking to it only over the view bridge — a real
// postMessage round trip to the plugin's own route as the signed-in user, the plugin's own WebSocket
// events coming in, and the proofs that the view can read no cookie or storage, make no request of
// its own, and reach no other plugin's routes.
import { expect } from 'chai';
import { build } from 'esbuild';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { launchBrowser, openPage, submitLogin } from '../helpers/browser.ts';

const VIEWER = 'com.example.viewer';
const OTHER = 'com.example.other';

/** The view's script: everything it tries, written into the page as JSON for the test to read. */
const VIEW_SCRIPT = `
import { connectView } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../plugin-api/src/view-bridge.ts'))};
const out = {};
const report = () => { document.getElementById('out').textContent = JSON.stringify(out); };
(async () => {
  try { out.cookie = document.cookie; } catch (err) { out.cookie = 'blocked: ' + err.name; }
  try { localStorage.setItem('k', 'v'); out.storage = 'usable'; } catch (err) { out.storage = 'blocked: ' + err.name; }
  out.directFetch = await fetch('/api/v4/users/me').then((r) => 'answered ' + r.status, () => 'blocked');
  const bridge = await connectView();
  out.context = bridge.context;
  bridge.onEvent((event, data) => { out.event = { event, data }; report(); });
  const echo = await bridge.fetch('/echo', { method: 'POST', body: JSON.stringify({ hello: 'plugin' }), headers: { 'content-type': 'application/json', authorization: 'Bearer stolen' } });
  out.echo = { status: echo.status, body: echo.json() };
  for (const [name, target] of [['other', '/../${OTHER}/secret'], ['encoded', '/%2e%2e/${OTHER}/secret'], ['protocolRelative', '//evil.example/x']]) {
    try { await bridge.fetch(target); out[name] = 'reached'; } catch (err) { out[name] = 'refused'; }
  }
  await bridge.fetch('/publish', { method: 'POST' });
  out.ready = true;
  report();
})().catch((err) => { out.error = String(err); report(); });
`;

const VIEWER_SERVER = `
export default (api) => ({
  async serveHttp(ctx, request) {
    if (request.path === '/echo') return { body: JSON.stringify({ user_id: request.user_id, got: JSON.parse(request.body), authorization: request.headers.authorization ?? null }) };
    if (request.path === '/publish') {
      await api.websocket.publish('ping', { n: 1 }, { user_id: request.user_id });
      return { body: '{}' };
    }
    return { status: 404 };
  },
});`;

const OTHER_SERVER = `
export default (api) => ({
  async serveHttp(ctx, request) {
    await api.kv.set('hit', request.path);
    return { body: 'secret of another plugin' };
  },
});`;

describe('plugin views (browser)', () => {
  let ts: TestServer;
  let admin: Client4;
  let adminName: string;
  let member: LoggedIn;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    const signedIn = await createAdmin(ts);
    admin = signedIn.client;
    adminName = signedIn.user.username;
    member = await createUser(ts, admin);
    const bundled = await build({ stdin: { contents: VIEW_SCRIPT, resolveDir: import.meta.dirname, loader: 'js' }, bundle: true, format: 'iife', write: false, platform: 'browser' });
    const views = [
      { path: 'public/views/panel.html', body: '<!doctype html><html><body><pre id="out"></pre><script src="panel.js"></script></body></html>' },
      { path: 'public/views/panel.js', body: bundled.outputFiles[0].text },
    ];
    const ui = {
      version: 1,
      views: [
        { id: 'panel', path: 'public/views/panel.html', placement: 'page', title: 'Viewer panel' },
        { id: 'side', path: 'public/views/panel.html', placement: 'rhs', title: 'Viewer side' },
      ],
      channel_header_buttons: [{ id: 'open-panel', label: 'Open the panel', action: { type: 'view', view: 'panel' } }],
      app_bar_items: [{ id: 'open-side', label: 'Open the side panel', action: { type: 'view', view: 'side' } }],
    };
    const viewer = pluginBundle({ id: VIEWER, server: VIEWER_SERVER, manifest: { ui, permissions: { api: ['websocket'], media: ['microphone'] } } }, views);
    const other = pluginBundle({ id: OTHER, server: OTHER_SERVER, manifest: { permissions: { api: ['kv'] } } });
    for (const [id, bundle] of [[VIEWER, viewer], [OTHER, other]] as const) {
      await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, false);
      await admin.enablePlugin(id);
    }
    browser = await launchBrowser();
    page = await openPage(browser, ts, `/plug/${VIEWER}/panel`);
    await submitLogin(page, member.user.username, PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await ts.close();
  });

  async function viewOutput(): Promise<Record<string, unknown>> {
    const out = page.frameLocator('iframe.plugin-view').locator('#out');
    await out.filter({ hasText: '"ready":true' }).waitFor();
    await out.filter({ hasText: '"event"' }).waitFor();
    return JSON.parse((await out.textContent()) ?? '{}') as Record<string, unknown>;
  }

  it('shows the view to a user who is not an admin, in a frame sandboxed without same-origin and with the media its manifest declares', async () => {
    await page.getByRole('heading', { name: 'Viewer panel' }).waitFor();
    const frame = page.locator('iframe.plugin-view');
    expect(await frame.getAttribute('sandbox')).to.equal('allow-scripts allow-forms allow-popups allow-modals');
    expect(await frame.getAttribute('allow')).to.equal(`microphone ${ts.url}`);
  });

  it('answers the view\'s request to its own plugin as the user, over postMessage, and passes its WebSocket events in', async () => {
    const out = await viewOutput();
    expect(out.context).to.deep.include({ plugin_id: VIEWER, view_id: 'panel', user: { id: member.user.id, username: member.user.username, locale: 'en' } });
    // The route ran as the user, and the view's own Authorization header never reached it.
    expect(out.echo).to.deep.equal({ status: 200, body: { user_id: member.user.id, got: { hello: 'plugin' }, authorization: null } });
    expect(out.event).to.deep.equal({ event: 'ping', data: { n: 1 } });
  });

  it('passes the plugin\'s events to a view in the chat\'s right-hand panel over the chat\'s own socket', async () => {
    const team = await admin.createTeam({ name: uniqueName('views'), display_name: 'Views', type: 'O' } as Team);
    await admin.addToTeam(team.id, member.user.id);
    const chat = await page.context().newPage();
    const sockets: string[] = [];
    chat.on('websocket', (socket) => sockets.push(socket.url()));
    await chat.goto(`${ts.url}/${team.name}/channels/town-square`);
    await chat.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Open the side panel' }).click();
    const out = chat.frameLocator('aside iframe.plugin-view').locator('#out');
    await out.filter({ hasText: '"event"' }).waitFor();
    expect((JSON.parse((await out.textContent()) ?? '{}') as { event: unknown }).event).to.deep.equal({ event: 'ping', data: { n: 1 } });
    // One connection for the tab: the view's events came over the chat's socket.
    expect(sockets).to.have.length(1);
    await chat.close();
  });

  it('leaves the view no cookie, no storage and no request of its own', async () => {
    const out = await viewOutput();
    expect(out.cookie).to.match(/^blocked: SecurityError/);
    expect(out.storage).to.match(/^blocked: SecurityError/);
    expect(out.directFetch).to.equal('blocked');
  });

  it('refuses the view\'s requests to another plugin\'s routes, however the path is spelt', async () => {
    const out = await viewOutput();
    expect({ other: out.other, encoded: out.encoded, protocolRelative: out.protocolRelative }).to.deep.equal({ other: 'refused', encoded: 'refused', protocolRelative: 'refused' });
    const hit = await fetch(`${ts.url}/plugins/${OTHER}/check`).then((r) => r.text());
    expect(hit).to.equal('secret of another plugin');
    // The only request the other plugin ever got is the test's own.
    const kv = await ts.store.pluginKv.get(OTHER, 'hit', Date.now());
    expect(kv).to.equal('"/check"');
  });

  it('keeps a plugin\'s page sandboxed when it is opened on its own, outside the client', async () => {
    const direct = await browser.newPage();
    const response = await direct.goto(`${ts.url}/plugins/${VIEWER}/public/views/panel.html`);
    expect(response?.headers()['content-security-policy']).to.match(/^sandbox allow-scripts/);
    const origin = await direct.evaluate(() => window.origin);
    expect(origin).to.equal('null');
    await direct.close();
  });

  it('shows the admin what the plugin may do in the web client, beside its API access', async () => {
    const console = await openPage(browser, ts, '/admin_console/plugins/plugin_management');
    await submitLogin(console, adminName, PASSWORD);
    const grants = console.locator('#plugin-com-example-viewer-grants');
    await grants.waitFor();
    const text = (await grants.textContent()) ?? '';
    expect(text).to.include('API accesswebsocket');
    expect(text).to.include('1 channel header button; 1 app bar item; view "Viewer panel" (full page, sandboxed); view "Viewer side" (right-hand sidebar, sandboxed)');
    expect(text).to.include('Media its views may ask formicrophone');
    await console.context().close();
  });

  it('lists the plugin\'s UI contract for signed-in users, and no web app bundles to load', async () => {
    const contracts = (await (await fetch(`${ts.url}/api/v4/plugins/ui`, { headers: { Authorization: `Bearer ${member.client.getToken()}` } })).json()) as Array<Record<string, unknown>>;
    expect((await fetch(`${ts.url}/api/v4/plugins/ui`)).status, 'signed-in users only').to.equal(401);
    const viewer = contracts.find((c) => c.plugin_id === VIEWER) as { ui: { views: Array<{ url: string }> }; media: string[] };
    expect(viewer.ui.views[0].url).to.equal(`/plugins/${VIEWER}/public/views/panel.html`);
    expect(viewer.media).to.deep.equal(['microphone']);
    expect(await member.client.getWebappPlugins()).to.deep.equal([]);
  });
});
