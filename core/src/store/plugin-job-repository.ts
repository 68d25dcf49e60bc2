// The plugins' scheduled jobs. Every change that two callers (or two nodes) could race on is one
// SQL statement: the quota check with the insert, the claim of due jobs (FOR UPDATE SKIP LOCKED, so
// two nodes never claim the same occurrence), and the completion, which only touches a job still
// held under the same claim.
import { Repository } from './repository.ts';
import { PluginJob } from './entities/plugin-job.ts';

/** A job as stored; `data` is its JSON text. */
export interface PluginJobRow {
  pluginId: string;
  key: string;
  data: string;
  runAt: number;
  intervalMs: number;
  revision: number;
}

interface RawRow {
  plugin_id: string;
  job_key: string;
  data: string;
  run_at: string | number;
  interval_ms: string | number;
  revision: number;
}

const COLUMNS = `plugin_id, job_key, data::text as data, run_at, interval_ms, revision`;

export class PluginJobRepository extends Repository {
  /**
   * Creates or replaces a job (a replaced job keeps a claim in progress: its run finishes first).
   * A new job is only inserted while the plugin has fewer than `maxJobs`; false when refused for that.
   */
  async upsert(pluginId: string, key: string, json: string, runAt: number, intervalMs: number, now: number, maxJobs: number): Promise<boolean> {
    const rows = await this.sql(
      `insert into plugin_jobs (plugin_id, job_key, data, run_at, interval_ms, create_at)
       select ?, ?, cast(? as jsonb), ?, ?, ?
       where exists (select 1 from plugin_jobs where plugin_id = ? and job_key = ?)
          or (select count(*) from plugin_jobs where plugin_id = ?) < ?
       on conflict (plugin_id, job_key) do update
         set data = excluded.data, run_at = excluded.run_at, interval_ms = excluded.interval_ms, revision = plugin_jobs.revision + 1
       returning 1 as done`,
      [pluginId, key, json, runAt, intervalMs, now, pluginId, key, pluginId, maxJobs],
    );
    return rows.length > 0;
  }

  /** True when the job existed. */
  async delete(pluginId: string, key: string): Promise<boolean> {
    return (await this.em().nativeDelete(PluginJob, { pluginId, jobKey: key })) > 0;
  }

  async deleteAll(pluginId: string): Promise<void> {
    await this.em().nativeDelete(PluginJob, { pluginId });
  }

  /** The plugin's jobs in key order. */
  async list(pluginId: string): Promise<PluginJobRow[]> {
    const rows = await this.sql<RawRow>(`select ${COLUMNS} from plugin_jobs where plugin_id = ? order by job_key`, [pluginId]);
    return rows.map(toRow);
  }

  /**
   * Claims up to `limit` jobs of `pluginIds` that are due at `now` and not claimed by anyone,
   * earliest first, until `leaseUntil`; rows another transaction is claiming are skipped.
   */
  async claimDue(pluginIds: readonly string[], now: number, leaseUntil: number, token: string, limit: number): Promise<PluginJobRow[]> {
    if (pluginIds.length === 0) return [];
    const rows = await this.sql<RawRow>(
      `update plugin_jobs j set lease_until = ?, claim_token = ?
       from (select plugin_id, job_key from plugin_jobs
             where plugin_id in (${placeholders(pluginIds)}) and run_at <= ? and lease_until <= ?
             order by run_at limit ? for update skip locked) due
       where j.plugin_id = due.plugin_id and j.job_key = due.job_key
       returning j.plugin_id, j.job_key, j.data::text as data, j.run_at, j.interval_ms, j.revision`,
      [leaseUntil, token, ...pluginIds, now, now, limit],
    );
    return rows.map(toRow);
  }

  /** When the next job of `pluginIds` can be claimed (epoch ms), or undefined when they have none. */
  async nextDue(pluginIds: readonly string[]): Promise<number | undefined> {
    if (pluginIds.length === 0) return undefined;
    const rows = await this.sql<{ at: string | number | null }>(
      `select min(greatest(run_at, lease_until)) as at from plugin_jobs where plugin_id in (${placeholders(pluginIds)})`,
      [...pluginIds],
    );
    const at = rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }

  /**
   * Ends a claimed run. A job still at the claimed revision is moved to `nextRunAt`, or deleted when
   * that is undefined (a one-shot job that ran); a job replaced meanwhile is only released.
   */
  async finish(job: PluginJobRow, token: string, nextRunAt: number | undefined): Promise<void> {
    if (nextRunAt === undefined) {
      await this.sql(`delete from plugin_jobs where plugin_id = ? and job_key = ? and claim_token = ? and revision = ?`, [job.pluginId, job.key, token, job.revision]);
    } else {
      await this.sql(
        `update plugin_jobs set run_at = ?, lease_until = 0, claim_token = null where plugin_id = ? and job_key = ? and claim_token = ? and revision = ?`,
        [nextRunAt, job.pluginId, job.key, token, job.revision],
      );
    }
    await this.release(job, token);
  }

  /** Gives the claim back without running the occurrence: the job stays due. */
  async release(job: PluginJobRow, token: string): Promise<void> {
    await this.sql(`update plugin_jobs set lease_until = 0, claim_token = null where plugin_id = ? and job_key = ? and claim_token = ?`, [job.pluginId, job.key, token]);
  }
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function toRow(row: RawRow): PluginJobRow {
  return {
    pluginId: row.plugin_id,
    key: row.job_key,
    data: row.data,
    runAt: Number(row.run_at),
    intervalMs: Number(row.interval_ms),
    revision: Number(row.revision),
  };
}
