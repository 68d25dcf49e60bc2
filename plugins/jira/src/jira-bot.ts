// The plugin's bot, `jira`: the author of the plugin's direct messages and channel posts. Made when
// first needed (api.bots.ensureBot is an upsert), once per plugin run (again after a failure).
import { pluginBot, type PluginAPI } from '@parley/plugin-api';

export const JIRA_BOT = { username: 'jira', display_name: 'Jira', description: 'Brings Jira to Parley: subscriptions, notifications and issues.' };

export const ensureJiraBot = pluginBot(JIRA_BOT);

/** A direct message from the bot to the user. */
export async function sendBotDirect(api: PluginAPI, userId: string, message: string): Promise<void> {
  const botId = await ensureJiraBot(api);
  const channel = await api.channels.getDirect(botId, userId);
  await api.posts.create({ channel_id: channel.id, message, user_id: botId });
}
