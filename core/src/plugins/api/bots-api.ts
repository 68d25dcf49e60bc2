// bots.ensureBot: the plugin's own bot account, created once and updated on later calls.
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments } from './arguments.ts';

export function botsApi({ bots }: ApiDeps): ApiGroup {
  return {
    async ensureBot(call) {
      const bot = call.args.object(0, 'bot', { maxBytes: 4096 });
      const field = (name: string, max: number): string => {
        const value = bot[name] ?? '';
        if (typeof value !== 'string' || value.length > max) throw invalidArguments(call.args.method, `bot.${name} must be a string of at most ${max} characters`);
        return value;
      };
      return bots.ensure(call.manifest.id, { username: field('username', 64), displayName: field('display_name', 64), description: field('description', 1024) });
    },
  };
}
