// `npm test`'s runner: the suites split into shards, each a mocha process of its own with its own
// PostgreSQL cluster (test/setup.ts), run side by side. Most of a suite's time is spent waiting on a
// database, a browser or a plugin host, so two shards on two cores finish in well under the time of
// one. Each shard is an ordinary mocha run (leak watchdog included: it must exit by itself); its
// lines are streamed with the shard's number in front, and the closing line adds up every shard.
// Files are dealt by the time each took in the last full run (test/file-seconds.json, rewritten by
// every run of all the suites: commit it with the change that moved the times), so the shards end together.
// With --type-check the type check (tsc --noEmit) runs beside the shards at a lower CPU priority: the
// shards leave about a third of the two cores idle while they wait, and the check takes a core for
// most of a minute; its output is printed when it ends, and a failed check fails the run.
//
//   node scripts/run-tests.ts [--type-check] [mocha options...]      PARLEY_TEST_SHARDS=N (default 2; 1 = one plain mocha run)
import { spawn, type ChildProcess } from 'node:child_process';
import { glob, readFile, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FILE_SECONDS_OUTPUT, SLOWEST_FILES } from '../test/summary-reporter.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SUITES = ['test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'marketplace/test/**/*.test.ts'];
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** niceness of the type check beside the shards (0-19: higher yields more). */
const TYPE_CHECK_NICENESS = 10;
/** Each suite file's seconds in the last full run. */
const FILE_SECONDS = path.join(ROOT, 'test', 'file-seconds.json');
/** What a file not yet timed is expected to take (about a typical API suite's time). */
const UNTIMED_SECONDS = 5;
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

type FileSeconds = Record<string, number>;

async function lastFileSeconds(): Promise<FileSeconds> {
  try {
    return JSON.parse(await readFile(FILE_SECONDS, 'utf8')) as FileSeconds;
  } catch {
    return {};
  }
}

/**
 * Deals the files longest first, each to the shard with the least time so far (a file not timed yet
 * counts as a typical one), then lists each shard's files in path order. A shard's time is mostly
 * waiting (on a database, a browser, a plugin host), so equal sums end the shards close together.
 */
function deal(files: string[], shards: number, seconds: FileSeconds): string[][] {
  const hands = Array.from({ length: shards }, () => ({ files: [] as string[], seconds: 0 }));
  const expected = (file: string) => seconds[file] ?? UNTIMED_SECONDS;
  const longestFirst = [...files].sort((a, b) => expected(b) - expected(a) || a.localeCompare(b));
  for (const file of longestFirst) {
    const hand = hands.reduce((least, candidate) => (candidate.seconds < least.seconds ? candidate : least));
    hand.files.push(file);
    hand.seconds += expected(file);
  }
  return hands.map((hand) => hand.files.sort()).filter((hand) => hand.length > 0);
}

/** The shards running; an interrupt or termination of this runner is passed on to each. */
const running = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    process.exitCode = 1;
  });
}

function runShard(label: string, files: string[], mochaArgs: string[], secondsOutput: string): Promise<ShardResult> {
  const result: ShardResult = { code: 1, passed: 0, failed: 0, skipped: 0, summarised: false, failures: [] };
  let inFailures = false;
  const child = spawn(process.execPath, [MOCHA, ...mochaArgs, ...files], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, [FILE_SECONDS_OUTPUT]: secondsOutput },
  });
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

interface TypeCheckResult {
  code: number;
  output: string;
}

/** The type check, its output kept until it ends (interleaved with the shards' lines it would be unreadable). */
function runTypeCheck(): Promise<TypeCheckResult> {
  const output: string[] = [];
  const child = spawn(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, TYPE_CHECK_NICENESS);
    } catch {
      // Not permitted here: the check then competes with the shards as an equal, which costs time, not correctness.
    }
  }
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code: code ?? (signal ? 1 : 0), output: output.join('') });
    });
  });
}

/** Waits for the type check (when one runs) and prints its outcome; true when it passed or none ran. */
async function reportTypeCheck(typeCheck: Promise<TypeCheckResult> | undefined): Promise<boolean> {
  if (!typeCheck) return true;
  const { code, output } = await typeCheck;
  process.stdout.write(code === 0 ? 'type check (tsc --noEmit): no errors\n' : `\ntype check (tsc --noEmit) failed, exit code ${code}:\n${output}\n`);
  return code === 0;
}

async function main(): Promise<number> {
  const typeCheck = process.argv.includes('--type-check') ? runTypeCheck() : undefined;
  const mochaArgs = process.argv.slice(2).filter((arg) => arg !== '--type-check');
  const shards = Math.max(1, Number(process.env.PARLEY_TEST_SHARDS ?? 2) || 1);
  if (shards === 1) {
    const child = spawn(process.execPath, [MOCHA, ...mochaArgs, ...SUITES], { cwd: ROOT, stdio: 'inherit' });
    const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
    return (await reportTypeCheck(typeCheck)) ? code : 1;
  }
  const files = await suiteFiles();
  const seconds = await lastFileSeconds();
  const hands = deal(files, shards, seconds);
  hands.forEach((hand, index) => {
    const expected = hand.reduce((sum, file) => sum + (seconds[file] ?? UNTIMED_SECONDS), 0);
    process.stdout.write(`shard ${index + 1}/${hands.length}: ${hand.length} files, about ${Math.round(expected)} s by the last run's times\n`);
  });
  const secondsOutputs = hands.map((_, index) => path.join(tmpdir(), `parley-shard-${process.pid}-${index + 1}.json`));
  const started = Date.now();
  const results = await Promise.all(hands.map((hand, index) => runShard(`[${index + 1}/${hands.length}]`, hand, mochaArgs, secondsOutputs[index]!)));
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
  const typesChecked = await reportTypeCheck(typeCheck);
  // Only a full run sets the times (options such as --grep leave files short), once every shard's
  // reporter has had its say: a failing test changes its file's time little, a shard that died a lot.
  if (results.every((r) => r.summarised) && mochaArgs.length === 0) await recordFileSeconds(files, secondsOutputs);
  await Promise.all(secondsOutputs.map((file) => rm(file, { force: true })));
  process.stdout.write(`all shards in ${Math.round((Date.now() - started) / 1000)} s${failedShards ? `; ${failedShards} shard(s) failed` : ''}\n`);
  process.stdout.write(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
  return failedShards > 0 || !typesChecked ? 1 : 0;
}

async function recordFileSeconds(files: string[], shardOutputs: string[]): Promise<void> {
  const measured: FileSeconds = {};
  for (const output of shardOutputs) Object.assign(measured, JSON.parse(await readFile(output, 'utf8')) as FileSeconds);
  const seconds = Object.fromEntries(files.filter((file) => measured[file] !== undefined).map((file) => [file, measured[file]!]));
  await writeFile(FILE_SECONDS, `${JSON.stringify(seconds, null, 1)}\n`);
}

const code = await main();
process.exitCode ||= code;
