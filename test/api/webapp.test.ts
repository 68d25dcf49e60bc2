// The browser app as the core serves it: pages (the chat's team addresses among them), hashed
// assets and lazily loaded chunks, and the API's own 404s left alone.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { WEBAPP_DIR, webappRoutes } from '../../core/src/http/routes/webapp-routes.ts';
import type { ParleyState } from '../../core/src/http/context.ts';

describe('web app serving', () => {
  let ts: TestServer;
  let token: string;
  const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${ts.url}${pathname}`, { headers, redirect: 'manual' });

  before(async () => {
    ts = await startTestServer();
    token = (await createAdmin(ts)).client.getToken();
  });
  after(async () => {
    await ts.close();
  });

  it('answers the app\'s index.html, never cached, at /, under /login and /admin_console, and at a team\'s chat addresses', async () => {
    const pages = [
      '/',
      '/login',
      '/admin_console',
      '/admin_console/plugins/plugin_com.example.demo',
      '/my-team/channels/town-square',
      '/my-team/messages/@alice',
      '/my-team/pl/abcdefghijklmnopqrstuvwxyz',
      '/my-team/threads',
      '/team2/channels/off-topic',
    ];
    for (const pathname of pages) {
      const visitors: Array<Record<string, string>> = [{}, { Cookie: `MMAUTHTOKEN=${token}` }];
      for (const headers of visitors) {
        const response = await get(pathname, headers);
        expect(response.status, pathname).to.equal(200);
        expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
        expect(response.headers.get('cache-control')).to.equal('no-cache');
        expect(response.headers.get('content-security-policy')).to.include("default-src 'self'");
        expect(await response.text()).to.match(/<script type="module" src="\/static\/app-[A-Z0-9]+\.js">/);
      }
    }
  });

  it("writes the startup script into the page and lets exactly it run: the policy names its hash, and no other inline script's", async () => {
    const response = await get('/my-team/channels/town-square');
    const html = await response.text();
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline, 'inline scripts').to.have.length(1);
    expect(inline[0]).to.include('parleyEarly');
    const hash = createHash('sha256').update(inline[0], 'utf8').digest('base64');
    const scriptSources = response.headers.get('content-security-policy')!.split('; ').find((directive) => directive.startsWith('script-src '));
    expect(scriptSources).to.equal(`script-src 'self' 'sha256-${hash}'`);
    expect(html, 'no separate startup script').to.not.match(/src="\/static\/startup-/);
  });

  it('answers no page where the first segment cannot be a team, or is the API, plugins or hooks', async () => {
    for (const pathname of ['/api/channels/x', '/plugins/channels/x', '/hooks/channels/x', '/static/channels/x', '/Upper/channels/x', '/a/channels/x', '/my_team/channels/x', '/my-team/settings', '/my-team']) {
      const response = await get(pathname);
      expect(response.status, pathname).to.equal(404);
      expect(response.headers.get('content-type'), pathname).to.match(/^application\/json/);
    }
  });

  it('serves the chunks the app loads later (the System Console) beside its entry script', async () => {
    const html = await (await get('/')).text();
    const entry = await (await get(/src="(\/static\/app-[^"]+\.js)"/.exec(html)![1])).text();
    const chunks = [...entry.matchAll(/"\.\/(chunk-[A-Z0-9]+\.js)"/g)].map((m) => m[1]);
    expect(chunks, 'chunks named by the entry').to.not.be.empty;
    for (const chunk of new Set(chunks)) {
      const response = await get(`/static/${chunk}`);
      expect(response.status, chunk).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    }
  });

  it('serves the hashed script and stylesheet with their types and a long cache', async () => {
    const html = await (await get('/login')).text();
    for (const [asset, type] of [
      [/src="(\/static\/app-[^"]+\.js)"/.exec(html)![1], 'text/javascript; charset=utf-8'],
      [/href="(\/static\/app-[^"]+\.css)"/.exec(html)![1], 'text/css; charset=utf-8'],
    ]) {
      const response = await get(asset);
      expect(response.status, asset).to.equal(200);
      expect(response.headers.get('content-type')).to.equal(type);
      expect(response.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
      expect((await response.arrayBuffer()).byteLength).to.be.greaterThan(1000);
    }
  });

  it('sends each script and stylesheet Brotli-compressed when the browser accepts br, gzipped when it accepts only gzip, and as built otherwise', async () => {
    const html = await (await get('/')).text();
    const assets = [/src="(\/static\/app-[^"]+\.js)"/.exec(html)![1], /href="(\/static\/app-[^"]+\.css)"/.exec(html)![1], /href="(\/static\/chunk-[^"]+\.js)"/.exec(html)![1]];
    for (const asset of assets) {
      const plain = await get(asset, { 'Accept-Encoding': 'identity' });
      expect(plain.headers.get('content-encoding'), asset).to.equal(null);
      expect(plain.headers.get('vary')).to.equal('Accept-Encoding');
      const original = await plain.text();
      // As Chromium asks: gzip listed first, br preferred all the same.
      for (const [accepted, sent] of [['gzip, deflate, br, zstd', 'br'], ['gzip, deflate', 'gzip'], ['br;q=0, gzip', 'gzip'], ['deflate', null]]) {
        const response = await get(asset, { 'Accept-Encoding': accepted! });
        expect(response.status, `${asset} ${accepted}`).to.equal(200);
        expect(response.headers.get('content-encoding'), `${asset} ${accepted}`).to.equal(sent);
        expect(response.headers.get('vary')).to.equal('Accept-Encoding');
        expect(response.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
        if (sent) expect(Number(response.headers.get('content-length')), `${asset} ${accepted}`).to.be.lessThan(Buffer.byteLength(original));
        // fetch decodes what it was sent: the same file either way.
        expect(await response.text(), `${asset} ${accepted}`).to.equal(original);
      }
    }
  });

  it('preloads the chunks the app\'s entry imports statically, so they load beside it', async () => {
    const html = await (await get('/')).text();
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/static\/(chunk-[A-Z0-9]+\.js)">/g)].map((m) => m[1]);
    const entry = await (await get(/src="(\/static\/app-[^"]+\.js)"/.exec(html)![1])).text();
    const imported = [...entry.matchAll(/from"\.\/(chunk-[A-Z0-9]+\.js)"/g)].map((m) => m[1]);
    expect(imported, 'chunks the entry imports').to.not.be.empty;
    expect(preloaded).to.include.members(imported);
  });

  it('builds one stylesheet, the one the page links, which holds the lazily loaded chunks\' rules too', async () => {
    const html = await (await get('/')).text();
    const linked = /href="\/static\/(app-[^"]+\.css)"/.exec(html)![1];
    const stylesheets = (await readdir(path.join(WEBAPP_DIR, 'static'))).filter((name) => name.endsWith('.css'));
    expect(stylesheets).to.deep.equal([linked]);
    // calls.css is imported only by the lazily loaded Calls interface (calls/calls-ui.tsx).
    expect(await (await get(`/static/${linked}`)).text()).to.include('.call-button');
  });

  it('leaves other paths, unknown assets and the API\'s 404s as Mattermost JSON errors', async () => {
    for (const pathname of ['/api/v4/no_such_route', '/api/v4/login', '/static/app-NOPE.js', '/static/%2e%2e%2fpackage.json', '/static/../package.json', '/elsewhere']) {
      const response = await get(pathname);
      expect(response.status, pathname).to.equal(404);
      expect(((await response.json()) as { id: string }).id, pathname).to.equal('api.context.404.app_error');
    }
  });

  it('says to run npm run build:webapp when the app is not built', async () => {
    const missing = await mkdtemp(path.join(tmpdir(), 'parley-no-webapp-'));
    const app = new Koa<ParleyState>();
    app.use(webappRoutes(path.join(missing, 'webapp')));
    const server: Server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const pathname of ['/', '/admin_console']) {
        const response = await fetch(`${base}${pathname}`, { redirect: 'manual' });
        expect(response.status, pathname).to.equal(503);
        expect(response.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
        expect(await response.text()).to.include('npm run build:webapp');
      }
    } finally {
      server.close();
      await rm(missing, { recursive: true, force: true });
    }
  });
});
