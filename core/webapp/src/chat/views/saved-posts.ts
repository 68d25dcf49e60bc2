// Saved messages, as Mattermost keeps them: one preference per post in the category flagged_post
// (name: the post id, value "true"), saved with PUT /users/{id}/preferences and removed with
// POST .../preferences/delete. The store's preferences say what is saved; another tab hears it
// through preferences_changed / preferences_deleted.
import type { PreferenceType } from '@mattermost/types/preferences';
import { client } from '../../client.ts';
import type { ChatStore, ChatState } from '../chat-store.ts';

export const FLAGGED_POST = 'flagged_post';

export function isSaved(state: ChatState, postId: string): boolean {
  return state.preferences.some((p) => p.category === FLAGGED_POST && p.name === postId && p.value === 'true');
}

/** The ids of my saved posts, as one string: it changes exactly when what is saved does. */
export function savedKey(state: ChatState): string {
  return state.preferences
    .filter((p) => p.category === FLAGGED_POST && p.value === 'true')
    .map((p) => p.name)
    .sort()
    .join(',');
}

export async function setSaved(store: ChatStore, postId: string, saved: boolean): Promise<void> {
  const me = store.state.me.id;
  const preference: PreferenceType = { user_id: me, category: FLAGGED_POST, name: postId, value: 'true' };
  if (saved) await client.savePreferences(me, [preference]);
  else await client.deletePreferences(me, [preference]);
  // The server's event says the same a moment later; the menu shows the change at once.
  applyPreferenceChange(store, [preference], saved);
}

/** Puts preferences into the store (`kept`) or takes them out. */
export function applyPreferenceChange(store: ChatStore, changed: PreferenceType[], kept: boolean): void {
  const key = (p: PreferenceType) => `${p.category}\n${p.name}`;
  const replaced = new Set(changed.map(key));
  store.update((s) => ({ preferences: [...s.preferences.filter((p) => !replaced.has(key(p))), ...(kept ? changed : [])] }));
}
