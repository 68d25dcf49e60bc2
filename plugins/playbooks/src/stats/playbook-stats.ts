// One playbook's dashboard figures (Mattermost Playbooks' GET /stats/playbook): runs and participants
// now, per day and per week, and its key metrics from published retrospectives. Whoever may view the
// playbook may read them. The windows and the arithmetic follow Mattermost's, rounding included.
import type { PluginAPI } from '@parley/plugin-api';
import { badRequest } from '../http/playbooks-error.ts';
import type { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { MetricValue, StatsStore, TimeWindow } from '../store/stats-store.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEKS_OF_RUNS_STARTED = 12;
const DAYS_OF_ACTIVITY = 14;
const METRIC_CHART_RUNS = 10;
const METRIC_ROLLING_AVERAGE_RUNS = 10;
/** What Mattermost answers as the change of finished runs when the previous 30 days had none. */
const NO_PREVIOUS_RUNS_CHANGE = 99_999_999;

export interface PlaybookStatsAnswer {
  runs_in_progress: number;
  participants_active: number;
  runs_finished_prev_30_days: number;
  runs_finished_percentage_change: number;
  runs_started_per_week: number[];
  runs_started_per_week_times: TimeWindow[];
  active_runs_per_day: number[];
  active_runs_per_day_times: TimeWindow[];
  active_participants_per_day: number[];
  active_participants_per_day_times: TimeWindow[];
  metric_overall_average: Array<number | null>;
  metric_rolling_average: Array<number | null>;
  metric_rolling_average_change: Array<number | null>;
  metric_value_range: Array<[number, number] | null>;
  metric_rolling_values: Array<number[] | null>;
  last_x_run_names: string[] | null;
}

export class PlaybookStats {
  #api: PluginAPI;
  #store: StatsStore;
  #playbooks: PlaybookService;

  constructor(api: PluginAPI, store: StatsStore, playbooks: PlaybookService) {
    this.#api = api;
    this.#store = store;
    this.#playbooks = playbooks;
  }

  async get(caller: PlaybookAccess, playbookId: string | undefined, now = Date.now()): Promise<PlaybookStatsAnswer> {
    if (!playbookId) throw badRequest('playbooks.stats.bad_filters', "Bad filters: bad parameter 'playbook_id'; 'playbook_id' is required");
    // An unknown playbook is refused like one the caller may not see (Mattermost's PlaybookView check).
    await this.#playbooks.get(caller, playbookId);

    const startOfToday = Math.floor(now / DAY_MS) * DAY_MS;
    const endOfToday = startOfToday + DAY_MS - 1;
    const lastThirtyDays: TimeWindow = [startOfToday - 30 * DAY_MS, endOfToday];
    const thirtyDaysBefore: TimeWindow = [startOfToday - 60 * DAY_MS, endOfToday - 31 * DAY_MS];
    const days = oldestFirst(DAYS_OF_ACTIVITY, (i) => [startOfToday - i * DAY_MS, endOfToday - i * DAY_MS]);
    // Weeks start on Sunday (UTC); 1970-01-01 was a Thursday. Mattermost's week ends a millisecond
    // early and counts runs strictly before that end; kept so the figures match.
    const startOfWeek = startOfToday - (((new Date(startOfToday).getUTCDay()) * DAY_MS));
    const weeks = oldestFirst(WEEKS_OF_RUNS_STARTED, (i) => [startOfWeek - i * WEEK_MS, startOfWeek + WEEK_MS - 1 - i * WEEK_MS]);

    const [inProgress, finished, started, activeRuns, activeParticipants, summaries, latest] = await Promise.all([
      this.#store.runsInProgress(playbookId),
      this.#store.runsFinishedIn(playbookId, [lastThirtyDays, thirtyDaysBefore]),
      this.#store.runsStartedIn(playbookId, weeks),
      this.#store.runsActiveIn(playbookId, days),
      this.#store.participantsActiveIn(playbookId, days),
      this.#store.metricSummaries(playbookId),
      this.#store.latestMetricValues(playbookId, 2 * METRIC_ROLLING_AVERAGE_RUNS),
    ]);
    const [finishedLast30 = 0, finishedBefore = 0] = finished;
    const valuesPerMetric = summaries.map((summary) => latest.filter((value) => value.metricId === summary.metricId));
    const rolling = valuesPerMetric.map((values) => rollingAverageAndChange(values.map((value) => value.value)));

    return {
      runs_in_progress: inProgress.runs,
      participants_active: inProgress.participants,
      runs_finished_prev_30_days: finishedLast30,
      // Mattermost divides whole numbers before scaling, so the change moves in steps of 100 %.
      runs_finished_percentage_change: finishedBefore === 0 ? NO_PREVIOUS_RUNS_CHANGE : Math.trunc((finishedLast30 - finishedBefore) / finishedBefore) * 100,
      runs_started_per_week: started,
      runs_started_per_week_times: weeks,
      active_runs_per_day: activeRuns,
      active_runs_per_day_times: days,
      active_participants_per_day: activeParticipants,
      active_participants_per_day_times: days,
      metric_overall_average: summaries.map((summary) => summary.average),
      metric_rolling_average: rolling.map((figures) => figures.average),
      metric_rolling_average_change: rolling.map((figures) => figures.change),
      metric_value_range: summaries.map((summary) => (summary.min === null || summary.max === null ? null : [summary.min, summary.max])),
      metric_rolling_values: valuesPerMetric.map((values) => (values.length === 0 ? null : values.slice(0, METRIC_CHART_RUNS).map((value) => value.value))),
      last_x_run_names: await this.#runNames(valuesPerMetric),
    };
  }

  /**
   * The run channels' display names beside the chart's values. As in Mattermost, they are those of
   * the last key metric's values (null when it has none, empty without metrics).
   */
  async #runNames(valuesPerMetric: MetricValue[][]): Promise<string[] | null> {
    if (valuesPerMetric.length === 0) return [];
    const values = valuesPerMetric[valuesPerMetric.length - 1]!.slice(0, METRIC_CHART_RUNS);
    if (values.length === 0) return null;
    return Promise.all(values.map(async (value) => (await this.#api.channels.get(value.channelId).catch(() => null))?.display_name ?? ''));
  }
}

/** `count` windows from `window(0)` (the latest) back, answered oldest first. */
function oldestFirst(count: number, window: (i: number) => TimeWindow): TimeWindow[] {
  return Array.from({ length: count }, (_, i) => window(count - 1 - i));
}

/**
 * The floored average of the newest values (up to METRIC_ROLLING_AVERAGE_RUNS) and its change in
 * percent against the average of the runs before them; null where there is nothing to compare.
 */
function rollingAverageAndChange(newestFirst: number[]): { average: number | null; change: number | null } {
  const recent = newestFirst.slice(0, METRIC_ROLLING_AVERAGE_RUNS);
  if (recent.length === 0) return { average: null, change: null };
  const average = flooredAverage(recent);
  const earlier = newestFirst.slice(METRIC_ROLLING_AVERAGE_RUNS, 2 * METRIC_ROLLING_AVERAGE_RUNS);
  // Mattermost gives no change for an average of 0; an earlier average of 0 would divide by zero.
  const earlierAverage = earlier.length === 0 ? 0 : flooredAverage(earlier);
  if (average === 0 || earlierAverage === 0) return { average, change: null };
  return { average, change: Math.trunc((average * 100) / earlierAverage) - 100 };
}

function flooredAverage(values: number[]): number {
  return Math.trunc(values.reduce((sum, value) => sum + value, 0) / values.length);
}
