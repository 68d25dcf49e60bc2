// `npm test`'s runner: the suites split into shards, each a mocha process of its own with its own
// PostgreSQL cluster (test/setup.ts), run side by side. Most of a suite's time is spent waiting on a
// database, a browser or a plugin host, so two shards on two cores finish in well under the time of
// one. Each shard is an ordinary mocha run (leak watchdog included: it must exit by itself); its
// lines are streamed with the shard's number in front, and the closing line adds up every shard.
//
//   node scripts/run-tests.ts [mocha options...]      PARLEY_TEST_SHARDS=N (default 2; 1 = one plain mocha run)
import { spawn, type ChildProcess } from 'node:child_process';
import { glob } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SLOWEST_FILES } from '../test/summary-reporter.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SUITES = ['test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'marketplace/test/**/*.test.ts'];
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
/** The summary reporter's closing line (test/summary-reporter.ts). */
const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
/** The spec reporter's heading over its list of failures, with their errors and stacks. */
const FAILURES_HEADING = /^\s*\d+ failing$/;

interface ShardResult {
  code: number;
  passed: number;
  failed: number;
  skipped: number;
  summarised: boolean;
  /** The spec reporter's list of failures, repeated after every shard has ended so a log's tail names them. */
  failures: string[];
}

async function suiteFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of SUITES) {
    for await (const file of glob(pattern, { cwd: ROOT, exclude: (name) => name === 'node_modules' })) files.push(file);
  }
  return files.sort();
}

/**
 * Deals the files out in path order, like cards: the suites of one folder (the browser suites, the
 * Jira plugin's) cost about the same, so each shard gets its share of every kind.
 */
function deal(files: string[], shards: number): string[][] {
  const hands: string[][] = Array.from({ length: shards }, () => []);
  files.forEach((file, index) => hands[index % shards]!.push(file));
  return hands.filter((hand) => hand.length > 0);
}

/** The shards running; an interrupt or termination of this runner is passed on to each. */
const running = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    process.exitCode = 1;
  });
}

function runShard(label: string, files: string[], mochaArgs: string[]): Promise<ShardResult> {
  const result: ShardResult = { code: 1, passed: 0, failed: 0, skipped: 0, summarised: false, failures: [] };
  let inFailures = false;
  const child = spawn(process.execPath, [MOCHA, ...mochaArgs, ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const summary = SUMMARY.exec(line);
      if (summary) {
        Object.assign(result, { passed: Number(summary[1]), failed: Number(summary[2]), skipped: Number(summary[3] ?? 0), summarised: true });
        inFailures = false;
      }
      if (FAILURES_HEADING.test(line)) inFailures = true;
      if (line.startsWith(SLOWEST_FILES)) inFailures = false;
      if (inFailures) result.failures.push(line);
      out.write(`${label} ${line}\n`);
    });
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      result.code = code ?? (signal ? 1 : 0);
      resolve(result);
    });
  });
}

async function main(): Promise<number> {
  const mochaArgs = process.argv.slice(2);
  const shards = Math.max(1, Number(process.env.PARLEY_TEST_SHARDS ?? 2) || 1);
  if (shards === 1) {
    const child = spawn(process.execPath, [MOCHA, ...mochaArgs, ...SUITES], { cwd: ROOT, stdio: 'inherit' });
    return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  }
  const hands = deal(await suiteFiles(), shards);
  const started = Date.now();
  const results = await Promise.all(hands.map((files, index) => runShard(`[${index + 1}/${hands.length}]`, files, mochaArgs)));
  // A shard that failed without a failing test (its watchdog found a leak, it died or was interrupted) counts as one failure.
  const total = results.reduce(
    (sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + Math.max(r.failed, r.code !== 0 || !r.summarised ? 1 : 0), skipped: sum.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  results.forEach((r, index) => {
    if (r.failures.length > 0) process.stdout.write(`\nshard ${index + 1}/${hands.length}, its failures again:\n${r.failures.join('\n')}\n`);
  });
  results.forEach((r, index) => {
    const counts = r.summarised ? `${r.passed} passed, ${r.failed} failed` : 'no summary (the run ended before its reporter closed)';
    process.stdout.write(`shard ${index + 1}/${hands.length}: ${hands[index]!.length} files, ${counts}, exit code ${r.code}\n`);
  });
  const failedShards = results.filter((r) => r.code !== 0 || !r.summarised).length;
  process.stdout.write(`all shards in ${Math.round((Date.now() - started) / 1000)} s${failedShards ? `; ${failedShards} shard(s) failed` : ''}\n`);
  process.stdout.write(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
  return failedShards > 0 ? 1 : 0;
}

const code = await main();
process.exitCode ||= code;
