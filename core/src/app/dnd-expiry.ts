// Ends timed do-not-disturbs on time: every minute (Mattermost's granularity for dnd_end_time) the
// statuses whose end has passed go back to what they were (StatusService.endDueDnd). Each node of a
// cluster sweeps; the sweep is one conditional UPDATE, so each change is made and announced once.
import type { Logger } from '../logger.ts';
import type { StatusService } from './status-service.ts';

export const DND_SWEEP_INTERVAL_MS = 60_000;

/**
 * Starts the sweep (a tick while one is still running is skipped); answers the function that stops
 * it and waits for a sweep under way.
 */
export function startDndExpiry(statuses: Pick<StatusService, 'endDueDnd'>, logger: Logger, intervalMs = DND_SWEEP_INTERVAL_MS): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = statuses
      .endDueDnd()
      .then(
        () => undefined,
        (err: unknown) => logger.warn('could not end the timed do-not-disturb statuses due', { err }),
      )
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
