// A provider's verified claims as a Parley account: who (the subject Mattermost keeps as
// auth_data), the email address, a username and the names, read the way Mattermost reads each
// provider (GitLab's nickname, Office 365's object id and UPN, first and last names split from
// `name` where the provider gives no given_name/family_name).
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { ssoDisplayName, type SsoService } from './sso-services.ts';
import { RESERVED_USERNAMES } from './username.ts';

export interface SsoProfile {
  subject: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
}

/** Longest auth_data Mattermost (and m0016) keeps. */
const SUBJECT_MAX = 128;
/** Longest first or last name. */
const NAME_MAX = 64;
const USERNAME_MAX = 22;

export function ssoProfile(service: SsoService, claims: Record<string, unknown>): SsoProfile {
  const text = (name: string): string => (typeof claims[name] === 'string' ? (claims[name] as string).trim() : '');
  // Entra ID's `sub` differs for each application; Mattermost keys Office 365 accounts by the object id.
  const subject = (service === 'office365' && text('oid')) || text('sub');
  // Entra ID often has no `email` claim: the user principal name is the address people sign in with.
  const email = (text('email') || (service === 'office365' ? text('preferred_username') : '')).toLowerCase();
  if (!subject || subject.length > SUBJECT_MAX) {
    throw new AppError('api.user.login_by_oauth.parse.app_error', 400, `${ssoDisplayName(service)} did not say who signed in (no usable subject), so the sign-in was refused.`, { details: `service=${service}` });
  }
  if (!email.includes('@')) {
    throw new AppError('api.user.login_by_oauth.parse.app_error', 400, `${ssoDisplayName(service)} did not give an email address for this account; ask an administrator to release the "email" claim to this server.`, { details: `service=${service}` });
  }
  const wantedUsername = service === 'gitlab' ? text('nickname') || text('preferred_username') : service === 'openid' ? text('preferred_username') : '';
  let firstName = text('given_name');
  let lastName = text('family_name');
  if (!firstName && !lastName && text('name')) [firstName, lastName] = splitName(text('name'));
  return {
    subject,
    email,
    username: cleanUsername(wantedUsername.includes('@') || !wantedUsername ? email.split('@')[0] : wantedUsername),
    firstName: clip(firstName, NAME_MAX),
    lastName: clip(lastName, NAME_MAX),
  };
}

/** Mattermost's CleanUsername: lower case, characters outside [a-z0-9._-] become "-", a letter first; a made-up name when nothing usable is left. */
export function cleanUsername(wanted: string): string {
  const cleaned = wanted
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, USERNAME_MAX);
  if (cleaned.length >= 3 && !RESERVED_USERNAMES.has(cleaned)) return cleaned;
  return `user-${randomBytes(6).toString('hex')}`;
}

function splitName(name: string): [string, string] {
  const space = name.indexOf(' ');
  return space < 0 ? [name, ''] : [name.slice(0, space), name.slice(space + 1).trim()];
}

function clip(value: string, max: number): string {
  return [...value].slice(0, max).join('');
}
