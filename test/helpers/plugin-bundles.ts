// Plugin bundles built in memory for tests, well-formed or hostile: tar headers written with the
// `tar` package straight from strings (so any path, type or declared size can be forged), gzipped.
import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

export interface TarEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO' | 'CharacterDevice';
  body?: string;
  linkpath?: string;
  /** The size written in the header, when it must lie about the body. */
  declaredSize?: number;
  mode?: number;
}

/** A .tar.gz holding exactly `entries`, in order. */
export function tarGz(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'File';
    const body = Buffer.from(entry.body ?? '');
    const fields = {
      path: entry.path,
      type,
      mode: entry.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      size: entry.declaredSize ?? (type === 'File' ? body.length : 0),
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      linkpath: entry.linkpath,
    };
    if (entry.path.length > 100) blocks.push(new Pax({ path: entry.path, mtime: new Date(0) }).encode());
    const header = Buffer.alloc(512);
    new Header(fields).encode(header);
    blocks.push(header);
    if (type === 'File' && body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

export interface PluginSpec {
  id: string;
  version?: string;
  /** The server module's source; omitted → a plugin with no hooks. */
  server?: string;
  /** Extra manifest fields (override the defaults). */
  manifest?: Record<string, unknown>;
  /** Put everything in this one top-level folder (Mattermost's usual layout). */
  folder?: string;
}

export function manifestFor(spec: PluginSpec): Record<string, unknown> {
  return {
    id: spec.id,
    name: `Test plugin ${spec.id}`,
    description: 'A plugin built by the test suite',
    version: spec.version ?? '1.0.0',
    server: { executable: 'server/plugin.js' },
    permissions: { api: [] },
    ...spec.manifest,
  };
}

/** A valid bundle for `spec`. */
export function pluginBundle(spec: PluginSpec, extra: TarEntry[] = []): Buffer {
  const prefix = spec.folder ? `${spec.folder}/` : '';
  return tarGz([
    ...(spec.folder ? [{ path: `${spec.folder}/`, type: 'Directory' as const }] : []),
    { path: `${prefix}plugin.json`, body: JSON.stringify(manifestFor(spec)) },
    { path: `${prefix}server/plugin.js`, body: spec.server ?? 'export default () => ({});\n' },
    ...extra,
  ]);
}
