// Run followers and playbook auto-followers in the plugin's own schema (store/migrations/0004): the
// only module that writes SQL for following.
import type { PluginAPI } from '@parley/plugin-api';

export class FollowStore {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  /** Makes the users follow the run; those who already do stay as they are. */
  async follow(runId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.#api.store.query(
      `insert into run_followers (run_id, user_id) select $1, u.value from jsonb_array_elements_text($2::jsonb) u
       on conflict do nothing`,
      [runId, userIds],
    );
  }

  async unfollow(runId: string, userId: string): Promise<void> {
    await this.#api.store.query('delete from run_followers where run_id = $1 and user_id = $2', [runId, userId]);
  }

  async followers(runId: string): Promise<string[]> {
    const { rows } = await this.#api.store.query('select user_id from run_followers where run_id = $1 order by user_id', [runId]);
    return rows.map((row) => String(row.user_id));
  }

  async setAutoFollow(playbookId: string, userId: string, following: boolean): Promise<void> {
    await this.#api.store.query(
      following
        ? 'insert into playbook_autofollows (playbook_id, user_id) values ($1, $2) on conflict do nothing'
        : 'delete from playbook_autofollows where playbook_id = $1 and user_id = $2',
      [playbookId, userId],
    );
  }

  async autoFollows(playbookId: string): Promise<string[]> {
    const { rows } = await this.#api.store.query('select user_id from playbook_autofollows where playbook_id = $1 order by user_id', [playbookId]);
    return rows.map((row) => String(row.user_id));
  }
}
