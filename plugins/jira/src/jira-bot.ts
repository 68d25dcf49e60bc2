// The plugin's bot, `jira`: the author of the plugin's direct messages and channel posts. Made when
// first needed (api.bots.ensureBot is an upsert), once per plugin run (again after a failure).
import type { PluginAPI } from '@parley/plugin-api';

export const JIRA_BOT = { username: 'jira', display_name: 'Jira', description: 'Brings Jira to Parley: subscriptions, notifications and issues.' };

const ensured = new WeakMap<PluginAPI, Promise<string>>();

export function ensureJiraBot(api: PluginAPI): Promise<string> {
  let pending = ensured.get(api);
  if (!pending) {
    pending = api.bots.ensureBot(JIRA_BOT);
    ensured.set(api, pending);
    pending.catch(() => ensured.delete(api));
  }
  return pending;
}

/** A direct message from the bot to the user. */
export async function sendBotDirect(api: PluginAPI, userId: string, message: string): Promise<void> {
  const botId = await ensureJiraBot(api);
  const channel = await api.channels.getDirect(botId, userId);
  await api.posts.create({ channel_id: channel.id, message, user_id: botId });
}
