// /away, /online, /dnd and /offline: the caller sets their own status.
import { COMMAND_TEXTS, T } from '../messages.ts';
import { builtinCommand, ephemeral, type Builtin } from './builtin.ts';

type Status = 'online' | 'away' | 'dnd' | 'offline';

function statusCommand(trigger: 'away' | 'online' | 'dnd' | 'offline', status: Status, success: string): Builtin {
  return {
    command: builtinCommand(trigger, COMMAND_TEXTS[trigger]),
    async run({ api, args }) {
      await api.users.updateStatus(args.user_id, status);
      return ephemeral(success);
    },
  };
}

export const away = statusCommand('away', 'away', T.awaySuccess);
export const online = statusCommand('online', 'online', T.onlineSuccess);
export const dnd = statusCommand('dnd', 'dnd', T.dndSuccess);
export const offline = statusCommand('offline', 'offline', T.offlineSuccess);
