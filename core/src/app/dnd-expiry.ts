// Ends timed do-not-disturbs on time: every minute (Mattermost's granularity for dnd_end_time) the
// statuses whose end has passed go back to what they were (StatusService.endDueDnd). The sweep is one
// conditional UPDATE, so each change is made and announced once however many nodes sweep.
import type { Logger } from '../logger.ts';
import type { StatusService } from './status-service.ts';
import { startPeriodicSweep } from './periodic-sweep.ts';

export const DND_SWEEP_INTERVAL_MS = 60_000;

/** Starts the sweep; answers the function that stops it and waits for a sweep under way. */
export function startDndExpiry(statuses: Pick<StatusService, 'endDueDnd'>, logger: Logger, intervalMs = DND_SWEEP_INTERVAL_MS): () => Promise<void> {
  return startPeriodicSweep(() => statuses.endDueDnd(), { intervalMs, logger, failure: 'could not end the timed do-not-disturb statuses due' });
}
