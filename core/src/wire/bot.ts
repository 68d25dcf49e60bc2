// Bot accounts on the wire: Mattermost's Bot JSON, and the BotPatch that creates or changes one.
import type { Bot } from '@mattermost/types/bots';
import type { BotAccount } from '../store/bot-repository.ts';
import type { BotPatchInput } from '../app/bot-service.ts';
import { AppError } from '../errors/app-error.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** A bot as Mattermost's API returns it. */
export function toWireBot(bot: BotAccount): Bot {
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

/**
 * How the HTTP API refuses a BotPatch: a display name or description that is not text is reported
 * with Mattermost's Bot.IsValid ids, which clients know; anything else as an invalid parameter.
 */
export const botRefusal: Refusal = (field, why) =>
  field === 'display_name' || field === 'description'
    ? AppError.badRequest(`model.bot.is_valid.${field}.app_error`, `The bot's ${field.replace('_', ' ')} ${why}.`, field)
    : paramRefusal(field, why);

/** Mattermost's BotPatch (POST /bots, PUT /bots/{id}, a plugin's bots.ensureBot): the fields given. */
export function decodeBotPatch(body: unknown, refuse: Refusal = botRefusal): BotPatchInput {
  const fields = JsonFields.of(body, 'bot', refuse);
  const text = (name: string) => (fields.has(name) ? fields.string(name) : undefined);
  return { username: text('username'), displayName: text('display_name'), description: text('description') };
}
