// The counts behind the stats routes (Mattermost Playbooks' server/sqlstore/stats.go).
import type { PluginAPI } from '@parley/plugin-api';

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
}
