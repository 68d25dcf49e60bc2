// The server's clocked sweeps (timed do-not-disturbs, post reminders, scheduled posts): run on their
// interval, logged (not thrown) when one fails, and stopped — waiting for a sweep under way — when
// the server closes.
import { expect } from 'chai';
import { startPeriodicSweep } from '../../core/src/app/periodic-sweep.ts';
import type { Logger } from '../../core/src/logger.ts';

const INTERVAL_MS = 20;

/** Resolves once `done()` holds, checking every interval (timers can run late on a busy machine). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
}

function recordingLogger(warnings: string[]): Logger {
  return { warn: (msg: string) => warnings.push(msg) } as unknown as Logger;
}

function start(sweep: () => Promise<unknown>, warnings: string[] = []): () => Promise<void> {
  return startPeriodicSweep(sweep, { intervalMs: INTERVAL_MS, logger: recordingLogger(warnings), failure: 'could not sweep' });
}

describe('periodic sweep', () => {
  it('sweeps on every interval until stopped', async () => {
    let sweeps = 0;
    const stop = start(async () => sweeps++);
    await until(() => sweeps >= 2);
    await stop();
    const afterStop = sweeps;
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 3));
    expect(sweeps).to.equal(afterStop);
  });

  it('logs a failed sweep and goes on sweeping', async () => {
    const warnings: string[] = [];
    let sweeps = 0;
    const stop = start(async () => {
      sweeps++;
      throw new Error('database unavailable');
    }, warnings);
    await until(() => warnings.length >= 2);
    await stop();
    expect(sweeps).to.be.at.least(2);
    expect(warnings.length).to.equal(sweeps);
    expect(warnings[0]).to.equal('could not sweep');
  });

  it('waits for a sweep under way when stopped', async () => {
    let finished = false;
    let started = false;
    const stop = start(() => {
      started = true;
      return new Promise((resolve) => setTimeout(() => ((finished = true), resolve(0)), INTERVAL_MS * 3));
    });
    await until(() => started);
    await stop();
    expect(finished).to.equal(true);
  });
});
