// A bot account as Mattermost's API shows it.
import type { BotAccount } from '../store/bot-repository.ts';

/** A bot as Mattermost's API returns it. */
export function toWireBot(bot: BotAccount) {
  return {
    user_id: bot.userId,
    username: bot.username,
    display_name: bot.displayName,
    description: bot.description,
    owner_id: bot.ownerId,
    create_at: bot.createAt,
    update_at: bot.updateAt,
    delete_at: bot.deleteAt,
  };
}
