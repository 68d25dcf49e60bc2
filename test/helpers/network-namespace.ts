// Runs a mocha suite file in a child process inside a new network namespace that has only `lo`, so
// nothing it does (ICE, DTLS, RTP) can reach another address of the machine, and reports each of its
// tests as a test of the calling run. Needs root (unshare -n); skipped, saying why, where namespaces
// cannot be made. The suite file is named `*.netns.ts` so the run's glob never loads it directly.
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MOCHA = path.join(ROOT, 'node_modules/.bin/mocha');

interface MochaJsonTest {
  title: string;
  err: { message?: string; stack?: string };
}

/** Why a loopback-only network namespace cannot be made here, or undefined when it can. */
export function networkNamespaceRefused(): string | undefined {
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (probe.error) return `unshare or ip cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `a network namespace cannot be made here: ${probe.stderr.trim() || `unshare exited with ${probe.status}`}`;
  return undefined;
}

/**
 * Declares `title`: one test per entry of `cases` (the suite's own test titles), each passing when the
 * suite at `suiteFile`, run inside the namespace, passed it. The suite starts its own PostgreSQL,
 * server and whatever else it needs there.
 */
export function describeInNetworkNamespace(title: string, suiteFile: string, cases: readonly string[]): void {
  describe(title, function () {
    this.timeout(15 * 60_000);
    const results = new Map<string, MochaJsonTest & { passed: boolean }>();
    let output = '';
    /** Failures the child reported that are none of the cases (a failed hook): why the cases did not run. */
    let otherFailures = '';

    before(async function () {
      const refused = networkNamespaceRefused();
      if (refused) {
        // On each test, not the suite: reporters print a suite's title before its hooks run.
        for (const test of this.test!.parent!.tests) test.title += ` — skipped: ${refused}`;
        return this.skip();
      }
      const dir = await mkdtemp(path.join(tmpdir(), 'parley-netns-'));
      const report = path.join(dir, 'report.json');
      try {
        const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${MOCHA}" --reporter json --reporter-option output="${report}" "${suiteFile}"`], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        await new Promise((resolve) => child.once('close', resolve));
        const parsed = JSON.parse(await readFile(report, 'utf8')) as { passes: MochaJsonTest[]; failures: MochaJsonTest[] };
        for (const test of parsed.passes) results.set(test.title, { ...test, passed: true });
        for (const test of parsed.failures) results.set(test.title, { ...test, passed: false });
        otherFailures = parsed.failures
          .filter((test) => !cases.includes(test.title))
          .map((test) => `${test.title}: ${test.err.stack ?? test.err.message ?? ''}`)
          .join('\n');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    for (const name of cases) {
      it(name, () => {
        const result = results.get(name);
        expect(result, `the suite did not run it; ${otherFailures ? `it failed with:\n${otherFailures.slice(-4000)}\n` : ''}its output:\n${output.slice(-4000)}`).to.not.equal(undefined);
        expect(result!.passed, result!.err.stack ?? result!.err.message).to.equal(true);
      });
    }
  });
}
