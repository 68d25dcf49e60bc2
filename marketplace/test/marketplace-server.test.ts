import { expect } from 'chai';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { eventually } from '../../test/helpers/ws-client.ts';
import { serveMarketplace, verifyBundleSignature, type MarketplacePlugin, type RunningMarketplace } from '../src/index.ts';
import { keyPair, tempFolder, writeBundle } from './fixtures.ts';

/** GET with the path sent exactly as written (fetch would resolve `..`). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    })
      .on('error', reject)
      .end();
  });
}

describe('marketplace HTTP API', () => {
  const signer = keyPair();
  let parent: Awaited<ReturnType<typeof tempFolder>>;
  let folder: string;
  let running: RunningMarketplace;

  async function plugins(query = ''): Promise<MarketplacePlugin[]> {
    const res = await fetch(`${running.url}/api/v1/plugins${query}`);
    expect(res.status, await res.clone().text()).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/json');
    return (await res.json()) as MarketplacePlugin[];
  }

  const versions = (items: MarketplacePlugin[]) => items.map((item) => `${item.manifest.id.replace('com.example.', '')}@${item.manifest.version}`);

  before(async () => {
    parent = await tempFolder();
    folder = path.join(parent.dir, 'bundles');
    await writeFile(path.join(parent.dir, 'secret.txt'), 'not for download');
    await mkdir(folder);
    const sign = { signWith: signer.privateKey };
    await writeBundle(folder, { id: 'com.example.alpha', version: '1.0.0', manifest: { name: 'Alpha', min_server_version: '5.0.0' } }, sign);
    await writeBundle(folder, { id: 'com.example.alpha', version: '2.0.0', manifest: { name: 'Alpha', min_server_version: '9.0.0' } }, sign);
    await writeBundle(folder, { id: 'com.example.alpha', version: '3.0.0', manifest: { name: 'Alpha', min_server_version: '11.0.0' } }, sign);
    await writeBundle(folder, { id: 'com.example.beta', manifest: { name: 'Beta tools', description: 'Helps with Zebra crossings' } }, sign);
    await writeBundle(folder, { id: 'com.example.delta', manifest: { name: 'Delta', min_server_version: '12.0.0' } }, sign);
    await writeBundle(folder, { id: 'com.example.gamma', manifest: { name: 'gamma' } }, sign);
    await writeFile(path.join(folder, 'notes.txt'), 'not a bundle');
    await writeFile(path.join(folder, 'broken.tar.gz'), 'not a bundle either');
    running = await serveMarketplace({ folder, listen: { host: '127.0.0.1', port: 0 }, log: () => {} });
  });

  after(async () => {
    await running.close();
    await parent.remove();
  });

  it('returns the newest version of each plugin, sorted by name, when no server version is given', async () => {
    expect(versions(await plugins())).to.deep.equal(['alpha@3.0.0', 'beta@1.0.0', 'delta@1.0.0', 'gamma@1.0.0']);
  });

  it('returns the newest version each server version can run, and leaves out plugins it cannot', async () => {
    expect(versions(await plugins('?server_version=10.0.0'))).to.deep.equal(['alpha@2.0.0', 'beta@1.0.0', 'gamma@1.0.0']);
    expect(versions(await plugins('?server_version=9.0.0'))).to.deep.equal(['alpha@2.0.0', 'beta@1.0.0', 'gamma@1.0.0']);
    expect(versions(await plugins('?server_version=6.1.0'))).to.deep.equal(['alpha@1.0.0', 'beta@1.0.0', 'gamma@1.0.0']);
    expect(versions(await plugins('?server_version=4.0.0'))).to.deep.equal(['beta@1.0.0', 'gamma@1.0.0']);
    expect(versions(await plugins('?server_version=12.0.0'))).to.deep.equal(['alpha@3.0.0', 'beta@1.0.0', 'delta@1.0.0', 'gamma@1.0.0']);
  });

  it('pages with page and per_page, and returns everything with per_page=-1', async () => {
    expect(versions(await plugins('?per_page=2'))).to.deep.equal(['alpha@3.0.0', 'beta@1.0.0']);
    expect(versions(await plugins('?per_page=2&page=1'))).to.deep.equal(['delta@1.0.0', 'gamma@1.0.0']);
    expect(await plugins('?per_page=2&page=2')).to.deep.equal([]);
    expect(versions(await plugins('?per_page=3&page=1'))).to.deep.equal(['gamma@1.0.0']);
    expect(versions(await plugins('?per_page=-1&page=3'))).to.have.length(4);
    expect(await plugins('?per_page=0')).to.deep.equal([]);
  });

  it('filters case-insensitively on the exact id or part of the name or description', async () => {
    expect(versions(await plugins('?filter=ZEBRA'))).to.deep.equal(['beta@1.0.0']);
    expect(versions(await plugins('?filter=%20tools%20'))).to.deep.equal(['beta@1.0.0']);
    expect(versions(await plugins('?filter=COM.EXAMPLE.GAMMA'))).to.deep.equal(['gamma@1.0.0']);
    expect(await plugins('?filter=com.example')).to.deep.equal([]);
    expect(versions(await plugins('?filter=a&per_page=1&page=1'))).to.deep.equal(['beta@1.0.0']);
  });

  it('returns every compatible version of one plugin with plugin_id and return_all_versions', async () => {
    expect(versions(await plugins('?plugin_id=com.example.alpha&return_all_versions=true'))).to.deep.equal(['alpha@3.0.0', 'alpha@2.0.0', 'alpha@1.0.0']);
    expect(versions(await plugins('?plugin_id=com.example.alpha&return_all_versions=true&server_version=10.0.0'))).to.deep.equal(['alpha@2.0.0', 'alpha@1.0.0']);
    expect(versions(await plugins('?plugin_id=com.example.alpha'))).to.deep.equal(['alpha@3.0.0']);
  });

  it('answers 400 with a JSON error for a bad parameter', async () => {
    const cases: Array<[string, string]> = [
      ['page=-1', 'marketplace.plugins.invalid_page'],
      ['page=1.5', 'marketplace.plugins.invalid_page'],
      ['per_page=-2', 'marketplace.plugins.invalid_per_page'],
      ['per_page=ten', 'marketplace.plugins.invalid_per_page'],
      ['server_version=banana', 'marketplace.plugins.invalid_server_version'],
      ['return_all_versions=yes', 'marketplace.plugins.invalid_return_all_versions'],
    ];
    for (const [query, id] of cases) {
      const res = await fetch(`${running.url}/api/v1/plugins?${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.headers.get('content-type')).to.equal('application/json');
      expect(await res.json()).to.include({ id, status_code: 400 });
    }
  });

  it('ignores the parameters Mattermost servers send that do not apply to Parley bundles', async () => {
    expect(versions(await plugins('?enterprise_plugins=false&cloud=false&platform=linux-amd64&local_only=false'))).to.have.length(4);
  });

  it('serves the bundle and signature an item points at, which verify with the signing key', async () => {
    const [beta] = await plugins('?filter=zebra');
    expect(beta.download_url).to.equal(`${running.url}/bundles/com.example.beta-1.0.0.tar.gz`);
    const res = await fetch(beta.download_url);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/gzip');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(await readFile(path.join(folder, 'com.example.beta-1.0.0.tar.gz')))).to.equal(true);
    const sig = await fetch(`${beta.download_url}.sig`);
    expect((await sig.text()).trim()).to.equal(beta.signature);
    expect(await verifyBundleSignature(bytes, beta.signature, [signer.publicKey])).to.deep.equal({ ok: true, keyIndex: 0 });
  });

  it('refuses every path that is not a listed bundle or its signature', async () => {
    for (const rawPath of ['/bundles/../secret.txt', '/bundles/..%2Fsecret.txt', '/bundles/%2e%2e%2fsecret.txt', '/bundles/..%5Csecret.txt', '/bundles/notes.txt', '/bundles/broken.tar.gz', '/bundles/%E0%A4%A', '/bundles/']) {
      const res = await rawGet(running.url, rawPath);
      expect(res.status, rawPath).to.equal(404);
      expect(res.body, rawPath).to.not.include('not for download').and.not.include('not a bundle');
    }
  });

  it('answers /healthz and refuses methods other than GET and HEAD', async () => {
    expect(await (await fetch(`${running.url}/healthz`)).json()).to.deep.equal({ status: 'OK', plugins: 6 });
    const res = await fetch(`${running.url}/api/v1/plugins`, { method: 'POST', body: '{}' });
    expect(res.status).to.equal(405);
    expect(res.headers.get('allow')).to.equal('GET, HEAD');
  });

  it('lists a bundle copied into the folder and drops one removed from it, without a restart', async () => {
    const { file } = await writeBundle(folder, { id: 'com.example.late', manifest: { name: 'Zeta late' } }, { signWith: signer.privateKey });
    await eventually(async () => expect(versions(await plugins())).to.include('late@1.0.0'), 5000);
    await rm(file);
    await eventually(async () => expect(versions(await plugins())).to.not.include('late@1.0.0'), 5000);
    expect((await rawGet(running.url, '/bundles/com.example.late-1.0.0.tar.gz')).status).to.equal(404);
  });

  it('builds download URLs on the configured base URL', async () => {
    const proxied = await serveMarketplace({ folder, listen: { host: '127.0.0.1', port: 0 }, baseUrl: 'https://plugins.example.com/mm/', watch: false, log: () => {} });
    try {
      const [gamma] = (await (await fetch(`${proxied.url}/api/v1/plugins?filter=gamma`)).json()) as MarketplacePlugin[];
      expect(gamma.download_url).to.equal('https://plugins.example.com/mm/bundles/com.example.gamma-1.0.0.tar.gz');
    } finally {
      await proxied.close();
    }
  });
});
