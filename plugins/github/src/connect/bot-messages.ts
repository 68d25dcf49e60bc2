// Direct messages from the plugin's bot, the `github` account. Both this plugin's features that
// write to people ask for the bot the same way (api.bots.ensureBot is an upsert), so it exists
// whichever of them runs first.
import type { PluginAPI } from '@parley/plugin-api';

export const BOT = { username: 'github', display_name: 'GitHub', description: 'Brings GitHub to Parley: notifications, to-dos and subscriptions.' };

export class BotMessages {
  #api: PluginAPI;
  #botId: Promise<string> | undefined;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  botId(): Promise<string> {
    this.#botId ??= this.#api.bots.ensureBot(BOT).catch((err: unknown) => {
      this.#botId = undefined;
      throw err;
    });
    return this.#botId;
  }

  async sendDirect(userId: string, message: string): Promise<void> {
    const botId = await this.botId();
    const channel = await this.#api.channels.getDirect(botId, userId);
    await this.#api.posts.create({ channel_id: channel.id, message, user_id: botId });
  }
}
