// Mocha's spec reporter plus two closing lines: the files that took longest (what to shorten) and
// the line CI tools read, "N passed, N failed". When PARLEY_TEST_FILE_SECONDS names a file, every
// file's time is also written there as JSON, which scripts/run-tests.ts deals the next run's shards by.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

/** Files named in the closing line of the slowest ones. */
const SLOWEST_SHOWN = 8;
/** How that line begins (scripts/run-tests.ts tells it from a failure's text by it). */
export const SLOWEST_FILES = 'slowest files:';
/** The variable naming where to write `{ "<file relative to the working directory>": seconds }`. */
export const FILE_SECONDS_OUTPUT = 'PARLEY_TEST_FILE_SECONDS';

export default class SummaryReporter extends Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // A file's time: its top-level suites' hooks and tests, from the first one's start to the last one's end.
    const fileMs = new Map<string, number>();
    const started = new Map<Mocha.Suite, number>();
    const topLevel = (suite: Mocha.Suite) => suite.file !== undefined && suite.parent?.root === true;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (topLevel(suite)) started.set(suite, performance.now());
    });
    runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
      const t0 = started.get(suite);
      if (t0 === undefined) return;
      started.delete(suite);
      fileMs.set(suite.file!, (fileMs.get(suite.file!) ?? 0) + performance.now() - t0);
    });
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats!;
      const secondsOutput = process.env[FILE_SECONDS_OUTPUT];
      if (secondsOutput) {
        const seconds = Object.fromEntries([...fileMs].map(([file, ms]) => [path.relative(process.cwd(), file), Math.round(ms / 100) / 10]));
        writeFileSync(secondsOutput, `${JSON.stringify(seconds, null, 1)}\n`);
      }
      const slowest = [...fileMs].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST_SHOWN);
      if (slowest.length > 1) {
        process.stdout.write(`\n${SLOWEST_FILES} ${slowest.map(([file, ms]) => `${path.relative(process.cwd(), file)} ${(ms / 1000).toFixed(0)} s`).join(', ')}\n`);
      }
      process.stdout.write(`\n${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}\n`);
    });
  }
}
