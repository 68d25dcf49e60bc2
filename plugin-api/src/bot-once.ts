// The plugin's bot, made when a feature first needs it: api.bots.ensureBot is an upsert, so calling
// it for every post would cost a round trip each; this asks once per plugin run (again after a failure).
import type { PluginAPI } from './api.ts';

const ensured = new WeakMap<PluginAPI, Promise<string>>();

/**
 * The bot's user id: `api.bots.ensureBot(bot)` the first time in this plugin run, the same answer
 * after that; a failed call is forgotten, so the next one tries again.
 * @example const botId = await ensureBotOnce(api, { username: 'jira', display_name: 'Jira' });
 * @since 0.1.0
 */
export function ensureBotOnce(api: PluginAPI, bot: { username: string; display_name?: string; description?: string }): Promise<string> {
  let pending = ensured.get(api);
  if (!pending) {
    pending = api.bots.ensureBot(bot);
    ensured.set(api, pending);
    pending.catch(() => ensured.delete(api));
  }
  return pending;
}
