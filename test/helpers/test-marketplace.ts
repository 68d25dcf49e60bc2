// A real marketplace for a suite (@parley/marketplace, in process, on a free loopback port) over a
// temporary folder of bundles built and signed by the test with its own key pair.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSigningKeyPair, serveMarketplace, signBundle, type RunningMarketplace } from '@parley/marketplace';
import { pluginBundle, type PluginSpec } from './plugin-bundles.ts';

export interface TestMarketplace {
  /** Base URL, for PluginSettings.MarketplaceURL. */
  url: string;
  /** The public key the bundles are signed with, for PluginSettings.SignaturePublicKeyFiles. */
  publicKeyFile: string;
  /** Builds, signs (unless told not to) and lists one more bundle (a new plugin or a newer version). */
  add(spec: PluginSpec, options?: { signed?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startTestMarketplace(specs: PluginSpec[]): Promise<TestMarketplace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-marketplace-'));
  const folder = path.join(dir, 'bundles');
  await mkdir(folder);
  const keys = await generateSigningKeyPair(path.join(dir, 'keys'), 'test-signing-key');
  const write = async (spec: PluginSpec, signed = true) => {
    const file = path.join(folder, `${spec.id}-${spec.version ?? '1.0.0'}.tar.gz`);
    await writeFile(file, pluginBundle(spec));
    if (signed) await signBundle(file, keys.privateKeyFile);
  };
  for (const spec of specs) await write(spec);
  const running: RunningMarketplace = await serveMarketplace({ folder, listen: { host: '127.0.0.1', port: 0 }, watch: false, log: () => {} });
  return {
    url: running.url,
    publicKeyFile: keys.publicKeyFile,
    async add(spec, options = {}) {
      await write(spec, options.signed);
      await running.marketplace.reload();
    },
    async close() {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
