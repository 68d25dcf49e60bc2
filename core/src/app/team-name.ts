// Mattermost's team name rule, shared by team creation and the web app's page routes (a team's
// pages live at /<team name>/..., so the names the app's own routes use are reserved).
import { isValidId } from './ids.ts';

const TEAM_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Names that would collide with the web app's routes, as Mattermost reserves them. */
const RESERVED_TEAM_NAMES = new Set([
  'admin',
  'api',
  'boards',
  'channel',
  'channels',
  'claim',
  'error',
  'files',
  'help',
  'landing',
  'login',
  'mfa',
  'oauth',
  'playbooks',
  'plug',
  'plugins',
  'post',
  'signup',
  'static',
]);

/** What is wrong with `value` as a team name, or null: 2-64 of a-z 0-9 -, starting and ending with a letter or digit, not reserved. */
export function teamNameProblem(value: string): 'characters' | 'reserved' | null {
  if (value.length < 2 || value.length > 64 || !TEAM_NAME_PATTERN.test(value)) return 'characters';
  if (RESERVED_TEAM_NAMES.has(value) || isValidId(value)) return 'reserved';
  return null;
}
