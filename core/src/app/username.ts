// Mattermost's username rules, shared by people's accounts and bots.
import { AppError } from '../errors/app-error.ts';

/** Names Mattermost reserves for mentions and system senders. */
export const RESERVED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system', 'valid_user']);
const USERNAME_PATTERN = /^[a-z][a-z0-9.\-_]{2,21}$/;

/** The username lower-cased; 400 `model.user.is_valid.username.app_error` when it breaks the rules. */
export function validUsername(value: string): string {
  const username = value.toLowerCase();
  if (!USERNAME_PATTERN.test(username) || RESERVED_USERNAMES.has(username)) {
    throw AppError.badRequest(
      'model.user.is_valid.username.app_error',
      'Username must begin with a letter, and contain between 3 to 22 lowercase characters made up of numbers, letters, and the symbols ".", "-", and "_". It must not be a reserved word.',
      `username=${value}`,
    );
  }
  return username;
}
