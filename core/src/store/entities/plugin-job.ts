import { defineEntity, p } from '@mikro-orm/core';

/** A plugin's scheduled job (api.scheduler): one-shot at run_at, or recurring every interval_ms. */
const PluginJobSchema = defineEntity({
  name: 'PluginJob',
  tableName: 'plugin_jobs',
  properties: {
    pluginId: p.string().length(190).primary(),
    jobKey: p.string().length(150).primary(),
    data: p.json<unknown>(),
    /** Epoch ms of the next occurrence. */
    runAt: p.bigint('number'),
    /** 0 for a one-shot job. */
    intervalMs: p.bigint('number').default(0),
    /** Bumped each time the plugin replaces the job, so a run in progress does not reschedule the old one. */
    revision: p.integer().default(1),
    /** While a node runs an occurrence, no other node claims the job before this time (epoch ms). */
    leaseUntil: p.bigint('number').default(0),
    /** The claim a node holds on the job while it runs it. */
    claimToken: p.string().length(26).nullable(),
    createAt: p.bigint('number'),
  },
});

export class PluginJob extends PluginJobSchema.class {}
PluginJobSchema.setClass(PluginJob);
export { PluginJobSchema };
