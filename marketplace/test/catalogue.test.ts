import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildPlugin } from '@parley/plugin-api/build';
import { tarGz } from '../../test/helpers/plugin-bundles.ts';
import { indexFolder, signBundleData, type Catalogue, type CatalogueEntry } from '../src/index.ts';
import { ICON_SVG, keyPair, tempFolder, writeBundle } from './fixtures.ts';

const HELLO = path.resolve(import.meta.dirname, '../../examples/hello');

function entryFor(catalogue: Catalogue, id: string, version?: string): CatalogueEntry {
  const found = catalogue.entries.find((e) => e.plugin.manifest.id === id && (version === undefined || e.plugin.manifest.version === version));
  if (!found) throw new Error(`${id} ${version ?? ''} is not listed; skipped: ${JSON.stringify(catalogue.skipped)}`);
  return found;
}

function skippedMessage(catalogue: Catalogue, file: string): string {
  return catalogue.skipped.find((note) => note.file === file)?.message ?? '(not skipped)';
}

describe('marketplace catalogue', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const signer = keyPair();

  beforeEach(async () => {
    folder = await tempFolder();
  });
  afterEach(async () => {
    await folder.remove();
  });

  it('lists a bundle built by parley-plugin build with its validated manifest and signature', async () => {
    const { file } = await buildPlugin({ dir: HELLO, outDir: folder.dir });
    await writeFile(`${file}.sig`, `${signBundleData(await readFile(file), signer.privateKey)}\n`);
    const catalogue = await indexFolder(folder.dir, { publicKeys: [signer.publicKey] });
    expect(catalogue.skipped).to.deep.equal([]);
    const entry = entryFor(catalogue, 'com.example.hello');
    expect(entry.file).to.equal(path.basename(file));
    expect(entry.plugin.manifest.server).to.deep.equal({ executable: 'server/plugin.js' });
    expect(entry.plugin.signature).to.match(/^[A-Za-z0-9+/]{86}==$/);
  });

  it('gives each item the fields of a Mattermost marketplace item', async () => {
    const { file } = await writeBundle(
      folder.dir,
      {
        id: 'com.example.fields',
        manifest: { homepage_url: 'https://example.com/home', release_notes_url: 'https://example.com/notes', icon_path: 'assets/icon.svg' },
      },
      { signWith: signer.privateKey, extra: [{ path: 'assets/icon.svg', body: ICON_SVG }] },
    );
    await utimes(file, new Date('2026-03-01T10:00:00Z'), new Date('2026-03-01T10:00:00Z'));
    const { plugin } = entryFor(await indexFolder(folder.dir), 'com.example.fields');
    expect(plugin).to.deep.include({
      homepage_url: 'https://example.com/home',
      icon_data: `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString('base64')}`,
      release_notes_url: 'https://example.com/notes',
      author_type: 'community',
      release_stage: 'production',
      enterprise: false,
      updated_at: '2026-03-01T10:00:00.000Z',
    });
    expect(plugin.labels?.map((l) => l.name)).to.deep.equal(['Community']);
    expect(plugin.manifest).to.include({ id: 'com.example.fields', version: '1.0.0', icon_path: 'assets/icon.svg' });
  });

  it('finds plugin.json and the icon inside the one top-level folder', async () => {
    await writeBundle(
      folder.dir,
      { id: 'com.example.nested', folder: 'com.example.nested', manifest: { icon_path: './assets/icon.svg' } },
      { extra: [{ path: 'com.example.nested/assets/icon.svg', body: ICON_SVG }] },
    );
    const { plugin } = entryFor(await indexFolder(folder.dir), 'com.example.nested');
    expect(plugin.icon_data).to.equal(`data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString('base64')}`);
  });

  it('lists a bundle without an icon, with a warning, when icon_path is missing or not an SVG', async () => {
    await writeBundle(folder.dir, { id: 'com.example.noicon', manifest: { icon_path: 'assets/icon.svg' } });
    await writeBundle(folder.dir, { id: 'com.example.png', manifest: { icon_path: 'icon.png' } }, { extra: [{ path: 'icon.png', body: '\x89PNG\r\n' }] });
    const catalogue = await indexFolder(folder.dir);
    expect(entryFor(catalogue, 'com.example.noicon').plugin.icon_data).to.equal('');
    expect(entryFor(catalogue, 'com.example.png').plugin.icon_data).to.equal('');
    const warnings = catalogue.warnings.map((w) => `${w.file}: ${w.message}`);
    expect(warnings).to.include('com.example.noicon-1.0.0.tar.gz: icon_path: assets/icon.svg is not in the bundle; listed without an icon');
    expect(warnings).to.include('com.example.png-1.0.0.tar.gz: icon_path: icon.png is not an SVG image; listed without an icon');
  });

  it('lists an unsigned bundle with an empty signature and a warning', async () => {
    await writeBundle(folder.dir, { id: 'com.example.unsigned' });
    const catalogue = await indexFolder(folder.dir);
    expect(entryFor(catalogue, 'com.example.unsigned').plugin.signature).to.equal('');
    expect(catalogue.warnings).to.deep.include({ file: 'com.example.unsigned-1.0.0.tar.gz', message: 'unsigned: servers that require plugin signatures will refuse to install it' });
  });

  it('lists several versions of one plugin, marking pre-releases as beta', async () => {
    await writeBundle(folder.dir, { id: 'com.example.multi', version: '1.0.0' });
    await writeBundle(folder.dir, { id: 'com.example.multi', version: '1.1.0-beta.1' });
    const catalogue = await indexFolder(folder.dir, { authorType: 'partner' });
    expect(entryFor(catalogue, 'com.example.multi', '1.0.0').plugin).to.deep.include({ release_stage: 'production', author_type: 'partner' });
    const beta = entryFor(catalogue, 'com.example.multi', '1.1.0-beta.1').plugin;
    expect(beta.release_stage).to.equal('beta');
    expect(beta.labels?.map((l) => l.name)).to.deep.equal(['Partner', 'Beta']);
  });

  it('lower-cases the id and drops unknown manifest fields as the server does', async () => {
    await writeBundle(folder.dir, { id: 'COM.Example.Upper', manifest: { flavour: 'vanilla' } }, { file: 'upper.tar.gz' });
    const catalogue = await indexFolder(folder.dir);
    expect(entryFor(catalogue, 'com.example.upper').plugin.manifest).to.not.have.property('flavour');
    expect(catalogue.warnings.map((w) => w.message)).to.include('plugin.json: flavour is not a field of Mattermost or Parley manifests; ignored');
  });

  it('skips, with the reason, bundles that cannot be listed and keeps the others', async () => {
    await writeBundle(folder.dir, { id: 'com.example.good' });
    await writeBundle(folder.dir, { id: 'com.example.blank', manifest: { name: ' ' } });
    await writeFile(path.join(folder.dir, 'garbage.tar.gz'), randomBytes(2000));
    await writeFile(path.join(folder.dir, 'nomanifest.tar.gz'), tarGz([{ path: 'server/plugin.js', body: 'x' }]));
    await writeFile(
      path.join(folder.dir, 'tworoots.tar.gz'),
      tarGz([
        { path: 'a/plugin.json', body: '{}' },
        { path: 'b/readme.txt', body: 'x' },
      ]),
    );
    await writeFile(path.join(folder.dir, 'huge.tar.gz'), tarGz([{ path: 'plugin.json', body: `{"id":"com.example.huge","pad":"${'x'.repeat(300 * 1024)}"}` }]));
    await writeFile(path.join(folder.dir, 'badjson.tar.gz'), tarGz([{ path: 'plugin.json', body: '{"id":' }]));
    const catalogue = await indexFolder(folder.dir);
    expect(catalogue.entries.map((e) => e.plugin.manifest.id)).to.deep.equal(['com.example.good']);
    expect(skippedMessage(catalogue, 'com.example.blank-1.0.0.tar.gz')).to.equal('plugin.json is invalid: name must not be blank');
    expect(skippedMessage(catalogue, 'garbage.tar.gz')).to.match(/^not a valid \.tar\.gz file/);
    expect(skippedMessage(catalogue, 'nomanifest.tar.gz')).to.equal('no plugin.json at the root or in the top-level folder');
    expect(skippedMessage(catalogue, 'tworoots.tar.gz')).to.equal('no plugin.json at the root, and 2 top-level entries instead of one folder holding it');
    expect(skippedMessage(catalogue, 'huge.tar.gz')).to.equal('plugin.json is larger than 256 KiB');
    expect(skippedMessage(catalogue, 'badjson.tar.gz')).to.match(/^plugin\.json is not valid JSON/);
  });

  it('skips a bundle whose .sig is not a signature, and a second copy of the same version', async () => {
    const { file } = await writeBundle(folder.dir, { id: 'com.example.badsig' });
    await writeFile(`${file}.sig`, '-----BEGIN PGP SIGNATURE-----\n');
    await writeBundle(folder.dir, { id: 'com.example.twice' }, { file: 'a.tar.gz' });
    await writeBundle(folder.dir, { id: 'com.example.twice' }, { file: 'b.tar.gz' });
    const catalogue = await indexFolder(folder.dir);
    expect(skippedMessage(catalogue, 'com.example.badsig-1.0.0.tar.gz')).to.match(/^com\.example\.badsig-1\.0\.0\.tar\.gz\.sig is not a signature/);
    expect(entryFor(catalogue, 'com.example.twice').file).to.equal('a.tar.gz');
    expect(skippedMessage(catalogue, 'b.tar.gz')).to.equal('com.example.twice@1.0.0 is already listed from a.tar.gz');
  });

  it('lists only bundles a given public key verifies', async () => {
    await writeBundle(folder.dir, { id: 'com.example.trusted' }, { signWith: signer.privateKey });
    await writeBundle(folder.dir, { id: 'com.example.stranger' }, { signWith: keyPair().privateKey });
    await writeBundle(folder.dir, { id: 'com.example.unsigned' });
    const catalogue = await indexFolder(folder.dir, { publicKeys: [signer.publicKey] });
    expect(catalogue.entries.map((e) => e.plugin.manifest.id)).to.deep.equal(['com.example.trusted']);
    expect(skippedMessage(catalogue, 'com.example.stranger-1.0.0.tar.gz')).to.match(/does not match any trusted public key/);
    expect(skippedMessage(catalogue, 'com.example.unsigned-1.0.0.tar.gz')).to.equal('The plugin bundle has no signature.');
    expect(catalogue.warnings).to.deep.equal([]);
  });
});
