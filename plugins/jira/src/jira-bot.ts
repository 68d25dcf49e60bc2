// The plugin's bot, `jira`: the author of every channel post and direct message the plugin sends,
// made when first needed.
import { ensureBotOnce, type PluginAPI } from '@parley/plugin-api';

export const JIRA_BOT = { username: 'jira', display_name: 'Jira', description: 'Brings Jira to Parley: channel subscriptions and personal notifications.' };

/** The bot's user id (made or updated once per plugin run). */
export function ensureJiraBot(api: PluginAPI): Promise<string> {
  return ensureBotOnce(api, JIRA_BOT);
}
