// Mattermost's system bot (`system-bot`, shown as "System"): the author of what the server itself
// tells a user in a direct message, such as a post reminder. Made on first use. Mattermost makes its
// first system administrator the owner; Parley's owner is the fixed id `system`, so the bot stays the
// same account whoever administers the server.
import type { BotService } from './bot-service.ts';

export const SYSTEM_BOT_USERNAME = 'system-bot';
const SYSTEM_BOT_OWNER = 'system';

/** The system bot's user id, creating the bot when there is none. */
export function systemBotId(bots: Pick<BotService, 'ensure'>): Promise<string> {
  return bots.ensure(SYSTEM_BOT_OWNER, { username: SYSTEM_BOT_USERNAME, displayName: 'System', description: '' });
}
