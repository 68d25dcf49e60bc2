// Mattermost checks a webhook's default username with its username rules.

const RESERVED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system', 'valid_user']);
const USERNAME_PATTERN = /^[a-z][a-z0-9.\-_]{2,21}$/;

/** Mattermost's IsValidUsername. */
export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username) && !RESERVED_USERNAMES.has(username);
}
