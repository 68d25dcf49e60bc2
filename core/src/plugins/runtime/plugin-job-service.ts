// Each plugin's scheduled jobs (api.scheduler): checks what a plugin asks for, keeps it in the
// database so jobs survive restarts, and tells the scheduler when the set of jobs changed.
import { jsonInputProblem } from '@parley/plugin-api';
import type { PluginJobRepository, PluginJobRow } from '../../store/plugin-job-repository.ts';
import { AppError } from '../../errors/app-error.ts';

export interface JobLimits {
  maxKeyLength: number;
  maxDataBytes: number;
  maxJobsPerPlugin: number;
  minIntervalMs: number;
}

export const DEFAULT_JOB_LIMITS: JobLimits = { maxKeyLength: 150, maxDataBytes: 64 * 1024, maxJobsPerPlugin: 100, minIntervalMs: 1000 };

/** Ten years: anything later (or a longer interval) is a mistake, not a plan. */
const MAX_HORIZON_MS = 10 * 365 * 24 * 3600 * 1000;

/** What a plugin asks for: when (runAt, or delayMs from now; else one intervalMs from now) and how often. */
export interface JobRequest {
  key: string;
  runAt?: number;
  delayMs?: number;
  intervalMs?: number;
  data?: unknown;
}

/** A job as the plugin sees it (api.scheduler.list). */
export interface WirePluginJob {
  key: string;
  runAt: number;
  intervalMs: number;
  data: unknown;
}

export class PluginJobService {
  #repo: PluginJobRepository;
  #limits: JobLimits;
  #listeners: Array<() => void> = [];

  constructor(repo: PluginJobRepository, limits: JobLimits = DEFAULT_JOB_LIMITS) {
    this.#repo = repo;
    this.#limits = limits;
  }

  /** `listener` runs after every schedule and cancel (the scheduler re-arms its timer). */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Creates the job `key`, or replaces it (a run in progress finishes first); returns it as stored. */
  async schedule(pluginId: string, request: JobRequest): Promise<WirePluginJob> {
    this.#checkKey(request.key);
    const now = Date.now();
    const intervalMs = this.#interval(request.intervalMs);
    const runAt = this.#firstRun(request, intervalMs, now);
    const data = request.data === undefined ? null : request.data;
    const json = this.#serialize(data);
    if (!(await this.#repo.upsert(pluginId, request.key, json, runAt, intervalMs, now, this.#limits.maxJobsPerPlugin))) {
      throw jobError('plugin.scheduler.too_many_jobs', `A plugin may have at most ${this.#limits.maxJobsPerPlugin} scheduled jobs; cancel some first.`);
    }
    this.#changed();
    return { key: request.key, runAt, intervalMs, data };
  }

  /** True when the job existed. */
  async cancel(pluginId: string, key: string): Promise<boolean> {
    this.#checkKey(key);
    const existed = await this.#repo.delete(pluginId, key);
    this.#changed();
    return existed;
  }

  async list(pluginId: string): Promise<WirePluginJob[]> {
    return (await this.#repo.list(pluginId)).map(toWirePluginJob);
  }

  /** Deletes every job of a plugin that was removed. */
  async removePlugin(pluginId: string): Promise<void> {
    await this.#repo.deleteAll(pluginId);
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  #checkKey(key: string): void {
    if (typeof key !== 'string' || key.length === 0 || [...key].length > this.#limits.maxKeyLength || key.includes('\0')) {
      throw jobError('plugin.scheduler.invalid_key', `A job key must have from 1 to ${this.#limits.maxKeyLength} characters.`);
    }
  }

  #interval(intervalMs: number | undefined): number {
    if (intervalMs === undefined) return 0;
    if (!Number.isInteger(intervalMs) || intervalMs < this.#limits.minIntervalMs || intervalMs > MAX_HORIZON_MS) {
      throw jobError('plugin.scheduler.invalid_interval', `intervalMs must be a whole number of milliseconds from ${this.#limits.minIntervalMs} to ${MAX_HORIZON_MS}.`);
    }
    return intervalMs;
  }

  #firstRun(request: JobRequest, intervalMs: number, now: number): number {
    if (request.runAt !== undefined && request.delayMs !== undefined) {
      throw jobError('plugin.scheduler.invalid_time', 'Give runAt or delayMs, not both.');
    }
    if (request.runAt !== undefined) {
      // A time in the past is due at once (a plugin catching up after downtime).
      if (!Number.isInteger(request.runAt) || request.runAt < 0 || request.runAt > now + MAX_HORIZON_MS) {
        throw jobError('plugin.scheduler.invalid_time', 'runAt must be a time in epoch milliseconds, at most ten years ahead.');
      }
      return request.runAt;
    }
    if (request.delayMs !== undefined) {
      if (!Number.isInteger(request.delayMs) || request.delayMs < 0 || request.delayMs > MAX_HORIZON_MS) {
        throw jobError('plugin.scheduler.invalid_time', 'delayMs must be a whole number of milliseconds, at most ten years.');
      }
      return now + request.delayMs;
    }
    if (intervalMs === 0) throw jobError('plugin.scheduler.invalid_time', 'Give runAt or delayMs for a one-shot job, or intervalMs for a recurring one.');
    return now + intervalMs;
  }

  #serialize(data: unknown): string {
    // Checked first: PostgreSQL's jsonb cannot hold the NUL character, and JSON.stringify itself overflows on absurd nesting.
    const problem = jsonInputProblem(data);
    if (problem) throw jobError('plugin.scheduler.invalid_data', `The job data ${problem}.`);
    const json = JSON.stringify(data);
    if (json === undefined) throw jobError('plugin.scheduler.invalid_data', 'The job data must be JSON.');
    if (Buffer.byteLength(json) > this.#limits.maxDataBytes) {
      throw jobError('plugin.scheduler.data_too_large', `The job data may be at most ${this.#limits.maxDataBytes} bytes as JSON.`);
    }
    return json;
  }
}

export function toWirePluginJob(row: PluginJobRow): WirePluginJob {
  return { key: row.key, runAt: row.runAt, intervalMs: row.intervalMs, data: JSON.parse(row.data) };
}

function jobError(id: string, message: string): AppError {
  return new AppError(id, 400, message);
}
