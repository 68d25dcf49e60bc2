// The plugin's bot, `github`: the author of every channel post and announcement. It is made when
// first needed rather than in onActivate: the server decides who becomes system admin by whether any
// account exists yet, bots included, so a bot made as a fresh server starts would keep its first
// person from becoming admin.
import type { PluginAPI } from '@parley/plugin-api';

const BOT = { username: 'github', display_name: 'GitHub', description: 'Posts GitHub events to the channels subscribed to them.' };

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
