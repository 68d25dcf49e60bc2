// Runs the media suite (media/calls-media.netns.ts: real WebRTC peers, the server, the plugin and the
// media service) in a child process inside a new network namespace that has only `lo`, so no ICE,
// DTLS or RTP can reach another address of the machine; reports each of its tests here. Needs root
// (unshare -n); skipped, saying why, where namespaces cannot be made.
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MEDIA_CASES, MEDIA_SUITE } from './media/media-cases.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SUITE = path.join(import.meta.dirname, 'media/calls-media.netns.ts');
const MOCHA = path.join(ROOT, 'node_modules/.bin/mocha');

interface MochaJsonTest {
  title: string;
  err: { message?: string; stack?: string };
}

function namespacesRefused(): string | undefined {
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (probe.error) return `unshare or ip cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `a network namespace cannot be made here: ${probe.stderr.trim() || `unshare exited with ${probe.status}`}`;
  return undefined;
}

describe(`${MEDIA_SUITE}, from a child process`, function () {
  // The suite starts its own PostgreSQL, server and media service inside the namespace.
  this.timeout(15 * 60_000);
  const results = new Map<string, MochaJsonTest & { passed: boolean }>();
  let output = '';

  before(async function () {
    const refused = namespacesRefused();
    if (refused) {
      this.test!.parent!.title += ` — skipped: ${refused}`;
      return this.skip();
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-media-'));
    const report = path.join(dir, 'report.json');
    try {
      const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${MOCHA}" --reporter json --reporter-option output="${report}" "${SUITE}"`], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await new Promise((resolve) => child.once('close', resolve));
      const parsed = JSON.parse(await readFile(report, 'utf8')) as { passes: MochaJsonTest[]; failures: MochaJsonTest[] };
      for (const test of parsed.passes) results.set(test.title, { ...test, passed: true });
      for (const test of parsed.failures) results.set(test.title, { ...test, passed: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  for (const title of Object.values(MEDIA_CASES)) {
    it(title, () => {
      const result = results.get(title);
      expect(result, `the suite did not run it; its output:\n${output.slice(-4000)}`).to.not.equal(undefined);
      expect(result!.passed, result!.err.stack ?? result!.err.message).to.equal(true);
    });
  }
});
