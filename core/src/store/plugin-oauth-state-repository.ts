import { Repository } from './repository.ts';

/** An OAuth authorization under way (m0010-plugin-oauth-states.ts). */
export interface OAuthState {
  state: string;
  pluginId: string;
  userId: string;
  codeVerifier: string;
  redirectUri: string;
  tokenUrl: string;
  data: Record<string, unknown>;
  expireAt: number;
}

export class PluginOAuthStateRepository extends Repository {
  /** Keeps a new state; the expired states of the plugin go on the way. */
  async insert(row: OAuthState, now: number): Promise<void> {
    await this.sql(
      `with purged as (delete from plugin_oauth_states where expire_at <= ?)
       insert into plugin_oauth_states (state, plugin_id, user_id, code_verifier, redirect_uri, token_url, data, expire_at) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)`,
      [now, row.state, row.pluginId, row.userId, row.codeVerifier, row.redirectUri, row.tokenUrl, JSON.stringify(row.data), row.expireAt],
    );
  }

  /** Takes the plugin's state out (a state is used once, whatever happens next); null when there is none. */
  async take(pluginId: string, state: string): Promise<OAuthState | null> {
    const rows = await this.sql<{ state: string; user_id: string; code_verifier: string; redirect_uri: string; token_url: string; data: Record<string, unknown>; expire_at: string }>(
      `delete from plugin_oauth_states where state = ? and plugin_id = ? returning state, user_id, code_verifier, redirect_uri, token_url, data, expire_at`,
      [state, pluginId],
    );
    const row = rows[0];
    if (!row) return null;
    return { state: row.state, pluginId, userId: row.user_id, codeVerifier: row.code_verifier, redirectUri: row.redirect_uri, tokenUrl: row.token_url, data: row.data, expireAt: Number(row.expire_at) };
  }

  /** A plugin's states: how many it has under way (bounded). */
  async countLive(pluginId: string, now: number): Promise<number> {
    const rows = await this.sql<{ n: string }>(`select count(*) as n from plugin_oauth_states where plugin_id = ? and expire_at > ?`, [pluginId, now]);
    return Number(rows[0]?.n ?? 0);
  }
}
