// scheduler.*: the plugin's scheduled jobs, delivered to its runScheduledJob hook.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments } from './arguments.ts';

const MAX_KEY_ARGUMENT = 1024;
const JOB_FIELDS: ReadonlySet<string> = new Set(['key', 'runAt', 'delayMs', 'intervalMs', 'data']);
/** Room for the data limit the service checks, plus the other fields. */
const MAX_JOB_BYTES = 128 * 1024;

export function schedulerApi({ jobs }: ApiDeps): ApiGroup<'scheduler'> {
  return {
    async schedule(call) {
      const job = call.args.object(0, 'job', { maxBytes: MAX_JOB_BYTES });
      // A misspelt field (`interval`) would otherwise schedule something else than meant.
      const unknown = Object.keys(job).find((field) => !JOB_FIELDS.has(field));
      if (unknown !== undefined) throw invalidArguments(call.args.method, `job has no field ${JSON.stringify(unknown.slice(0, 50))}`);
      for (const field of ['runAt', 'delayMs', 'intervalMs'] as const) {
        if (job[field] !== undefined && typeof job[field] !== 'number') throw invalidArguments(call.args.method, `job.${field} must be a number`);
      }
      if (typeof job.key !== 'string') throw invalidArguments(call.args.method, 'job.key must be a string');
      return jobs.schedule(call.manifest.id, {
        key: job.key,
        runAt: job.runAt as number | undefined,
        delayMs: job.delayMs as number | undefined,
        intervalMs: job.intervalMs as number | undefined,
        data: job.data,
      });
    },
    async cancel(call) {
      return jobs.cancel(call.manifest.id, call.args.string(0, 'key', { max: MAX_KEY_ARGUMENT }));
    },
    async list(call) {
      return jobs.list(call.manifest.id);
    },
  };
}
