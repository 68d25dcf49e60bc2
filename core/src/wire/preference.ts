// Mattermost's Preference JSON.
import type { Preference } from '../store/entities/preference.ts';

export function toWirePreference(p: Preference) {
  return { user_id: p.userId, category: p.category, name: p.name, value: p.value };
}
