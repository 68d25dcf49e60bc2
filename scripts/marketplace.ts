// `npm run marketplace` (after `npm run build:plugins`): signs every bundle in dist/plugins with the
// development key pair, made on first use under dist/marketplace/ (never committed), and serves
// those bundles as a marketplace on MM_MARKETPLACE_LISTENADDRESS (default 127.0.0.1:8066).
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { generateSigningKeyPair, parseListenAddress, readPublicKeyFile, serveMarketplace, signBundle, trustInstructions } from '@parley/marketplace';

const ROOT = path.resolve(import.meta.dirname, '..');
const BUNDLES = path.join(ROOT, 'dist', 'plugins');
const KEY_DIR = path.join(ROOT, 'dist', 'marketplace');
const KEY_NAME = 'dev-signing-key';

function log(line: string): void {
  process.stderr.write(`marketplace: ${line}\n`);
}

async function devKeyPair(): Promise<{ publicKeyFile: string; privateKeyFile: string }> {
  const files = { publicKeyFile: path.join(KEY_DIR, `${KEY_NAME}.pub`), privateKeyFile: path.join(KEY_DIR, `${KEY_NAME}.key`) };
  const present = await Promise.all([files.publicKeyFile, files.privateKeyFile].map((file) => access(file).then(() => true, () => false)));
  if (present.every(Boolean)) return files;
  log(`making the development signing key pair in ${path.relative(ROOT, KEY_DIR)}/`);
  return generateSigningKeyPair(KEY_DIR, KEY_NAME);
}

const keys = await devKeyPair();
const bundles = (await readdir(BUNDLES)).filter((name) => name.endsWith('.tar.gz')).sort();
for (const bundle of bundles) await signBundle(path.join(BUNDLES, bundle), keys.privateKeyFile);
log(`signed ${bundles.length} bundle(s) in ${path.relative(ROOT, BUNDLES)}/ with the development key`);

const running = await serveMarketplace({
  folder: BUNDLES,
  listen: parseListenAddress(process.env.MM_MARKETPLACE_LISTENADDRESS || '127.0.0.1:8066'),
  // A bundle rebuilt while this runs is unsigned until the next `npm run marketplace`: say so rather than list it.
  publicKeys: [await readPublicKeyFile(keys.publicKeyFile)],
  log,
});
process.stdout.write(
  [
    `Marketplace: ${running.url}/api/v1/plugins`,
    `Point Parley at it with PluginSettings.MarketplaceURL = ${running.url} (MM_PLUGINSETTINGS_MARKETPLACEURL).`,
    trustInstructions(keys.publicKeyFile),
    '',
  ].join('\n'),
);
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await running.close();
