// The plugin's bot, `jira`: the author of every channel post and direct message the plugin sends.
// Made when first needed (api.bots.ensureBot is an upsert), once per plugin run.
import type { PluginAPI } from '@parley/plugin-api';

export const JIRA_BOT = { username: 'jira', display_name: 'Jira', description: 'Brings Jira to Parley: channel subscriptions and personal notifications.' };

const ensured = new WeakMap<PluginAPI, Promise<string>>();

/** The bot's user id, made or updated once per plugin run (again after a failure). */
export function ensureJiraBot(api: PluginAPI): Promise<string> {
  let pending = ensured.get(api);
  if (!pending) {
    pending = api.bots.ensureBot(JIRA_BOT);
    ensured.set(api, pending);
    pending.catch(() => ensured.delete(api));
  }
  return pending;
}
