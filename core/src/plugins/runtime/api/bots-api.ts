// bots.ensureBot: the plugin's own bot account, created once and updated on later calls.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { decodeBotPatch } from '../../../wire/bot.ts';

export function botsApi({ bots }: ApiDeps): ApiGroup<'bots'> {
  return {
    async ensureBot(call) {
      const bot = decodeBotPatch(call.args.object(0, 'bot', { maxBytes: 4096 }), call.args.refusal('bot'));
      return bots.ensure(call.manifest.id, bot);
    },
  };
}
