import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client4 } from '@mattermost/client';
import type { MarketplacePlugin } from '@mattermost/types/marketplace';
import { generateSigningKeyPair, serveMarketplace, signBundleData, type RunningMarketplace } from '@parley/marketplace';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { pluginBundle, type PluginSpec } from '../helpers/plugin-bundles.ts';

const RUNNING = 2;

type Item = MarketplacePlugin & { signature?: string };

/** Client4 sends only the id; Mattermost's request also takes a version. */
class MarketplaceClient extends Client4 {
  installVersion(id: string, version?: string) {
    return this.doFetch<{ id: string; version: string }>(this.getPluginsMarketplaceRoute(), { method: 'post', body: JSON.stringify({ id, version }) });
  }
}

/**
 * A real marketplace (the @parley/marketplace service on loopback) over a folder of bundles signed
 * with a key the server trusts, one signed with a key it does not, one tampered with after signing
 * and one unsigned; and a server pointed at it.
 */
describe('plugin marketplace', () => {
  let ts: TestServer;
  let admin: Client4;
  let marketClient: MarketplaceClient;
  let market: RunningMarketplace;
  let root: string;
  let trustedKey: string;

  const spec = (id: string, version: string, manifest: Record<string, unknown> = {}): PluginSpec => ({
    id,
    version,
    server: `export default () => ({ serveHttp() { return { body: ${JSON.stringify(`${id} ${version}`)} }; } });`,
    manifest: { name: `Plugin ${id}`, description: `Does ${id} things`, ...manifest },
  });
  const publish = async (folder: string, bundle: Buffer, name: string, signature?: string) => {
    await writeFile(path.join(folder, name), bundle);
    if (signature !== undefined) await writeFile(path.join(folder, `${name}.sig`), `${signature}\n`);
  };
  const listed = async (filter = '', localOnly = false) => (await admin.getMarketplacePlugins(filter, localOnly)) as unknown as Item[];
  const install = (id: string, version?: string) => marketClient.installVersion(id, version);
  const installedIds = async () => {
    const { active, inactive } = await admin.getPlugins();
    return [...active, ...inactive].map((m) => `${m.id}@${m.version}`).sort();
  };
  const answer = async (id: string) => (await fetch(`${ts.url}/plugins/${id}/`)).text();

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'parley-market-'));
    const folder = path.join(root, 'bundles');
    const keys = path.join(root, 'keys');
    await Promise.all([folder, keys].map((dir) => mkdir(dir)));
    const trusted = await generateSigningKeyPair(keys, 'trusted');
    const stranger = await generateSigningKeyPair(keys, 'stranger');
    trustedKey = trusted.publicKeyFile;
    const trustedPrivate = await readFile(trusted.privateKeyFile, 'utf8');
    const strangerPrivate = await readFile(stranger.privateKeyFile, 'utf8');
    const signed = async (s: PluginSpec, key = trustedPrivate) => {
      const bundle = pluginBundle(s);
      await publish(folder, bundle, `${s.id}-${s.version}.tar.gz`, signBundleData(bundle, key));
    };
    await signed(spec('com.example.weather', '1.0.0'));
    await signed(spec('com.example.weather', '1.1.0'));
    await signed(spec('com.example.future', '1.0.0', { min_server_version: '99.0.0' }));
    await signed(spec('com.example.stranger', '1.0.0'), strangerPrivate);
    const tampered = pluginBundle(spec('com.example.tampered', '1.0.0'));
    await publish(folder, pluginBundle(spec('com.example.tampered', '1.0.0', { description: 'changed after signing' })), 'com.example.tampered-1.0.0.tar.gz', signBundleData(tampered, trustedPrivate));
    await publish(folder, pluginBundle(spec('com.example.unsigned', '1.0.0')), 'com.example.unsigned-1.0.0.tar.gz');
    market = await serveMarketplace({ folder, watch: false, listen: { host: '127.0.0.1', port: 0 }, log: () => {} });
    ts = await startTestServer({ config: { PluginSettings: { MarketplaceURL: market.url, SignaturePublicKeyFiles: [trustedKey], EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    marketClient = new MarketplaceClient();
    marketClient.setUrl(ts.url);
    marketClient.setToken(admin.getToken());
  });
  after(async () => {
    await ts.close();
    await market.close();
    await rm(root, { recursive: true, force: true });
  });

  it('lists the newest version of each plugin compatible with this server, with what is installed', async () => {
    const items = await listed();
    expect(items.map((i) => `${i.manifest.id}@${i.manifest.version}`)).to.have.members([
      'com.example.stranger@1.0.0',
      'com.example.tampered@1.0.0',
      'com.example.unsigned@1.0.0',
      'com.example.weather@1.1.0',
    ]);
    const weather = items.find((i) => i.manifest.id === 'com.example.weather')!;
    expect(weather).to.include({ installed_version: '' });
    expect(weather.download_url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/bundles\/com\.example\.weather-1\.1\.0\.tar\.gz$/);
    expect((await listed('WEATHER')).map((i) => i.manifest.id)).to.deep.equal(['com.example.weather']);
  });

  it('installs the newest compatible version with one call, checks its signature, and enables it', async () => {
    const manifest = await install('com.example.weather');
    expect(manifest).to.include({ id: 'com.example.weather', version: '1.1.0' });
    const status = (await admin.getPluginStatuses()).find((s) => s.plugin_id === 'com.example.weather');
    expect(status?.state).to.equal(RUNNING);
    expect(await answer('com.example.weather')).to.equal('com.example.weather 1.1.0');
    expect((await listed('weather'))[0]).to.include({ installed_version: '1.1.0' });
  });

  it('installs a named version, and offers the newer one as an update', async () => {
    await install('com.example.weather', '1.0.0');
    const offered = (await listed('weather'))[0];
    expect(offered).to.include({ installed_version: '1.0.0' });
    expect(offered.manifest.version).to.equal('1.1.0');
    await install('com.example.weather', '1.1.0');
    expect(await answer('com.example.weather')).to.equal('com.example.weather 1.1.0');
  });

  it('refuses an unsigned bundle, a stranger\'s signature and a tampered bundle, installing nothing', async () => {
    const before = await installedIds();
    await expectClientError(install('com.example.unsigned'), 400, 'app.plugin.signature_missing.app_error');
    const stranger = await expectClientError(install('com.example.stranger'), 400, 'app.plugin.invalid_signature.app_error');
    expect(stranger.message).to.include('does not match any trusted public key');
    await expectClientError(install('com.example.tampered'), 400, 'app.plugin.invalid_signature.app_error');
    expect(await installedIds()).to.deep.equal(before);
  });

  it('answers 404 for a plugin or version the marketplace does not have, or not for this server', async () => {
    await expectClientError(install('com.example.nothing'), 404, 'app.plugin.marketplace_plugin_not_found.app_error');
    await expectClientError(install('com.example.weather', '9.9.9'), 404, 'app.plugin.marketplace_plugin_not_found.app_error');
    await expectClientError(install('com.example.future'), 404, 'app.plugin.marketplace_plugin_not_found.app_error');
  });

  it('lists installed plugins the marketplace does not have, and only those with local_only', async () => {
    await admin.uploadPlugin(new File([new Uint8Array(pluginBundle(spec('com.example.homegrown', '0.1.0')))], 'p.tar.gz') as never, false);
    const local = await listed('', true);
    expect(local.map((i) => `${i.manifest.id}@${(i as Item & { installed_version: string }).installed_version}`)).to.have.members(['com.example.homegrown@0.1.0', 'com.example.weather@1.1.0']);
    expect((await listed()).map((i) => i.manifest.id)).to.include('com.example.homegrown');
  });

  it('checks the signature an upload carries, and requires one under RequirePluginSignature', async () => {
    const bundle = pluginBundle(spec('com.example.uploaded', '1.0.0'));
    const privateKey = await readFile(path.join(root, 'keys', 'trusted.key'), 'utf8');
    const upload = (signature?: string) => {
      const form = new FormData();
      form.append('plugin', new Blob([new Uint8Array(bundle)]), 'bundle.tar.gz');
      if (signature !== undefined) form.append('signature', signature);
      form.append('force', 'true');
      return fetch(`${ts.url}/api/v4/plugins`, { method: 'POST', headers: { Authorization: `Bearer ${admin.getToken()}` }, body: form });
    };
    const refused = await upload(signBundleData(Buffer.from('other bytes'), privateKey));
    expect(refused.status).to.equal(400);
    expect(((await refused.json()) as { id: string }).id).to.equal('app.plugin.invalid_signature.app_error');
    await admin.patchConfig({ PluginSettings: { RequirePluginSignature: true } } as never);
    try {
      const unsigned = await upload();
      expect(unsigned.status).to.equal(400);
      expect(((await unsigned.json()) as { id: string }).id).to.equal('app.plugin.signature_missing.app_error');
      expect((await upload(signBundleData(bundle, privateKey))).status).to.equal(201);
      await expectClientError(admin.installPluginFromUrl(`${market.url}/bundles/com.example.weather-1.1.0.tar.gz`, true), 400, 'app.plugin.signature_missing.app_error');
    } finally {
      await admin.patchConfig({ PluginSettings: { RequirePluginSignature: false } } as never);
    }
    expect(await installedIds()).to.include('com.example.uploaded@1.0.0');
  });

  it('answers 502 naming the marketplace when it cannot be reached, and 501 when the marketplace is off', async () => {
    await admin.patchConfig({ PluginSettings: { MarketplaceURL: 'http://127.0.0.1:9' } } as never);
    try {
      const err = await expectClientError(listed(), 502, 'app.plugin.marketplace_client.failed_to_fetch.app_error');
      expect(err.message).to.include('http://127.0.0.1:9');
      expect((await listed('', true)).length).to.be.greaterThan(0);
    } finally {
      await admin.patchConfig({ PluginSettings: { MarketplaceURL: market.url } } as never);
    }
    await admin.patchConfig({ PluginSettings: { EnableMarketplace: false } } as never);
    try {
      await expectClientError(listed(), 501, 'app.plugin.marketplace_disabled.app_error');
      await expectClientError(install('com.example.weather'), 501, 'app.plugin.marketplace_disabled.app_error');
    } finally {
      await admin.patchConfig({ PluginSettings: { EnableMarketplace: true } } as never);
    }
  });

  it('reaches its own marketplace on a loopback address, but gives a download_url or a redirect to another origin the full policy', async () => {
    const listen = async (handler: RequestListener): Promise<{ server: Server; url: string }> => {
      const server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const mirrored: string[] = [];
    const mirror = await listen((req, res) => {
      mirrored.push(req.url ?? '');
      res.end(pluginBundle(spec('com.example.elsewhere', '1.0.0')));
    });
    const item = (id: string, download_url: string) => ({ manifest: { id, name: `Plugin ${id}`, version: '1.0.0' }, download_url, signature: '' });
    const catalogue = await listen((req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://catalogue');
      if (pathname === '/api/v1/plugins') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify([item('com.example.elsewhere', `${mirror.url}/elsewhere.tar.gz`), item('com.example.redirected', '/redirect')]));
      } else if (pathname === '/redirect') res.writeHead(302, { location: `${mirror.url}/redirected.tar.gz` }).end();
      else res.writeHead(404).end();
    });
    const before = await installedIds();
    await admin.patchConfig({ PluginSettings: { MarketplaceURL: catalogue.url } } as never);
    try {
      expect((await listed('', false)).map((i) => i.manifest.id)).to.include.members(['com.example.elsewhere', 'com.example.redirected']);
      const insecure = await expectClientError(install('com.example.elsewhere'), 400, 'app.plugin.download_failed.app_error');
      expect(insecure.message).to.include('PluginSettings.AllowInsecureDownloadURL');
      await expectClientError(install('com.example.redirected'), 400, 'app.plugin.download_failed.app_error');
      await admin.patchConfig({ PluginSettings: { AllowInsecureDownloadURL: true } } as never);
      await expectClientError(install('com.example.elsewhere'), 403, 'app.plugin.download_private_address.app_error');
      await expectClientError(install('com.example.redirected'), 403, 'app.plugin.download_private_address.app_error');
      expect(mirrored).to.deep.equal([]);
      // Allowed by the admin, the download happens; the missing signature is what refuses it then.
      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1' } } as never);
      await expectClientError(install('com.example.elsewhere'), 400, 'app.plugin.signature_missing.app_error');
      await expectClientError(install('com.example.redirected'), 400, 'app.plugin.signature_missing.app_error');
      expect(mirrored).to.deep.equal(['/elsewhere.tar.gz', '/redirected.tar.gz']);
      expect(await installedIds()).to.deep.equal(before);
    } finally {
      await admin.patchConfig({ ServiceSettings: { AllowedUntrustedInternalConnections: '' }, PluginSettings: { MarketplaceURL: market.url, AllowInsecureDownloadURL: false } } as never);
      for (const { server } of [mirror, catalogue]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it('is for system admins only', async () => {
    const user = (await createUser(ts, admin)).client;
    await expectClientError(user.getMarketplacePlugins('', false), 403);
    await expectClientError(user.installMarketplacePlugin('com.example.weather'), 403);
  });
});
