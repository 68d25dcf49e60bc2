// The timed do-not-disturb sweep: run on its interval, logged (not thrown) when it fails, and
// stopped — waiting for a sweep under way — when the server closes.
import { expect } from 'chai';
import { startDndExpiry } from '../../core/src/app/dnd-expiry.ts';
import type { Logger } from '../../core/src/logger.ts';

const INTERVAL_MS = 20;

/** Resolves once `done()` holds, checking every interval (timers can run late on a busy machine). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
}

function recordingLogger(warnings: string[]): Logger {
  return { warn: (msg: string) => warnings.push(msg) } as unknown as Logger;
}

describe('timed do-not-disturb sweep', () => {
  it('ends the statuses due on every interval until stopped', async () => {
    let sweeps = 0;
    const stop = startDndExpiry({ endDueDnd: async () => (sweeps++, 0) }, recordingLogger([]), INTERVAL_MS);
    await until(() => sweeps >= 2);
    await stop();
    const afterStop = sweeps;
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 3));
    expect(sweeps).to.equal(afterStop);
  });

  it('logs a failed sweep and goes on sweeping', async () => {
    const warnings: string[] = [];
    let sweeps = 0;
    const stop = startDndExpiry({ endDueDnd: async () => { sweeps++; throw new Error('database unavailable'); } }, recordingLogger(warnings), INTERVAL_MS);
    await until(() => warnings.length >= 2);
    await stop();
    expect(sweeps).to.be.at.least(2);
    expect(warnings.length).to.equal(sweeps);
  });

  it('waits for a sweep under way when stopped', async () => {
    let finished = false;
    let started = false;
    const stop = startDndExpiry(
      {
        endDueDnd: () => {
          started = true;
          return new Promise((resolve) => setTimeout(() => ((finished = true), resolve(0)), INTERVAL_MS * 3));
        },
      },
      recordingLogger([]),
      INTERVAL_MS,
    );
    await until(() => started);
    await stop();
    expect(finished).to.equal(true);
  });
});
