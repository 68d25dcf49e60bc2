// Favorite channels are a preference per channel, as in Mattermost: category favorite_channel, the
// channel id as name, "true" as value.
import type { ChatStore } from './chat-store.ts';
import { client } from '../client.ts';

export const FAVORITE_CHANNEL = 'favorite_channel';
export function isFavorite(store: ChatStore, channelId: string): boolean {
  return store.state.preferences.some((p) => p.category === FAVORITE_CHANNEL && p.name === channelId && p.value === 'true');
}

/** Adds the channel to my favorites or takes it out, on the server and then in the sidebar. */
export async function toggleFavorite(store: ChatStore, channelId: string): Promise<void> {
  const me = store.state.me.id;
  const preference = { user_id: me, category: FAVORITE_CHANNEL, name: channelId, value: isFavorite(store, channelId) ? 'false' : 'true' };
  await client.savePreferences(me, [preference]);
  store.update((s) => ({ preferences: [...s.preferences.filter((p) => !(p.category === FAVORITE_CHANNEL && p.name === channelId)), preference] }));
}
