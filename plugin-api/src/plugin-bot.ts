// A plugin's bot (the author of its posts and direct messages), made when first needed and then
// remembered for the plugin's run: api.bots.ensureBot is an upsert, but one call per post would be
// a round trip to the server each time. A failed call is tried again by the next caller.
import type { PluginAPI } from './api.ts';

export interface BotProfile {
  username: string;
  display_name?: string;
  description?: string;
}

/**
 * A function answering the bot's user id, calling api.bots.ensureBot once per plugin run.
 * @example export const ensureJiraBot = pluginBot({ username: 'jira', display_name: 'Jira' });
 * @since 0.1.0
 */
export function pluginBot(profile: BotProfile): (api: PluginAPI) => Promise<string> {
  const ensured = new WeakMap<PluginAPI, Promise<string>>();
  return (api) => {
    let pending = ensured.get(api);
    if (!pending) {
      pending = api.bots.ensureBot(profile);
      ensured.set(api, pending);
      pending.catch(() => ensured.delete(api));
    }
    return pending;
  };
}
