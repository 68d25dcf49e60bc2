import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import type { PluginStatus } from '@mattermost/types/plugins';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually } from '../helpers/ws-client.ts';
import { manifestFor, pluginBundle, tarGz, type PluginSpec, type TarEntry } from '../helpers/plugin-bundles.ts';

const NOT_RUNNING = 0;
const RUNNING = 2;
const FAILED_TO_START = 3;
const FAILED_TO_STAY_RUNNING = 4;

describe('plugins API', () => {
  let ts: TestServer;
  let admin: Client4;
  let user: Client4;
  let pluginDir: string;
  let bundleStore: string;
  const logLines: Array<Record<string, unknown>> = [];

  before(async () => {
    ts = await startTestServer({
      config: { PluginSettings: { EnableUploads: true } },
      pluginTimings: { restartDelaysMs: [20] },
      logSink: { write: (line) => void logLines.push(JSON.parse(line)) },
    });
    admin = (await createAdmin(ts)).client;
    user = (await createUser(ts, admin)).client;
    pluginDir = path.join(ts.dataDir, 'plugins');
    bundleStore = path.join(ts.dataDir, 'files', 'plugins');
  });
  after(async () => {
    await ts.close();
  });

  const upload = (bundle: Buffer, force = false, client = admin) => client.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, force);
  const install = (spec: PluginSpec) => upload(pluginBundle(spec));
  // Mattermost's server sends `error` with each status; @mattermost/types leaves it out.
  const status = async (id: string) => (await admin.getPluginStatuses()).find((s) => s.plugin_id === id) as (PluginStatus & { error: string }) | undefined;

  describe('installing', () => {
    it('installs an uploaded bundle as inactive and keeps the bundle in the file store', async () => {
      const manifest = await install({ id: 'com.example.installed', folder: 'com.example.installed' });
      expect(manifest).to.include({ id: 'com.example.installed', version: '1.0.0' });
      const plugins = await admin.getPlugins();
      expect(plugins.active.map((m) => m.id)).not.to.include('com.example.installed');
      expect(plugins.inactive.map((m) => m.id)).to.include('com.example.installed');
      expect(await status('com.example.installed')).to.deep.equal({
        plugin_id: 'com.example.installed',
        cluster_id: '',
        plugin_path: path.join(pluginDir, 'com.example.installed'),
        state: NOT_RUNNING,
        error: '',
        name: 'Test plugin com.example.installed',
        description: 'A plugin built by the test suite',
        version: '1.0.0',
      });
      expect(existsSync(path.join(pluginDir, 'com.example.installed', 'plugin.json'))).to.equal(true);
      expect(existsSync(path.join(pluginDir, 'com.example.installed', 'server', 'plugin.js'))).to.equal(true);
      expect(existsSync(path.join(bundleStore, 'com.example.installed.tar.gz'))).to.equal(true);
    });

    it('refuses an installed id without force and replaces the plugin with force', async () => {
      await install({ id: 'com.example.replaced' });
      await expectClientError(install({ id: 'com.example.replaced', version: '1.1.0' }), 400, 'app.plugin.install_id.app_error');
      const manifest = await upload(pluginBundle({ id: 'com.example.replaced', version: '1.1.0' }), true);
      expect(manifest.version).to.equal('1.1.0');
      expect((await status('com.example.replaced'))?.version).to.equal('1.1.0');
    });

    it("installs a bundle with Mattermost's webapp part and reports it, logging and dropping fields nobody defines", async () => {
      const id = 'com.example.mattermostish';
      const manifest = await install({
        id,
        manifest: { webapp: { bundle_path: 'webapp/dist/main.js' }, support_url: 'https://example.com/help', requiredConfig: {}, permissions: undefined },
      });
      expect(manifest.webapp).to.deep.equal({ bundle_path: 'webapp/dist/main.js' });
      const listed = (await admin.getPlugins()).inactive.find((m) => m.id === id);
      expect(listed).to.deep.include({ webapp: { bundle_path: 'webapp/dist/main.js' }, support_url: 'https://example.com/help' });
      expect(listed).not.to.have.property('requiredConfig');
      expect(logLines.find((line) => line.msg === 'plugin manifest field ignored' && line.plugin_id === id)).to.include({ field: 'requiredConfig' });
    });

    it('reads the force field wherever it comes in the form, and refuses a form without a plugin file', async () => {
      await install({ id: 'com.example.forced' });
      const boundary = 'parley-test-boundary';
      const bundle = pluginBundle({ id: 'com.example.forced', version: '2.0.0' });
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="plugin"; filename="p.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`),
        bundle,
        Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="force"\r\n\r\ntrue\r\n--${boundary}--\r\n`),
      ]);
      const post = (payload: Buffer) =>
        fetch(`${ts.url}/api/v4/plugins`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${admin.getToken()}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
          body: new Uint8Array(payload),
        });
      const replaced = await post(body);
      expect(replaced.status).to.equal(201);
      expect((await replaced.json()).version).to.equal('2.0.0');
      const empty = await post(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="force"\r\n\r\ntrue\r\n--${boundary}--\r\n`));
      expect(empty.status).to.equal(400);
      expect(await empty.json()).to.include({ id: 'api.context.invalid_param.app_error' });
      const truncated = await post(body.subarray(0, body.length - 40));
      expect(truncated.status).to.equal(400);
      expect((await status('com.example.forced'))?.version).to.equal('2.0.0');
    });

    it('installs from a URL through the server, and refuses failed downloads and non-http URLs', async () => {
      const bundle = pluginBundle({ id: 'com.example.fromurl' });
      const files: Server = createServer((req, res) => {
        res.statusCode = req.url === '/missing.tar.gz' ? 404 : 200;
        res.end(res.statusCode === 200 ? bundle : 'not found');
      });
      await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
      // A loopback file server over http: the admin must allow both, as on a real server.
      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' }, PluginSettings: { AllowInsecureDownloadURL: true } } as never);
      try {
        const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
        const manifest = await admin.installPluginFromUrl(`${base}/com.example.fromurl.tar.gz`);
        expect(manifest.id).to.equal('com.example.fromurl');
        expect(existsSync(path.join(bundleStore, 'com.example.fromurl.tar.gz'))).to.equal(true);
        await expectClientError(admin.installPluginFromUrl(`${base}/missing.tar.gz`), 400, 'api.plugin.install.download_failed.app_error');
        await expectClientError(admin.installPluginFromUrl('file:///etc/passwd'), 400, 'app.plugin.invalid_url.app_error');
      } finally {
        await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '' }, PluginSettings: { AllowInsecureDownloadURL: false } } as never);
        files.close();
      }
    });

    it('refuses every hostile or broken bundle with its own error id and writes nothing anywhere', async () => {
      const good = JSON.stringify(manifestFor({ id: 'com.example.hostile' }));
      const withManifest = (...entries: TarEntry[]): Buffer => tarGz([{ path: 'plugin.json', body: good }, { path: 'server/plugin.js', body: 'export default () => ({});' }, ...entries]);
      const escapeTarget = path.join(ts.dataDir, 'escaped.js');
      const cases: Array<[string, Buffer, string]> = [
        ['absolute path', withManifest({ path: escapeTarget, body: 'pwned' }), 'app.plugin.bundle.absolute_path.app_error'],
        ['../ escape', withManifest({ path: '../../escaped.js', body: 'pwned' }), 'app.plugin.bundle.path_traversal.app_error'],
        ['symlink', withManifest({ path: 'link', type: 'SymbolicLink', linkpath: ts.dataDir }), 'app.plugin.bundle.symlink.app_error'],
        ['hardlink', withManifest({ path: 'hard', type: 'Link', linkpath: '/etc/passwd' }), 'app.plugin.bundle.hardlink.app_error'],
        ['too many files', withManifest(...Array.from({ length: 5000 }, (_, i) => ({ path: `f/${i}` }))), 'app.plugin.bundle.too_many_files.app_error'],
        ['too big', withManifest({ path: 'huge.bin', declaredSize: 300 * 1024 * 1024 }), 'app.plugin.bundle.unpacked_too_large.app_error'],
        ['no plugin.json', tarGz([{ path: 'com.example.hostile/server/plugin.js', body: 'x' }]), 'app.plugin.bundle.no_manifest.app_error'],
        ['two top-level folders', tarGz([{ path: 'a/plugin.json', body: good }, { path: 'b/plugin.js', body: 'x' }]), 'app.plugin.bundle.multiple_roots.app_error'],
        ['bad manifest', tarGz([{ path: 'plugin.json', body: JSON.stringify({ id: 'com.example.hostile', name: '', version: 'one', permissions: { api: [] } }) }]), 'app.plugin.manifest.invalid.app_error'],
        ['missing server module', tarGz([{ path: 'plugin.json', body: good }]), 'app.plugin.bundle.missing_executable.app_error'],
        [
          'incompatible min_server_version',
          pluginBundle({ id: 'com.example.hostile', manifest: { min_server_version: '99.0.0' } }),
          'app.plugin.min_server_version.app_error',
        ],
        ['not a tar.gz', Buffer.from('<html>not a bundle</html>'.repeat(40)), 'app.plugin.bundle.corrupt.app_error'],
      ];
      const before = { plugins: await readdir(pluginDir), stored: await readdir(bundleStore), data: await readdir(ts.dataDir) };
      for (const [name, bundle, id] of cases) {
        const err = await expectClientError(upload(bundle), 400, id);
        expect(err.message, name).to.be.a('string').and.not.equal('');
      }
      expect(await readdir(pluginDir), 'no staging folder or plugin left behind').to.deep.equal(before.plugins);
      expect(await readdir(bundleStore)).to.deep.equal(before.stored);
      expect(await readdir(ts.dataDir)).to.deep.equal(before.data);
      expect(existsSync(escapeTarget)).to.equal(false);
      expect((await admin.getPlugins()).inactive.map((m) => m.id)).not.to.include('com.example.hostile');
    });
  });

  describe('installing from a URL: egress policy', () => {
    let files: Server;
    let base: string;
    let port: number;
    const requested: string[] = [];
    const bundle = pluginBundle({ id: 'com.example.egress' });

    before(async () => {
      files = createServer((req, res) => {
        requested.push(req.url ?? '');
        const redirects: Record<string, string> = {
          '/to-loopback': `http://127.0.0.1:${port}/bundle.tar.gz`,
          '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
          '/to-same-host': `http://localhost:${port}/bundle.tar.gz`,
          '/loop': '/loop',
        };
        const location = redirects[req.url ?? ''];
        if (location) res.writeHead(302, { location }).end();
        else res.end(bundle);
      });
      await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
      port = (files.address() as AddressInfo).port;
      base = `http://127.0.0.1:${port}`;
    });
    after(async () => {
      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '' }, PluginSettings: { AllowInsecureDownloadURL: false } } as never);
      files.closeAllConnections();
      await new Promise((resolve) => files.close(resolve));
    });
    beforeEach(async () => {
      requested.length = 0;
    });

    const allow = (internal: string, insecure: boolean) =>
      admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: internal }, PluginSettings: { AllowInsecureDownloadURL: insecure } } as never);
    const notInstalled = async () => {
      expect((await admin.getPlugins()).inactive.map((m) => m.id)).not.to.include('com.example.egress');
      expect(existsSync(path.join(bundleStore, 'com.example.egress.tar.gz'))).to.equal(false);
      expect(existsSync(path.join(pluginDir, 'com.example.egress'))).to.equal(false);
    };

    it('refuses a loopback, link-local or IPv4-in-IPv6 loopback URL by default, naming the setting, and installs nothing', async () => {
      await allow('', true);
      const err = await expectClientError(admin.installPluginFromUrl(`${base}/bundle.tar.gz`), 403, 'app.plugin.download_private_address.app_error');
      expect(err.message).to.include('ServiceSettings.AllowedUntrustedInternalConnections');
      for (const url of ['http://169.254.169.254/latest/meta-data/', `http://[::7f00:1]:${port}/bundle.tar.gz`, `http://[::ffff:0:7f00:1]:${port}/bundle.tar.gz`, `http://localhost:${port}/bundle.tar.gz`]) {
        await expectClientError(admin.installPluginFromUrl(url), 403, 'app.plugin.download_private_address.app_error');
      }
      expect(requested).to.deep.equal([]);
      await notInstalled();
    });

    it('refuses http:// unless PluginSettings.AllowInsecureDownloadURL, as Mattermost does', async () => {
      await allow('127.0.0.1', false);
      const err = await expectClientError(admin.installPluginFromUrl(`${base}/bundle.tar.gz`), 400, 'api.plugin.install.download_failed.app_error');
      expect(err.message).to.include('PluginSettings.AllowInsecureDownloadURL');
      expect(requested).to.deep.equal([]);
      await notInstalled();
    });

    it('installs from a loopback URL once AllowedUntrustedInternalConnections lists it and http is allowed', async () => {
      await allow('127.0.0.1', true);
      const manifest = await admin.installPluginFromUrl(`${base}/bundle.tar.gz`);
      expect(manifest.id).to.equal('com.example.egress');
      expect(requested).to.deep.equal(['/bundle.tar.gz']);
      await admin.removePlugin('com.example.egress');
    });

    it('follows redirects only to addresses it may reach, checking every hop', async () => {
      // The admin allows the host name localhost, not the address behind it.
      await allow('localhost', true);
      const host = `http://localhost:${port}`;
      await expectClientError(admin.installPluginFromUrl(`${host}/to-loopback`), 403, 'app.plugin.download_private_address.app_error');
      await expectClientError(admin.installPluginFromUrl(`${host}/to-metadata`), 403, 'app.plugin.download_private_address.app_error');
      expect(requested).to.deep.equal(['/to-loopback', '/to-metadata']);
      await notInstalled();
      const loop = await expectClientError(admin.installPluginFromUrl(`${host}/loop`), 400, 'api.plugin.install.download_failed.app_error');
      expect(loop.message).to.include('redirected more than');
      const manifest = await admin.installPluginFromUrl(`${host}/to-same-host`);
      expect(manifest.id).to.equal('com.example.egress');
      await admin.removePlugin('com.example.egress');
    });
  });

  describe('running', () => {
    it('enables a plugin: it runs, is listed active and its state is persisted', async () => {
      await install({ id: 'com.example.runs', server: 'export default () => ({ onActivate() {} });' });
      expect(await admin.enablePlugin('com.example.runs')).to.deep.equal({ status: 'OK' });
      expect((await status('com.example.runs'))?.state).to.equal(RUNNING);
      expect((await admin.getPlugins()).active.map((m) => m.id)).to.include('com.example.runs');
      expect((await admin.getConfig()).PluginSettings.PluginStates['com.example.runs']).to.deep.equal({ Enable: true });
    });

    it('starts a plugin once per enable, through the API or the configuration, and not again while it runs', async () => {
      const id = 'com.example.counted';
      // Counts its activations in its KV store, which outlives its processes.
      const server = `export default (api) => ({
  async onActivate() { await api.kv.set('activations', ((await api.kv.get('activations')) ?? 0) + 1); },
  async serveHttp() { return { body: String((await api.kv.get('activations')) ?? 0) }; },
});`;
      await install({ id, server, manifest: { permissions: { api: ['kv'] } } });
      const activations = async () => Number(await (await fetch(`${ts.url}/plugins/${id}/`)).text());
      const setState = async (enable: boolean) => {
        const states = (await admin.getConfig()).PluginSettings.PluginStates;
        await admin.patchConfig({ PluginSettings: { PluginStates: { ...states, [id]: { Enable: enable } } } } as never);
      };

      await admin.enablePlugin(id);
      expect(await activations()).to.equal(1);
      await admin.enablePlugin(id);
      expect(await activations()).to.equal(1);
      await admin.disablePlugin(id);
      await admin.enablePlugin(id);
      expect(await activations()).to.equal(2);
      await setState(false);
      await setState(true);
      expect(await activations()).to.equal(3);
    });

    it('replaces a running plugin with force and runs the new version', async () => {
      await install({ id: 'com.example.upgraded', server: 'export default () => ({ onActivate() {} });' });
      await admin.enablePlugin('com.example.upgraded');
      const oldPid = ts.server.plugins.supervisor.get('com.example.upgraded')?.process.pid;
      await upload(pluginBundle({ id: 'com.example.upgraded', version: '2.0.0', server: 'export default () => ({ onActivate() {} });' }), true);
      expect(await status('com.example.upgraded')).to.include({ state: RUNNING, version: '2.0.0' });
      expect(ts.server.plugins.supervisor.get('com.example.upgraded')?.process.pid).to.be.a('number').and.not.equal(oldPid);
    });

    it('disables a running plugin', async () => {
      await install({ id: 'com.example.stops', server: 'export default () => ({ onActivate() {}, onDeactivate() {} });' });
      await admin.enablePlugin('com.example.stops');
      expect(await admin.disablePlugin('com.example.stops')).to.deep.equal({ status: 'OK' });
      expect((await status('com.example.stops'))?.state).to.equal(NOT_RUNNING);
      expect((await admin.getPlugins()).inactive.map((m) => m.id)).to.include('com.example.stops');
      expect(ts.server.plugins.supervisor.get('com.example.stops')).to.equal(undefined);
    });

    it('removes a plugin with its folder and its stored bundle', async () => {
      await install({ id: 'com.example.removed', server: 'export default () => ({ onActivate() {} });' });
      await admin.enablePlugin('com.example.removed');
      expect(await admin.removePlugin('com.example.removed')).to.deep.equal({ status: 'OK' });
      expect((await admin.getPluginStatuses()).map((s) => s.plugin_id)).not.to.include('com.example.removed');
      expect(existsSync(path.join(pluginDir, 'com.example.removed'))).to.equal(false);
      expect(existsSync(path.join(bundleStore, 'com.example.removed.tar.gz'))).to.equal(false);
      await expectClientError(admin.removePlugin('com.example.removed'), 404, 'app.plugin.not_installed.app_error');
    });

    it('reports FailedToStart with the message when onActivate throws', async () => {
      await install({ id: 'com.example.broken', server: "export default () => ({ onActivate() { throw new Error('missing API key'); } });" });
      await admin.enablePlugin('com.example.broken');
      const broken = await status('com.example.broken');
      expect(broken?.state).to.equal(FAILED_TO_START);
      expect(broken?.error).to.include('missing API key');
      expect((await admin.getPlugins()).inactive.map((m) => m.id)).to.include('com.example.broken');
    });

    it('restarts a plugin whose process dies, and stops it as FailedToStayRunning after 3 deaths', async () => {
      await install({ id: 'com.example.dies', server: 'export default () => ({ onActivate() {} });' });
      await admin.enablePlugin('com.example.dies');
      for (let death = 1; death <= 3; death++) {
        await eventually(async () => expect((await status('com.example.dies'))?.state).to.equal(RUNNING));
        const pid = ts.server.plugins.supervisor.get('com.example.dies')?.process.pid;
        expect(pid).to.be.a('number');
        process.kill(pid as number, 'SIGKILL');
        await eventually(() => expect(ts.server.plugins.supervisor.get('com.example.dies')?.process.pid).not.to.equal(pid));
      }
      await eventually(async () => expect((await status('com.example.dies'))?.state).to.equal(FAILED_TO_STAY_RUNNING));
      expect((await status('com.example.dies'))?.error).to.match(/failed 3 times within 60 minutes/);
      expect(ts.server.plugins.supervisor.get('com.example.dies')).to.equal(undefined);
      // The server kept serving throughout.
      expect((await admin.ping(false)).status).to.equal('OK');
    });
  });

  describe('resilience', () => {
    it('keeps serving other requests while a plugin hangs in onActivate, then reports FailedToStart', async () => {
      await admin.patchConfig({ PluginSettings: { HookTimeoutMs: 1500 } } as never);
      try {
        await install({ id: 'com.example.hangs', server: 'export default () => ({ onActivate() { for (;;) {} } });' });
        const enabling = admin.enablePlugin('com.example.hangs');
        const started = Date.now();
        expect((await admin.ping(false)).status).to.equal('OK');
        expect((await admin.getPlugins()).inactive.map((m) => m.id)).to.include('com.example.hangs');
        expect(Date.now() - started).to.be.below(1000);
        await enabling;
        const hung = await status('com.example.hangs');
        expect(hung?.state).to.equal(FAILED_TO_START);
        expect(hung?.error).not.to.equal('');
      } finally {
        await admin.disablePlugin('com.example.hangs');
        await admin.patchConfig({ PluginSettings: { HookTimeoutMs: 30000 } } as never);
      }
    });

    it('starts the enabled plugins again from the plugin directory when the server starts', async () => {
      await install({ id: 'com.example.persists', server: 'export default () => ({ onActivate() {} });' });
      await admin.enablePlugin('com.example.persists');
      await ts.server.plugins.supervisor.stopAll();
      expect(ts.server.plugins.supervisor.get('com.example.persists')).to.equal(undefined);
      await ts.server.plugins.supervisor.startAll();
      expect((await status('com.example.persists'))?.state).to.equal(RUNNING);
      expect((await status('com.example.installed'))?.state).to.equal(NOT_RUNNING);
    });
  });

  describe('settings', () => {
    it("calls onConfigurationChange before activation and whenever the plugin's own settings change", async () => {
      const server = `let changes = 0;
export default () => ({
  onConfigurationChange() { changes += 1; },
  executeCommand() { return { text: String(changes) }; },
});`;
      await install({ id: 'com.example.configured', server, manifest: { settings_schema: { settings: [{ key: 'Greeting', type: 'text' }] } } });
      await admin.enablePlugin('com.example.configured');
      const changes = async () => ((await ts.server.plugins.supervisor.get('com.example.configured')?.process.call('executeCommand', [{}, {}], 5000)) as { text: string }).text;
      expect(await changes()).to.equal('1');
      await admin.patchConfig({ PluginSettings: { Plugins: { 'com.example.configured': { Greeting: 'hi' } } } } as never);
      await eventually(async () => expect(await changes()).to.equal('2'));
      await admin.patchConfig({ TeamSettings: { SiteName: 'Elsewhere' } } as never);
      expect(await changes()).to.equal('2');
    });

    it("refuses per-plugin settings that do not fit the plugin's settings_schema, naming plugin and setting", async () => {
      await install({
        id: 'com.example.settings',
        manifest: {
          settings_schema: {
            settings: [
              { key: 'MaxCount', type: 'number', default: 3 },
              { key: 'Mode', type: 'dropdown', options: [{ display_name: 'Fast', value: 'fast' }], default: 'fast' },
            ],
          },
        },
      });
      const err = await expectClientError(
        admin.patchConfig({ PluginSettings: { Plugins: { 'com.example.settings': { maxcount: 'lots' } } } } as never),
        400,
        'app.plugin.settings.invalid.app_error',
      );
      expect(err.message).to.include('com.example.settings').and.include('MaxCount');
      await expectClientError(admin.patchConfig({ PluginSettings: { Plugins: { 'com.example.settings': { Mode: 'slow' } } } } as never), 400, 'app.plugin.settings.invalid.app_error');
      const saved = await admin.patchConfig({ PluginSettings: { Plugins: { 'com.example.settings': { MaxCount: 5, Mode: 'fast' } } } } as never);
      expect(saved.PluginSettings.Plugins['com.example.settings']).to.deep.equal({ MaxCount: 5, Mode: 'fast' });
    });
  });

  describe('access', () => {
    it('forbids every plugin route to users without manage_system', async () => {
      await expectClientError(user.getPlugins(), 403, 'api.context.permissions.app_error');
      await expectClientError(user.getPluginStatuses(), 403, 'api.context.permissions.app_error');
      await expectClientError(upload(pluginBundle({ id: 'com.example.sneaky' }), false, user), 403, 'api.context.permissions.app_error');
      await expectClientError(user.enablePlugin('com.example.installed'), 403, 'api.context.permissions.app_error');
      await expectClientError(user.removePlugin('com.example.installed'), 403, 'api.context.permissions.app_error');
    });

    it('answers 501 when uploads are disabled or plugins are off, and 400 to an unsigned upload when a signature is required', async () => {
      try {
        await admin.patchConfig({ PluginSettings: { EnableUploads: false } } as never);
        await expectClientError(install({ id: 'com.example.nope' }), 501, 'app.plugin.upload_disabled.app_error');
        await expectClientError(admin.installPluginFromUrl('http://127.0.0.1:1/x.tar.gz'), 501, 'app.plugin.upload_disabled.app_error');
        await admin.patchConfig({ PluginSettings: { EnableUploads: true, RequirePluginSignature: true } } as never);
        await expectClientError(install({ id: 'com.example.nope' }), 400, 'app.plugin.signature_missing.app_error');
        await admin.patchConfig({ PluginSettings: { RequirePluginSignature: false, Enable: false } } as never);
        await expectClientError(admin.getPlugins(), 501, 'app.plugin.disabled.app_error');
        await expectClientError(admin.getPluginStatuses(), 501, 'app.plugin.disabled.app_error');
      } finally {
        await admin.patchConfig({ PluginSettings: { Enable: true, EnableUploads: true, RequirePluginSignature: false } } as never);
      }
      expect(existsSync(path.join(pluginDir, 'com.example.nope'))).to.equal(false);
    });
  });
});

describe('plugin supervisor shutdown', () => {
  it('starts nothing after the server closed, not even a start that was already on its way', async () => {
    const ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    const admin = (await createAdmin(ts)).client;
    await admin.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: 'com.example.late', server: 'export default () => ({ onActivate() {} });' }))], 'p.tar.gz') as never, false);
    await admin.enablePlugin('com.example.late');
    expect(ts.server.plugins.supervisor.get('com.example.late')).not.to.equal(undefined);
    // Turning plugins off and on starts them again in the background; the server closes meanwhile.
    ts.config.patch({ PluginSettings: { Enable: false } });
    ts.config.patch({ PluginSettings: { Enable: true } });
    await ts.close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ts.server.plugins.supervisor.get('com.example.late')).to.equal(undefined);
  });
});
