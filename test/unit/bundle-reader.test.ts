import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_BUNDLE_LIMITS, unpackBundle, type BundleLimits } from '../../core/src/plugins/management/bundle-reader.ts';
import { AppError } from '../../core/src/errors/app-error.ts';
import { manifestFor, pluginBundle, tarGz, type TarEntry } from '../helpers/plugin-bundles.ts';

const MANIFEST = JSON.stringify(manifestFor({ id: 'com.example.unit' }));

describe('bundle reader', () => {
  let work: string;
  let into: string;
  let archive: string;
  let outside: string;

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'parley-bundle-'));
    into = path.join(work, 'plugins', 'staging');
    outside = path.join(work, 'outside');
    archive = path.join(work, 'bundle.tar.gz');
    await mkdir(into, { recursive: true });
    await mkdir(outside);
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function refusal(bundle: Buffer, limits?: BundleLimits): Promise<AppError> {
    await writeFile(archive, bundle);
    try {
      await unpackBundle(archive, into, limits);
    } catch (err) {
      expect(err).to.be.instanceOf(AppError);
      // A refused bundle writes nothing, anywhere.
      expect(await readdir(into)).to.deep.equal([]);
      expect(await readdir(outside)).to.deep.equal([]);
      return err as AppError;
    }
    throw new Error('the bundle was accepted');
  }

  const refusedWith = async (entries: TarEntry[], id: string, limits?: BundleLimits) => {
    const err = await refusal(tarGz(entries), limits);
    expect(err.status).to.equal(400);
    expect(err.id).to.equal(id);
    return err;
  };

  it('unpacks a bundle with plugin.json at its root', async () => {
    await writeFile(archive, pluginBundle({ id: 'com.example.unit', server: 'export default () => ({});' }));
    const bundle = await unpackBundle(archive, into);
    expect(bundle.root).to.equal(into);
    expect(bundle.manifest.id).to.equal('com.example.unit');
    expect(await readFile(path.join(into, 'server', 'plugin.js'), 'utf8')).to.equal('export default () => ({});');
  });

  it('uses the one top-level folder as the root when plugin.json is inside it', async () => {
    await writeFile(archive, pluginBundle({ id: 'com.example.unit', folder: 'com.example.unit' }));
    const bundle = await unpackBundle(archive, into);
    expect(bundle.root).to.equal(path.join(into, 'com.example.unit'));
  });

  it('ignores the modes written in the archive (no setuid files, no locked folders)', async () => {
    await writeFile(
      archive,
      tarGz([
        { path: 'plugin.json', body: MANIFEST, mode: 0o4777 },
        { path: 'locked/', type: 'Directory', mode: 0o000 },
        { path: 'locked/file.js', body: 'x', mode: 0o6755 },
      ]),
    );
    await unpackBundle(archive, into);
    // Compared under the process umask, which may only take bits away.
    const mode = async (p: string) => (await stat(path.join(into, p))).mode & 0o7777;
    expect(await mode('plugin.json')).to.equal(0o644 & ~process.umask());
    expect(await mode('locked')).to.equal(0o755 & ~process.umask());
    expect(await mode('locked/file.js')).to.equal(0o644 & ~process.umask());
  });

  it('unpacks a large bundle (streamed, not read into memory) as it unpacks a small one, and refuses a bad entry at its end', async () => {
    // Random bytes do not compress: the bundle is past the size read in one go.
    const padding = { path: 'assets/padding.bin', body: Buffer.from(Array.from({ length: 700 * 1024 }, () => Math.floor(Math.random() * 256))).toString('latin1') };
    await writeFile(archive, pluginBundle({ id: 'com.example.unit' }, [padding]));
    expect((await stat(archive)).size).to.be.above(512 * 1024);
    const { manifest } = await unpackBundle(archive, into);
    expect(manifest.id).to.equal('com.example.unit');
    expect((await stat(path.join(into, 'assets', 'padding.bin'))).size).to.equal(Buffer.byteLength(padding.body));
    await rm(into, { recursive: true });
    await mkdir(into);
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, padding, { path: '../../outside/evil.js', body: 'x' }], 'app.plugin.bundle.path_traversal.app_error');
  });

  it('refuses an absolute path', async () => {
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: `${outside}/evil.js`, body: 'x' }], 'app.plugin.bundle.absolute_path.app_error');
  });

  it('refuses a path that climbs out with ..', async () => {
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: '../../outside/evil.js', body: 'x' }], 'app.plugin.bundle.path_traversal.app_error');
  });

  it('refuses symbolic links and hard links', async () => {
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: 'link', type: 'SymbolicLink', linkpath: outside }], 'app.plugin.bundle.symlink.app_error');
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: 'hard', type: 'Link', linkpath: '/etc/passwd' }], 'app.plugin.bundle.hardlink.app_error');
  });

  it('refuses fifos and devices', async () => {
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: 'pipe', type: 'FIFO' }], 'app.plugin.bundle.special_file.app_error');
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: 'tty', type: 'CharacterDevice' }], 'app.plugin.bundle.special_file.app_error');
  });

  it('refuses a bundle over the compressed size limit', async () => {
    const bundle = pluginBundle({ id: 'com.example.unit' });
    const err = await refusal(bundle, { ...DEFAULT_BUNDLE_LIMITS, maxCompressedBytes: bundle.length - 1 });
    expect(err.id).to.equal('app.plugin.bundle.too_large.app_error');
  });

  it('refuses a bundle whose files add up to more than the unpacked limit, from the headers alone', async () => {
    // Declares 300 MiB without carrying it: refused before any data is read, like a gzip bomb.
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: 'huge.bin', declaredSize: 300 * 1024 * 1024 }], 'app.plugin.bundle.unpacked_too_large.app_error');
  });

  it('refuses too many files and over-long paths', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ path: `f${i}.txt`, body: 'x' }));
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, ...many], 'app.plugin.bundle.too_many_files.app_error', { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 10 });
    await refusedWith([{ path: 'plugin.json', body: MANIFEST }, { path: `${'d'.repeat(600)}.js`, body: 'x' }], 'app.plugin.bundle.path_too_long.app_error');
  });

  it('refuses a bundle without plugin.json, or with two top-level folders', async () => {
    await refusedWith([{ path: 'only/readme.txt', body: 'x' }], 'app.plugin.bundle.no_manifest.app_error');
    await refusedWith([{ path: 'a/plugin.json', body: MANIFEST }, { path: 'b/other.txt', body: 'x' }], 'app.plugin.bundle.multiple_roots.app_error');
  });

  it('refuses something that is not a tar.gz', async () => {
    const err = await refusal(Buffer.from('definitely not a tarball'.repeat(100)));
    expect(err.id).to.equal('app.plugin.bundle.corrupt.app_error');
  });

  it('refuses an invalid manifest naming the bad field', async () => {
    await writeFile(archive, tarGz([{ path: 'plugin.json', body: JSON.stringify({ id: 'x', name: 'X', version: '1', permissions: { api: [] } }) }]));
    const err = await unpackBundle(archive, into).then(
      () => undefined,
      (e: AppError) => e,
    );
    expect(err?.id).to.equal('app.plugin.manifest.invalid.app_error');
    expect(err?.message).to.match(/\bid\b/).and.match(/version/);
  });
});
