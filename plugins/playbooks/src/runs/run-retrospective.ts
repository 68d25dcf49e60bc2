// A run's retrospective, as Mattermost Playbooks keeps it (server/app/playbook_run_service.go:
// UpdateRetrospective, PublishRetrospective, CancelRetrospective, postRetrospectiveReminder): the
// text and the values of the playbook's key metrics, saved as drafts, published to the run channel,
// or declined with the reminder's "No Retrospective" button.
import type { PluginAPI } from '@parley/plugin-api';
import { badRequest } from '../http/playbooks-error.ts';
import type { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { MetricConfig } from '../playbooks/playbook.ts';
import type { RunService } from './run-service.ts';
import { runUrl, type Run, type RunMetricData } from './run.ts';

/** Mattermost's RetrospectiveUpdate. */
export interface RetrospectiveUpdate {
  retrospective: string;
  metrics: RunMetricData[];
}

export const NO_RETROSPECTIVE_PATH = '/api/v0/runs/{id}/no-retrospective-button';
const CANCELED_TEXT = 'No retrospective for this run.';

export class RunRetrospective {
  #api: PluginAPI;
  #runs: RunService;
  #playbooks: PlaybookService;

  constructor(api: PluginAPI, runs: RunService, playbooks: PlaybookService) {
    this.#api = api;
    this.#runs = runs;
    this.#playbooks = playbooks;
  }

  /** Saves the text and metric values without publishing them. */
  async update(caller: PlaybookAccess, id: string, update: RetrospectiveUpdate): Promise<void> {
    await this.#runs.change(caller, id, async (run) => ({ run: { ...run, retrospective: update.retrospective, metrics_data: await this.#checkedMetrics(run, update.metrics) }, events: [] }));
  }

  /** Saves and publishes: a `custom_retro` post in the run channel, with the metrics and their configs, and a timeline event. */
  async publish(caller: PlaybookAccess, id: string, update: RetrospectiveUpdate): Promise<void> {
    const publisher = await this.#runs.username(caller.userId);
    let configs: MetricConfig[] = [];
    const published = (await this.#runs.change(caller, id, async (run, now) => {
      const metrics = await this.#checkedMetrics(run, update.metrics);
      configs = metrics.length > 0 ? await this.#metricConfigs(run) : [];
      return {
        run: { ...run, retrospective: update.retrospective, metrics_data: metrics, retrospective_published_at: now, retrospective_was_canceled: false },
        events: [{ event_type: 'published_retrospective', summary: `@${publisher} published the retrospective`, subject_user_id: caller.userId }],
      };
    })) as unknown as Run;
    const news = `Retrospective for [${published.name}](${runUrl(published.id)}) has been published by @${publisher}\n[See the full retrospective](${runUrl(published.id, 'retrospective')})\n`;
    await this.#api.posts.create({
      channel_id: published.channel_id,
      type: 'custom_retro',
      message: `@channel ${news}`,
      props: {
        retrospectiveText: published.retrospective,
        metricsData: published.metrics_data.length > 0 ? JSON.stringify(published.metrics_data) : 'null',
        metricsConfigs: configs.length > 0 ? JSON.stringify(configs.map((config) => ({ ...config, playbook_id: published.playbook_id }))) : 'null',
      },
    });
    await this.#runs.tellFollowers(published, caller.userId, { message: news });
  }

  /** Declines the retrospective: no more reminders, the channel told, a timeline event. */
  async cancel(caller: PlaybookAccess, id: string): Promise<void> {
    const canceler = await this.#runs.username(caller.userId);
    const canceled = (await this.#runs.change(caller, id, (run, now) => ({
      run: { ...run, retrospective: CANCELED_TEXT, retrospective_published_at: now, retrospective_was_canceled: true },
      events: [{ event_type: 'canceled_retrospective', summary: `@${canceler} canceled the retrospective`, subject_user_id: caller.userId }],
    }))) as unknown as Run;
    await this.#api.posts.create({ channel_id: canceled.channel_id, message: `@channel Retrospective for [${canceled.name}](${runUrl(canceled.id)}) has been canceled by @${canceler}\n` });
  }

  /** Values for the playbook's metrics only, each once, a whole number not below 0 or null (not filled in). */
  async #checkedMetrics(run: Run, metrics: RunMetricData[]): Promise<RunMetricData[]> {
    if (metrics.length === 0) return [];
    const known = new Set((await this.#metricConfigs(run)).map((config) => config.id));
    const seen = new Set<string>();
    for (const metric of metrics) {
      if (!known.has(metric.metric_config_id)) throw badRequest('playbooks.run.retrospective_metric', `metrics: ${metric.metric_config_id} is not a key metric of the run's playbook`);
      if (seen.has(metric.metric_config_id)) throw badRequest('playbooks.run.retrospective_metric', `metrics: ${metric.metric_config_id} is given twice`);
      seen.add(metric.metric_config_id);
      if (metric.value !== null && metric.value < 0) throw badRequest('playbooks.run.retrospective_metric', `metrics: the value of ${metric.metric_config_id} cannot be negative`);
    }
    return metrics;
  }

  async #metricConfigs(run: Run): Promise<MetricConfig[]> {
    return (await this.#playbooks.find(run.playbook_id).catch(() => null))?.metrics ?? [];
  }
}

/** The bot's reminder in a finished run's channel to fill out the retrospective, with a button to decline it. */
export async function postRetrospectiveReminder(api: PluginAPI, run: Pick<Run, 'id' | 'channel_id'>, initial: boolean): Promise<void> {
  await api.posts.create({
    channel_id: run.channel_id,
    type: initial ? 'custom_retro_rem_first' : 'custom_retro_rem',
    message: `@channel Reminder to [fill out the retrospective](${runUrl(run.id, 'retrospective')}).`,
    props: {
      playbookRunId: run.id,
      attachments: [{ actions: [{ id: 'noRetrospective', type: 'button', name: 'No Retrospective', integration: { url: `/plugins/playbooks${NO_RETROSPECTIVE_PATH.replace('{id}', run.id)}` } }] }],
    },
  });
}
