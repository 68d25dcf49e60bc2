// The plugins' scheduled jobs (api.scheduler), claimed by whichever node runs them.
import { Migration } from '@mikro-orm/migrations';

export class PluginJobs extends Migration {
  override name = '0003-plugin-jobs';

  override up(): void {
    this.addSql(`create table "plugin_jobs" ("plugin_id" varchar(190) not null, "job_key" varchar(150) not null, "data" jsonb not null, "run_at" bigint not null, "interval_ms" bigint not null default 0, "revision" int not null default 1, "lease_until" bigint not null default 0, "claim_token" varchar(26) null, "create_at" bigint not null, primary key ("plugin_id", "job_key"));`);
    this.addSql(`create index "plugin_jobs_run_at_index" on "plugin_jobs" ("run_at");`);
  }
}
