// Each user's choices about the bot's messages: personal notifications and the daily reminder (both
// on unless turned off) and the GitHub users whose actions they do not want to hear about.
import { updateKvAtomically, type PluginAPI } from '@parley/plugin-api';

export interface UserPreferences {
  notifications: boolean;
  reminders: boolean;
  /** GitHub logins, lower-cased. */
  muted: string[];
  /** When the last daily reminder was sent, epoch ms (0: never). */
  last_reminder_at: number;
}

const PREFERENCES = 'prefs_';
export const MAX_MUTED = 200;
const DEFAULTS: UserPreferences = { notifications: true, reminders: true, muted: [], last_reminder_at: 0 };

export class Preferences {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  async get(userId: string): Promise<UserPreferences> {
    return { ...DEFAULTS, ...(await this.#api.kv.get<Partial<UserPreferences>>(PREFERENCES + userId)) };
  }

  /** Changes the user's preferences with `change`, safely against a concurrent change. */
  async update(userId: string, change: (current: UserPreferences) => UserPreferences): Promise<UserPreferences> {
    return updateKvAtomically<UserPreferences>(this.#api.kv, PREFERENCES + userId, (stored) => change({ ...DEFAULTS, ...stored }));
  }
}
