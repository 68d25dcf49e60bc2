// Deep links into a plugin's page view: whatever follows /plug/<plugin_id>/<view_id> reaches the view
// as context.path, and the view navigating to another of its sub-paths opens it again with the new
// path. The path is only data: whatever it says — another plugin's view, dot segments, encoded
// slashes — the frame is the view's own page and its requests reach only its own plugin's routes.
import { expect } from 'chai';
import { build } from 'esbuild';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { launchBrowser, openPage, submitLogin } from '../helpers/browser.ts';

const LINKER = 'com.example.linker';
const OTHER = 'com.example.linked-other';

/** The view reports its context and what its request to the path it was given answered; a button navigates to a sub-path. */
const VIEW_SCRIPT = `
import { connectView } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../plugin-api/src/view-bridge.ts'))};
(async () => {
  const bridge = await connectView();
  const out = { path: bridge.context.path, view_id: bridge.context.view_id };
  // A view trying its path as a route of its own: the client still sends it to this plugin only, or refuses it.
  out.request = await bridge.fetch(bridge.context.path || '/').then((r) => 'answered ' + r.status + ' ' + r.body, () => 'refused');
  document.getElementById('out').textContent = JSON.stringify(out);
  const go = document.getElementById('go');
  go.addEventListener('click', () => bridge.navigate('/plug/${LINKER}/page/runs/xyz'));
})();
`;

const LINKER_SERVER = `export default () => ({ async serveHttp(ctx, request) { return { body: 'linker saw ' + request.path }; } });`;
const OTHER_SERVER = `export default (api) => ({ async serveHttp(ctx, request) { await api.kv.set('hit', request.path); return { body: 'other' }; } });`;

describe('plugin page views: deep links (browser)', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let admin: Client4;
  let member: LoggedIn;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    member = await createUser(ts, admin);
    const bundled = await build({ stdin: { contents: VIEW_SCRIPT, resolveDir: import.meta.dirname, loader: 'js' }, bundle: true, format: 'iife', write: false, platform: 'browser' });
    const files = [
      { path: 'public/page.html', body: '<!doctype html><html lang="en"><body><pre id="out"></pre><button id="go">go</button><script src="page.js"></script></body></html>' },
      { path: 'public/page.js', body: bundled.outputFiles[0].text },
    ];
    const linker = pluginBundle({ id: LINKER, server: LINKER_SERVER, manifest: { ui: { version: 1, views: [{ id: 'page', path: 'public/page.html', placement: 'page', title: 'Linker page' }] } } }, files);
    const other = pluginBundle({ id: OTHER, server: OTHER_SERVER, manifest: { permissions: { api: ['kv'] } } });
    for (const [id, bundle] of [[LINKER, linker], [OTHER, other]] as const) {
      await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, false);
      await admin.enablePlugin(id);
    }
    browser = await launchBrowser();
    page = await openPage(browser, ts, `/plug/${LINKER}/page`);
    await submitLogin(page, member.user.username, PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await ts.close();
  });

  async function output(): Promise<Record<string, unknown>> {
    const out = page.frameLocator('iframe.plugin-view').locator('#out');
    await out.filter({ hasText: '"request"' }).waitFor();
    return JSON.parse((await out.textContent()) ?? '{}') as Record<string, unknown>;
  }

  it('gives a page view the rest of its address as context.path, and an empty path without one', async () => {
    expect(await output()).to.deep.equal({ path: '', view_id: 'page', request: 'answered 200 linker saw /' });
    await page.goto(`/plug/${LINKER}/page/playbooks/abc?team_id=t`);
    expect(await output()).to.deep.include({ path: '/playbooks/abc', request: 'answered 200 linker saw /playbooks/abc' });
  });

  it('opens the view again with the new path when it navigates to one of its sub-paths, and the back button returns', async () => {
    await page.goto(`/plug/${LINKER}/page/first`);
    expect((await output()).path).to.equal('/first');
    await page.frameLocator('iframe.plugin-view').locator('#go').click();
    await page.frameLocator('iframe.plugin-view').locator('#out').filter({ hasText: '/runs/xyz' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/plug/${LINKER}/page/runs/xyz`);
    await page.goBack();
    await page.frameLocator('iframe.plugin-view').locator('#out').filter({ hasText: '"/first"' }).waitFor();
  });

  it('keeps the frame on the view\'s own page and its requests on its own plugin, whatever the sub-path names', async () => {
    // Sub-paths the browser keeps as they are (it resolves plain dot segments before any page sees them).
    for (const hostile of [`/..%2F..%2F${OTHER}%2Fsecret`, `/x/..%2F..%2F..%2F${OTHER}`, `/%252e%252e/%252e%252e/${OTHER}`, '/%5C%5Cevil.example/x']) {
      await page.goto(`/plug/${LINKER}/page${hostile}`);
      expect(new URL(page.url()).pathname, hostile).to.equal(`/plug/${LINKER}/page${hostile}`);
      expect(await page.locator('iframe.plugin-view').getAttribute('src'), hostile).to.equal(`/plugins/${LINKER}/public/page.html`);
      const out = await output();
      expect(out.path, hostile).to.equal(hostile);
      expect(out.request, hostile).to.match(/^(answered 200 linker saw \/|refused$)/);
    }
    expect(await ts.store.pluginKv.get(OTHER, 'hit', Date.now()), 'the other plugin got no request').to.equal(null);
  });
});
