// What every service that writes a user row shares: the conflicts Mattermost reports (a username or
// email already taken) and the event that tells clients a profile changed.
import type { User } from '../store/entities/user.ts';
import type { Store } from '../store/store.ts';
import type { UserChanges } from '../store/user-repository.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppEvents } from './app-events.ts';

/** Who may hear of every account (every member of the server, not a guest). */
export const VIEW_MEMBERS = 'view_members';

/** Unique violations on users as Mattermost reports them (username or email taken). */
export function duplicateUserError(err: unknown): unknown {
  if (err instanceof UniqueViolation) {
    if (err.constraint.includes('username')) return new AppError('app.user.save.username_exists.app_error', 400, 'An account with that username already exists.');
    if (err.constraint.includes('email')) return emailTaken();
  }
  return err;
}

export function emailTaken(): AppError {
  return new AppError('app.user.save.email_exists.app_error', 400, 'An account with that email already exists.');
}

/** Changes a user's row and tells the clients; a taken username or email and a missing user are Mattermost's errors. */
export async function updateUserRow(deps: { store: Store; events: AppEvents }, userId: string, changes: UserChanges): Promise<User> {
  let updated: User | null;
  try {
    updated = await deps.store.users.update(userId, changes);
  } catch (err) {
    throw duplicateUserError(err);
  }
  if (!updated) throw AppError.notFound('user', userId);
  publishUserUpdated(deps.events, updated);
  return updated;
}

/** Tells every client that may see anyone (view_members) that a profile changed (user_updated, as a stranger sees it). */
export function publishUserUpdated(events: AppEvents, user: User): void {
  events.publish({ event: 'user_updated', subject: { kind: 'user', user }, broadcast: { system_permission: VIEW_MEMBERS } });
}
