// The System Console's Playbooks figures (Mattermost Playbooks' GET /stats/site): for those who may
// read the server's analytics only.
import type { PluginAPI } from '@parley/plugin-api';
import { notAuthorized } from '../http/playbooks-error.ts';
import type { StatsStore } from '../store/stats-store.ts';

export class SiteStats {
  #api: PluginAPI;
  #store: StatsStore;

  constructor(api: PluginAPI, store: StatsStore) {
    this.#api = api;
    this.#store = store;
  }

  async get(userId: string): Promise<{ total_playbooks: number; total_playbook_runs: number }> {
    if (!(await this.#api.users.hasPermission(userId, 'get_analytics').catch(() => false))) throw notAuthorized(`user ${userId} is not allowed to get site stats`);
    const totals = await this.#store.siteTotals();
    return { total_playbooks: totals.playbooks, total_playbook_runs: totals.runs };
  }
}
