// A user's system roles in the console's words (Mattermost's names for them).
import type { UserProfile } from '@mattermost/types/users';

const NAMES: Record<string, string> = { system_admin: 'System Admin', system_user: 'Member', system_guest: 'Guest' };

export function isSystemAdmin(user: UserProfile): boolean {
  return user.roles.split(' ').includes('system_admin');
}

export function isGuest(user: UserProfile): boolean {
  return user.roles.split(' ').includes('system_guest');
}

/** "System Admin" for an admin (who is a member too), "Guest" for a guest, else "Member". */
export function roleNames(user: UserProfile): string {
  if (isSystemAdmin(user)) return NAMES.system_admin;
  if (isGuest(user)) return NAMES.system_guest;
  return NAMES.system_user;
}
