// Scheduled jobs (api.scheduler and the runScheduledJob hook) of real plugin bundles installed
// through the REST API: the plugins schedule through their serveHttp endpoint and record every run
// in their KV store, which the tests read back.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { PluginStatus } from '@mattermost/types/plugins';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';

const RUNNING = 2;

interface Run {
  key: string;
  data: unknown;
  scheduledAt: number;
}

/**
 * POST /plugins/<id>/ with {op, args}: calls api.scheduler[op](...args) and answers {result} or
 * {error: id}; op "runs" answers the runs recorded for a key, op "set" sets a KV key. runScheduledJob
 * appends each run to the KV key `runs:<job key>`; when the job's data says so, it hangs for good,
 * or waits until the KV key `data.waitFor` is set and then appends `{ended: data.tag}`.
 */
const SCHEDULING_PLUGIN = `export default (api) => ({
  async serveHttp(ctx, request) {
    const { op, args } = JSON.parse(request.body);
    try {
      const result =
        op === 'runs' ? (await api.kv.get('runs:' + args[0])) ?? [] : op === 'set' ? await api.kv.set(args[0], args[1]) : await api.scheduler[op](...args);
      return { body: JSON.stringify({ result: result ?? null }) };
    } catch (err) {
      return { status: 400, body: JSON.stringify({ error: err.id ?? String(err) }) };
    }
  },
  async runScheduledJob(job) {
    const record = async (entry) => api.kv.set('runs:' + job.key, [...((await api.kv.get('runs:' + job.key)) ?? []), entry]);
    await record(job);
    if (job.data && job.data.hang) await new Promise(() => {});
    if (job.data && job.data.waitFor) {
      while (!(await api.kv.get(job.data.waitFor))) {}
      await record({ ended: job.data.tag });
    }
  },
});
`;

describe('plugin scheduled jobs', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let admin: Client4;

  before(async () => {
    ts = await startTestServer({
      config: { PluginSettings: { EnableUploads: true, HookTimeoutMs: 2000 } },
      pluginTimings: { restartDelaysMs: [20] },
    });
    admin = (await createAdmin(ts)).client;
  });
  after(async () => {
    await ts.close();
  });

  async function install(id: string, api: string[] = ['scheduler', 'kv']): Promise<void> {
    const bundle = pluginBundle({ id, server: SCHEDULING_PLUGIN, manifest: { permissions: { api } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, false);
    await admin.enablePlugin(id);
  }

  /** Asks the plugin to call api.scheduler[op]; resolves with its result or its error id. */
  async function ask(id: string, op: string, ...args: unknown[]): Promise<{ result?: unknown; error?: string }> {
    const response = await fetch(`${ts.url}/plugins/${id}/`, { method: 'POST', body: JSON.stringify({ op, args }) });
    return (await response.json()) as { result?: unknown; error?: string };
  }

  async function runs(id: string, key: string): Promise<Run[]> {
    return (await ask(id, 'runs', key)).result as Run[];
  }

  async function status(id: string): Promise<PluginStatus & { error: string }> {
    return (await admin.getPluginStatuses()).find((s) => s.plugin_id === id) as PluginStatus & { error: string };
  }

  describe('running jobs', () => {
    const ID = 'com.example.jobs';
    before(async () => {
      await install(ID);
    });

    it('runs a one-shot job once with its data and due time, then forgets it', async () => {
      const before = Date.now();
      const { result: job } = await ask(ID, 'schedule', { key: 'once', delayMs: 100, data: { n: 1 } });
      expect(job).to.include({ key: 'once', intervalMs: 0 }).and.to.deep.include({ data: { n: 1 } });
      const due = (job as { runAt: number }).runAt;
      expect(due).to.be.at.least(before + 100);
      await eventually(async () => expect(await runs(ID, 'once')).to.deep.equal([{ key: 'once', data: { n: 1 }, scheduledAt: due }]));
      await eventually(async () => expect((await ask(ID, 'list')).result).to.deep.equal([]));
    });

    it('runs a job scheduled at a time already past at once', async () => {
      await ask(ID, 'schedule', { key: 'late', runAt: Date.now() - 60_000 });
      await eventually(async () => expect(await runs(ID, 'late')).to.have.length(1));
    });

    it('runs a recurring job every interval from its due time until it is cancelled', async () => {
      await ask(ID, 'schedule', { key: 'tick', intervalMs: 1000, delayMs: 0, data: 'tock' });
      await eventually(async () => expect(await runs(ID, 'tick')).to.have.length.of.at.least(2), 5000);
      const [first, second] = await runs(ID, 'tick');
      expect(second.data).to.equal('tock');
      // Moved on by whole intervals from the due time, however late the run was.
      expect((second.scheduledAt - first.scheduledAt) % 1000).to.equal(0);
      expect(second.scheduledAt).to.be.greaterThan(first.scheduledAt);

      expect((await ask(ID, 'cancel', 'tick')).result).to.equal(true);
      const afterCancel = (await runs(ID, 'tick')).length;
      expect((await ask(ID, 'list')).result).to.deep.equal([]);
      // A marker due after two more intervals: by the time it ran, a live job would have run twice more.
      await ask(ID, 'schedule', { key: 'marker', delayMs: 2500 });
      await eventually(async () => expect(await runs(ID, 'marker')).to.have.length(1), 6000);
      // At most the one run that may have been in flight when the cancel arrived.
      expect((await runs(ID, 'tick')).length).to.be.at.most(afterCancel + 1);
      expect((await ask(ID, 'cancel', 'tick')).result).to.equal(false);
    });

    it('lists the jobs in key order, and replaces a job scheduled again under its key', async () => {
      const later = Date.now() + 3_600_000;
      await ask(ID, 'schedule', { key: 'b-report', runAt: later, data: { v: 1 } });
      await ask(ID, 'schedule', { key: 'a-digest', intervalMs: 86_400_000 });
      await ask(ID, 'schedule', { key: 'b-report', runAt: later + 1, data: { v: 2 } });
      const listed = (await ask(ID, 'list')).result as Array<{ key: string; runAt: number; intervalMs: number; data: unknown }>;
      expect(listed.map((j) => j.key)).to.deep.equal(['a-digest', 'b-report']);
      expect(listed[0]).to.include({ intervalMs: 86_400_000, data: null });
      expect(listed[1]).to.deep.equal({ key: 'b-report', runAt: later + 1, intervalMs: 0, data: { v: 2 } });
      await ask(ID, 'cancel', 'a-digest');
      await ask(ID, 'cancel', 'b-report');
    });

    it('does not start a job cancelled and scheduled again while its previous run still goes on, until that run ended', async () => {
      await ask(ID, 'schedule', { key: 'overlap', delayMs: 0, data: { waitFor: 'go', tag: 1 } });
      await eventually(async () => expect(await runs(ID, 'overlap')).to.have.length(1));
      await ask(ID, 'cancel', 'overlap');
      await ask(ID, 'schedule', { key: 'overlap', delayMs: 0, data: { tag: 2 } });
      // Ample time for the new run to start, were it allowed to overlap.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await runs(ID, 'overlap')).to.have.length(1);
      await ask(ID, 'set', 'go', true);
      const steps = async () => ((await runs(ID, 'overlap')) as Array<Run | { ended: number }>).map((r) => ('ended' in r ? `end ${r.ended}` : `start ${(r.data as { tag: number }).tag}`));
      await eventually(async () => expect(await steps()).to.deep.equal(['start 1', 'end 1', 'start 2']));
    });

    it('keeps a job due while its plugin is disabled and runs it once the plugin is enabled again', async () => {
      await ask(ID, 'schedule', { key: 'survivor', delayMs: 300, data: 'kept' });
      await admin.disablePlugin(ID);
      let due = 0;
      await eventually(async () => {
        const [job] = await ts.store.pluginJobs.list(ID);
        expect(job.runAt).to.be.below(Date.now());
        due = job.runAt;
      });
      expect(await ts.store.pluginKv.get(ID, 'runs:survivor', Date.now())).to.equal(null);
      await admin.enablePlugin(ID);
      await eventually(async () => expect(await runs(ID, 'survivor')).to.deep.equal([{ key: 'survivor', data: 'kept', scheduledAt: due }]));
      // The one-shot job is deleted once its run has returned, just after the run recorded itself.
      await eventually(async () => expect(await ts.store.pluginJobs.list(ID)).to.deep.equal([]));
    });
  });

  describe('refusals', () => {
    const ID = 'com.example.refusals';
    before(async () => {
      await install(ID);
    });

    it('refuses the scheduler to a plugin whose manifest does not ask for it', async () => {
      await install('com.example.nosched', ['kv']);
      for (const [op, args] of [['schedule', [{ key: 'k', delayMs: 0 }]], ['cancel', ['k']], ['list', []]] as const) {
        expect(await ask('com.example.nosched', op, ...args), op).to.deep.equal({ error: 'plugin.api.permission_denied' });
      }
    });

    it('refuses bad jobs with stable error ids and stores none of them', async () => {
      const bad: Array<[unknown, string]> = [
        [{ key: '', delayMs: 0 }, 'plugin.scheduler.invalid_key'],
        [{ key: 'k'.repeat(151), delayMs: 0 }, 'plugin.scheduler.invalid_key'],
        [{ key: 'nul\0', delayMs: 0 }, 'plugin.scheduler.invalid_key'],
        [{ key: 'k' }, 'plugin.scheduler.invalid_time'],
        [{ key: 'k', delayMs: 0, runAt: Date.now() }, 'plugin.scheduler.invalid_time'],
        [{ key: 'k', delayMs: -1 }, 'plugin.scheduler.invalid_time'],
        [{ key: 'k', delayMs: 1.5 }, 'plugin.scheduler.invalid_time'],
        [{ key: 'k', runAt: Date.now() + 20 * 365 * 86_400_000 }, 'plugin.scheduler.invalid_time'],
        [{ key: 'k', intervalMs: 999 }, 'plugin.scheduler.invalid_interval'],
        [{ key: 'k', delayMs: 0, data: 'x'.repeat(70 * 1024) }, 'plugin.scheduler.data_too_large'],
        [{ key: 'k', delayMs: 0, data: 'nul\0' }, 'plugin.scheduler.invalid_data'],
        [{ key: 'k', interval: 5000 }, 'plugin.api.invalid_arguments'],
        [{ key: 'k', delayMs: '10' }, 'plugin.api.invalid_arguments'],
        [{ key: 42, delayMs: 0 }, 'plugin.api.invalid_arguments'],
        ['not a job', 'plugin.api.invalid_arguments'],
      ];
      for (const [job, id] of bad) {
        expect(await ask(ID, 'schedule', job), JSON.stringify(job).slice(0, 80)).to.deep.equal({ error: id });
      }
      expect(await ask(ID, 'cancel', '')).to.deep.equal({ error: 'plugin.scheduler.invalid_key' });
      expect((await ask(ID, 'list')).result).to.deep.equal([]);
    });

    it('refuses a job over the per-plugin cap with plugin.scheduler.too_many_jobs, and still replaces existing ones', async () => {
      const later = Date.now() + 3_600_000;
      for (let i = 0; i < 100; i++) expect(await ask(ID, 'schedule', { key: `job-${i}`, runAt: later })).to.have.property('result');
      expect(await ask(ID, 'schedule', { key: 'one-too-many', runAt: later })).to.deep.equal({ error: 'plugin.scheduler.too_many_jobs' });
      expect(await ask(ID, 'schedule', { key: 'job-7', runAt: later + 1 })).to.have.property('result');
      expect((await ask(ID, 'list')).result).to.have.length(100);
    });

    it('deletes the jobs of a plugin that is removed', async () => {
      expect(await ts.store.pluginJobs.list(ID)).to.have.length(100);
      await admin.removePlugin(ID);
      expect(await ts.store.pluginJobs.list(ID)).to.deep.equal([]);
    });
  });

  describe('isolation', () => {
    it("keeps running other plugins' jobs while one plugin hangs in runScheduledJob", async () => {
      const HANGER = 'com.example.hanger';
      const OTHER = 'com.example.punctual';
      await install(HANGER);
      await install(OTHER);
      const hangingPid = ts.server.plugins.supervisor.get(HANGER)!.process.pid;
      await ask(HANGER, 'schedule', { key: 'stuck', delayMs: 0, data: { hang: true } });
      await eventually(async () => expect(await runs(HANGER, 'stuck')).to.have.length(1));

      await ask(OTHER, 'schedule', { key: 'meanwhile', delayMs: 0 });
      await eventually(async () => expect(await runs(OTHER, 'meanwhile')).to.have.length(1));
      // The hanging run was still in progress: its process had not yet been ended for the overrun.
      expect(ts.server.plugins.supervisor.get(HANGER)?.process.pid).to.equal(hangingPid);

      // The overrun then counts as a failure: the plugin is restarted, and the one-shot job is not retried.
      await eventually(async () => expect(ts.server.plugins.supervisor.get(HANGER)?.process.pid).to.be.a('number').and.not.equal(hangingPid), 6000);
      await eventually(async () => expect(await status(HANGER)).to.include({ state: RUNNING }));
      expect(await ts.store.pluginJobs.list(HANGER)).to.deep.equal([]);
      expect(await runs(HANGER, 'stuck')).to.have.length(1);
    });
  });

  describe('claims', () => {
    it('never hands the same due job to two nodes claiming at once', async () => {
      const pluginId = 'com.example.not-running';
      const now = Date.now();
      for (let i = 0; i < 40; i++) await ts.store.pluginJobs.upsert(pluginId, `job-${i}`, 'null', now - 1000, 0, now, 100);
      const [a, b] = await Promise.all([
        ts.store.pluginJobs.claimDue([pluginId], now, now + 60_000, 'a'.repeat(26), 30),
        ts.store.pluginJobs.claimDue([pluginId], now, now + 60_000, 'b'.repeat(26), 30),
      ]);
      const keysA = a.map((j) => j.key);
      const keysB = b.map((j) => j.key);
      expect(keysA.filter((k) => keysB.includes(k))).to.deep.equal([]);
      expect(new Set([...keysA, ...keysB]).size).to.equal(40);
      // Claimed jobs are not due for anyone else until their lease ends.
      expect(await ts.store.pluginJobs.claimDue([pluginId], now, now + 60_000, 'c'.repeat(26), 100)).to.deep.equal([]);
    });
  });
});
