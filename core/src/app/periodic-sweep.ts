// Work the server does on a clock (timed do-not-disturbs ending, post reminders, scheduled posts):
// a sweep every interval, never two at once on a node — a tick while one is still running is skipped.
// Each sweep's statements take their rows exactly once, so every node of a cluster may sweep.
import type { Logger } from '../logger.ts';

export interface SweepOptions {
  intervalMs: number;
  logger: Logger;
  /** What the warning says when a sweep fails ("could not …"); the next tick tries again. */
  failure: string;
}

/** Starts the sweep; answers the function that stops it and waits for a sweep under way. */
export function startPeriodicSweep(sweep: () => Promise<unknown>, { intervalMs, logger, failure }: SweepOptions): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweep()
      .then(
        () => undefined,
        (err: unknown) => logger.warn(failure, { err }),
      )
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
