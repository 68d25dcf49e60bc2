// Runs the plugins' scheduled jobs (api.scheduler) through their runScheduledJob hook. One timer,
// armed for the earliest due job of the plugins running here (re-armed whenever jobs change or a
// plugin starts), with a poll as fallback for changes made on other nodes. Due jobs are claimed in
// the database under a lease, so an occurrence runs on one node only and never overlaps a run of
// the same job; a job whose plugin is not running stays due until it is. A recurring job moves on
// from its due time by whole intervals past now: missed occurrences are skipped, not caught up.
import { databaseUnavailableError } from '../../errors/database-unavailable.ts';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import type { PluginJobRepository, PluginJobRow } from '../../store/plugin-job-repository.ts';
import { newId } from '../../app/ids.ts';
import type { ActivePlugins } from './active-plugins.ts';
import type { HookDispatcher } from './hook-dispatcher.ts';

const HOOK = 'runScheduledJob';
/** Jobs claimed per wake-up; the rest are claimed at the next one, right after. */
const CLAIM_BATCH = 50;
/** A claim outlives the hook's deadline by this much, so it is never taken over while the run can still be going. */
const LEASE_MARGIN_MS = 5000;
/** The stop of a plugin ends its run with this id: the occurrence is not consumed, it runs when the plugin is back. */
const STOPPED = 'sandbox.process.stopped';

export interface PluginSchedulerDeps {
  jobs: PluginJobRepository;
  plugins: ActivePlugins;
  dispatcher: Pick<HookDispatcher, 'runScheduledJob'>;
  config: ConfigService;
  logger: Logger;
}

/** Longest sleep between two looks at the database (jobs scheduled on other nodes wake nobody here). */
const POLL_MS = 5000;
/** A due job another node is claiming right now (a locked row) is looked at again after this, not in a spin. */
const MIN_SLEEP_MS = 10;

export class PluginScheduler {
  #deps: PluginSchedulerDeps;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;
  /** A wake-up arrived during a tick: tick again right after it. */
  #again = false;
  #closed = false;
  /** The runs in progress here, by plugin id and job key. */
  #runs = new Map<string, Promise<void>>();
  #tickDone: Promise<void> = Promise.resolve();

  constructor(deps: PluginSchedulerDeps) {
    this.#deps = deps;
  }

  /** Looks for due jobs now, and re-arms the timer from what it finds. */
  wake(): void {
    if (this.#closed) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#tickDone = this.#tick();
  }

  /**
   * Claims nothing more, and resolves once the runs in progress ended: call it before stopping the
   * plugins (which ends their runs) and await it after.
   */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#tickDone;
    while (this.#runs.size > 0) await Promise.allSettled([...this.#runs.values()]);
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    this.#ticking = true;
    let sleep = POLL_MS;
    try {
      const ready = this.#deps.plugins.implementing(HOOK).map((plugin) => plugin.manifest.id);
      const now = Date.now();
      const lease = now + this.#deps.config.get().PluginSettings.HookTimeoutMs + LEASE_MARGIN_MS;
      const token = newId();
      const claimed = await this.#deps.jobs.claimDue(ready, now, lease, token, CLAIM_BATCH);
      for (const job of claimed) this.#start(job, token);
      const next = claimed.length === CLAIM_BATCH ? Date.now() : await this.#deps.jobs.nextDue(ready);
      if (next !== undefined) sleep = Math.min(sleep, Math.max(MIN_SLEEP_MS, next - Date.now()));
    } catch (err) {
      // While the database is down the store's monitor has said so once; this retries every tick.
      if (databaseUnavailableError(err)) this.#deps.logger.debug('the plugin scheduler waits for the database', {});
      else this.#deps.logger.error('the plugin scheduler could not look for due jobs', { err });
    } finally {
      this.#ticking = false;
    }
    if (this.#closed) return;
    if (this.#again) {
      this.#again = false;
      sleep = 0;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#tickDone = this.#tick();
    }, sleep);
    this.#timer.unref();
  }

  #start(job: PluginJobRow, token: string): void {
    const id = `${job.pluginId}\0${job.key}`;
    // A job cancelled and scheduled again while its previous run still goes on: the new run waits for it.
    const run = (this.#runs.get(id) ?? Promise.resolve()).then(() => this.#run(job, token));
    this.#runs.set(id, run);
    void run.finally(() => {
      if (this.#runs.get(id) === run) this.#runs.delete(id);
    });
  }

  async #run(job: PluginJobRow, token: string): Promise<void> {
    const jobs = this.#deps.jobs;
    const plugin = this.#deps.plugins.get(job.pluginId);
    try {
      if (!plugin?.process.hooks.has(HOOK)) return await jobs.release(job, token);
      let consumed = true;
      try {
        await this.#deps.dispatcher.runScheduledJob(plugin, { key: job.key, data: JSON.parse(job.data), scheduledAt: job.runAt });
      } catch (err) {
        // The dispatcher logged and reported it; only a plugin stopped under the run gets the occurrence back.
        consumed = (err as { id?: unknown }).id !== STOPPED;
      }
      if (!consumed) return await jobs.release(job, token);
      await jobs.finish(job, token, job.intervalMs > 0 ? nextOccurrence(job.runAt, job.intervalMs, Date.now()) : undefined);
    } catch (err) {
      this.#deps.logger.error('the plugin scheduler could not record a job run', { plugin_id: job.pluginId, err });
    }
    // The job's next occurrence may be sooner than the timer.
    this.wake();
  }
}

/** The first of `due + k * interval` (k ≥ 1) after `now`. */
export function nextOccurrence(due: number, intervalMs: number, now: number): number {
  const missed = Math.max(0, Math.floor((now - due) / intervalMs));
  return due + (missed + 1) * intervalMs;
}
