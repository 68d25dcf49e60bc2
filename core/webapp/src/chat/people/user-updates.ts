// A changed profile (user_updated, or the answer to my own change) into the store. The event carries
// the profile as anyone may see it, so for myself the private fields I already hold (email, notify
// settings) are kept rather than blanked.
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../../client.ts';
import type { ChatStore } from '../chat-store.ts';

const PRIVATE_FIELDS = ['email', 'notify_props', 'timezone', 'auth_service', 'roles', 'terms_of_service_id', 'terms_of_service_create_at'] as const;

export function applyUserUpdate(store: ChatStore, user: UserProfile): void {
  const me = store.state.me;
  if (user.id !== me.id) {
    // Only people already shown matter; the others are fetched when they appear.
    if (store.state.users[user.id]) store.addUsers([user]);
    return;
  }
  const kept = Object.fromEntries(PRIVATE_FIELDS.filter((field) => !user[field]).map((field) => [field, me[field]]));
  const merged = { ...me, ...user, ...kept } as UserProfile;
  store.update((s) => ({ me: merged, users: { ...s.users, [me.id]: merged } }));
}

/** After a change of my own: my profile as the server now has it (the live event may arrive later). */
export async function reloadMe(store: ChatStore): Promise<void> {
  applyUserUpdate(store, await client.getMe());
}
