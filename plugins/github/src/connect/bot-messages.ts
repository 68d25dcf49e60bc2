// Direct messages from the plugin's bot, the `github` account.
import type { PluginAPI } from '@parley/plugin-api';
import { ensureGitHubBot } from '../github-bot.ts';

export class BotMessages {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  botId(): Promise<string> {
    return ensureGitHubBot(this.#api);
  }

  async sendDirect(userId: string, message: string): Promise<void> {
    const botId = await this.botId();
    const channel = await this.#api.channels.getDirect(botId, userId);
    await this.#api.posts.create({ channel_id: channel.id, message, user_id: botId });
  }
}
