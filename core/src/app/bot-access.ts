// Who may see and manage a bot account, Mattermost's SessionHasPermissionToManageBot: the rule of
// the bot service, and of a bot's personal access tokens in the user service. A caller who may not
// even read a bot is told it does not exist, so that nobody learns which accounts are bots.
import type { BotAccount } from '../store/bot-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export function botNotFound(botUserId: string): AppError {
  return new AppError('store.sql_bot.get.missing.app_error', 404, 'Unable to find the bot.', { details: `user_id=${botUserId}` });
}

/** read_bots for one's own bots, read_others_bots for anyone else's. */
export function canReadBot(permissions: PermissionService, actor: Actor, bot: BotAccount): boolean {
  return permissions.hasSystem(actor, 'read_others_bots') || (bot.ownerId === actor.userId && permissions.hasSystem(actor, 'read_bots'));
}

/** manage_bots for one's own bots, manage_others_bots for anyone else's. */
export function requireManageBot(permissions: PermissionService, actor: Actor, bot: BotAccount): void {
  const own = bot.ownerId === actor.userId;
  const [manage, read] = own ? ['manage_bots', 'read_bots'] : ['manage_others_bots', 'read_others_bots'];
  if (permissions.hasSystem(actor, manage)) return;
  if (!permissions.hasSystem(actor, read)) throw botNotFound(bot.userId);
  throw AppError.forbidden(manage);
}
