// The plugin's bot, `github`: the author of every channel post and direct message the plugin sends.
// Made when first needed (api.bots.ensureBot is an upsert), by whichever feature writes first.
import type { PluginAPI } from '@parley/plugin-api';

export const BOT = { username: 'github', display_name: 'GitHub', description: 'Brings GitHub to Parley: subscriptions, notifications and to-dos.' };

const ensured = new WeakMap<PluginAPI, Promise<string>>();

/** The bot's user id, made or updated once per plugin run (again after a failure). */
export function ensureGitHubBot(api: PluginAPI): Promise<string> {
  let pending = ensured.get(api);
  if (!pending) {
    pending = api.bots.ensureBot(BOT);
    ensured.set(api, pending);
    pending.catch(() => ensured.delete(api));
  }
  return pending;
}
