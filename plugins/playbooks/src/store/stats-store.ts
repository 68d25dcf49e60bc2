// The counts behind the stats routes (Mattermost Playbooks' server/sqlstore/stats.go).
import type { PluginAPI } from '@parley/plugin-api';

/** A span of time, both ends in epoch milliseconds, as the stats answer them (`[start, end]`). */
export type TimeWindow = [number, number];

/** A key metric's published retrospective values: average (floored), least and greatest, or null without values. */
export interface MetricSummary {
  metricId: string;
  average: number | null;
  min: number | null;
  max: number | null;
}

/** One published value of a key metric and the channel of its run, newest retrospective first. */
export interface MetricValue {
  metricId: string;
  value: number;
  channelId: string;
}

// The time windows given as $2, a JSON array of [start, end] (the store binds JSON values), as rows (s, e, n).
const WINDOWS_OF_PARAM_2 = `(select (win->>0)::bigint as s, (win->>1)::bigint as e, n
   from jsonb_array_elements($2::jsonb) with ordinality as given(win, n)) w`;

// A retrospective counts once published and not canceled: drafts and canceled ones hold no figures.
const PUBLISHED_METRIC_VALUES = `
  select d->>'metric_config_id' as metric_id, (d->>'value')::bigint as value, r.channel_id, r.retrospective_published_at
    from runs r, jsonb_array_elements(r.metrics_data) d
   where r.playbook_id = $1 and r.retrospective_published_at > 0 and not r.retrospective_was_canceled
     and jsonb_typeof(d->'value') = 'number'`;

export class StatsStore {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  /** Every playbook (archived ones too) and every run on the server, as Mattermost counts them. */
  async siteTotals(): Promise<{ playbooks: number; runs: number }> {
    const { rows } = await this.#api.store.query('select (select count(*) from playbooks)::int as playbooks, (select count(*) from runs)::int as runs');
    return { playbooks: Number(rows[0]?.playbooks ?? 0), runs: Number(rows[0]?.runs ?? 0) };
  }

  /** The playbook's runs in progress and their distinct participants. */
  async runsInProgress(playbookId: string): Promise<{ runs: number; participants: number }> {
    const { rows } = await this.#api.store.query(
      `select (select count(*) from runs where playbook_id = $1 and end_at = 0)::int as runs,
              (select count(distinct p.user_id) from run_participants p join runs r on r.id = p.run_id
                where r.playbook_id = $1 and r.end_at = 0)::int as participants`,
      [playbookId],
    );
    return { runs: Number(rows[0]?.runs ?? 0), participants: Number(rows[0]?.participants ?? 0) };
  }

  /** Per window: the playbook's runs that ended in `(start, end]`. */
  async runsFinishedIn(playbookId: string, windows: TimeWindow[]): Promise<number[]> {
    return this.#perWindow(playbookId, windows, 'count(*) from runs r where r.playbook_id = $1 and r.end_at > w.s and r.end_at <= w.e');
  }

  /** Per window: the playbook's runs started in `[start, end)`. */
  async runsStartedIn(playbookId: string, windows: TimeWindow[]): Promise<number[]> {
    return this.#perWindow(playbookId, windows, 'count(*) from runs r where r.playbook_id = $1 and r.create_at >= w.s and r.create_at < w.e');
  }

  /** Per window: the playbook's runs active at some time in it (started before its end, not ended before its start). */
  async runsActiveIn(playbookId: string, windows: TimeWindow[]): Promise<number[]> {
    return this.#perWindow(playbookId, windows, 'count(*) from runs r where r.playbook_id = $1 and (r.end_at >= w.s or r.end_at = 0) and r.create_at < w.e');
  }

  /**
   * Per window: the distinct participants of the playbook's runs active in it. Mattermost reads the
   * run channels' membership history; Parley's plugin sees no such history, so a run's participants
   * count for its whole active span.
   */
  async participantsActiveIn(playbookId: string, windows: TimeWindow[]): Promise<number[]> {
    return this.#perWindow(playbookId, windows, `count(distinct p.user_id) from runs r join run_participants p on p.run_id = r.id
      where r.playbook_id = $1 and (r.end_at >= w.s or r.end_at = 0) and r.create_at < w.e`);
  }

  /** Each key metric of the playbook, in its order, with the summary of its published values. */
  async metricSummaries(playbookId: string): Promise<MetricSummary[]> {
    const { rows } = await this.#api.store.query(
      `select m.id, floor(avg(v.value))::bigint as average, min(v.value) as min, max(v.value) as max
         from playbook_metrics m left join (${PUBLISHED_METRIC_VALUES}) v on v.metric_id = m.id
        where m.playbook_id = $1
        group by m.id, m.position order by m.position`,
      [playbookId],
    );
    const orNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    return rows.map((row) => ({ metricId: String(row.id), average: orNull(row.average), min: orNull(row.min), max: orNull(row.max) }));
  }

  /** Up to `perMetric` published values of each key metric, the newest retrospectives first. */
  async latestMetricValues(playbookId: string, perMetric: number): Promise<MetricValue[]> {
    const { rows } = await this.#api.store.query(
      `select metric_id, value, channel_id from (
         select v.*, row_number() over (partition by v.metric_id order by v.retrospective_published_at desc) as n from (${PUBLISHED_METRIC_VALUES}) v
       ) ranked where n <= $2 order by metric_id, n`,
      [playbookId, perMetric],
    );
    return rows.map((row) => ({ metricId: String(row.metric_id), value: Number(row.value), channelId: String(row.channel_id) }));
  }

  async #perWindow(playbookId: string, windows: TimeWindow[], countQuery: string): Promise<number[]> {
    const { rows } = await this.#api.store.query(
      `select (select ${countQuery})::int as count from ${WINDOWS_OF_PARAM_2} order by w.n`,
      [playbookId, JSON.stringify(windows)],
    );
    return rows.map((row) => Number(row.count));
  }
}
