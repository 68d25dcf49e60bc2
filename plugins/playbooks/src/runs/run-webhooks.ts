// A run's outgoing webhooks, in Mattermost Playbooks' body (PlaybookRunWebhookPayload): the run's
// JSON, the absolute URLs of its channel (`channel_url`) and of its page (`details_url`), and the
// `event` that sent it — `incident_created` to the creation webhooks; `status_updated` (with the
// update's `{message, reminder, finish_run}`), `status_updates_enabled`/`_disabled` and
// `run_finished` to the status update webhooks.
import type { PluginAPI } from '@parley/plugin-api';
import { siteUrl } from '../http/playbook-routes.ts';
import { runUrl, type Run } from './run.ts';

export interface RunWebhookEvent {
  type: 'incident_created' | 'status_updated' | 'status_updates_enabled' | 'status_updates_disabled' | 'run_finished';
  /** When it happened, epoch milliseconds. */
  at: number;
  user_id: string;
  payload: unknown;
}

/** POSTs the body to each URL; one that fails is logged and does not fail the run. */
export async function sendRunWebhooks(api: PluginAPI, urls: string[], run: Run, wire: Record<string, unknown>, event: RunWebhookEvent): Promise<void> {
  if (urls.length === 0) return;
  const base = await siteUrl(api);
  const [channel, team] = await Promise.all([api.channels.get(run.channel_id).catch(() => null), api.teams.get(run.team_id).catch(() => null)]);
  const body = JSON.stringify({
    ...wire,
    channel_url: channel && team ? `${base}/${team.name}/channels/${channel.name}` : '',
    details_url: `${base}${runUrl(run.id)}`,
    event,
  });
  for (const url of urls) {
    await api.http.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).catch((err: Error) => api.log.warn('playbooks: a run webhook failed', { url, error: err.message }));
  }
}
