// Mattermost's built-in roles and the permissions each grants in the default scheme. A member's
// effective roles are its explicit roles plus those its scheme flags imply.
import { AppError } from '../errors/app-error.ts';

/** A team or channel member's scheme role flags, as Mattermost's SchemeRoles. */
export interface SchemeRolesInput {
  schemeAdmin: boolean;
  schemeUser: boolean;
  schemeGuest: boolean;
}

/** The refusals of a scheme-role change, in the words and error ids of the member's scope (team or channel). */
export interface SchemeRoleRefusals {
  guestAndUser(): AppError;
  changingGuestRole(): AppError;
  keepUser(): AppError;
}

/**
 * Mattermost's rules for changing a member's scheme roles: never guest and user at once; whether a
 * member is a guest follows the account, so a guest stays a guest (asked for again, nothing changes:
 * null) and a member never becomes one; the user role stays. Returns whether the member is to be admin.
 */
export function schemeAdminWanted(member: { schemeGuest: boolean }, roles: SchemeRolesInput, refuse: SchemeRoleRefusals): boolean | null {
  if (roles.schemeGuest && roles.schemeUser) throw refuse.guestAndUser();
  if (member.schemeGuest) {
    if (roles.schemeGuest && !roles.schemeAdmin) return null;
    throw refuse.changingGuestRole();
  }
  if (roles.schemeGuest) throw refuse.changingGuestRole();
  if (!roles.schemeUser) throw refuse.keepUser();
  return roles.schemeAdmin;
}

/**
 * The answer to PUT /teams|channels/{id}/scheme: roles here are Mattermost's default scheme, fixed in
 * code, with no custom schemes (a licensed feature of Mattermost), so 501 as an unlicensed Mattermost.
 */
export function schemesNotSupported(scope: 'team' | 'channel', schemeId: string): AppError {
  return new AppError(`api.${scope}.update_${scope}_scheme.license.error`, 501, `Permission schemes are not supported: every ${scope} uses the default scheme.`, {
    details: `scheme_id=${schemeId}`,
  });
}

export const SYSTEM_ADMIN = 'system_admin';
export const SYSTEM_USER = 'system_user';
export const TEAM_ADMIN = 'team_admin';
export const TEAM_USER = 'team_user';
export const CHANNEL_ADMIN = 'channel_admin';
export const CHANNEL_USER = 'channel_user';
export const SYSTEM_GUEST = 'system_guest';
export const TEAM_GUEST = 'team_guest';
export const CHANNEL_GUEST = 'channel_guest';

// Mattermost's default scheme gives these to channel members and admins, team and system admins.
const BOOKMARK_PERMISSIONS = ['add', 'edit', 'delete', 'order'].flatMap((action) => [`${action}_bookmark_public_channel`, `${action}_bookmark_private_channel`]);

const CHANNEL_USER_PERMISSIONS = [
  'read_channel',
  'read_channel_content',
  'create_post',
  'edit_post',
  'delete_post',
  'add_reaction',
  'remove_reaction',
  'upload_file',
  'get_public_link',
  'use_channel_mentions',
  'use_group_mentions',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'delete_public_channel',
  'delete_private_channel',
  'read_public_channel_groups',
  'read_private_channel_groups',
  ...BOOKMARK_PERMISSIONS,
];

// Mattermost's default guest roles: a guest posts and reacts in the channels they were given, may
// open direct and group messages (with people they can see), and nothing else.
const CHANNEL_GUEST_PERMISSIONS = ['read_channel', 'read_channel_content', 'add_reaction', 'remove_reaction', 'upload_file', 'edit_post', 'create_post', 'use_channel_mentions'];
const TEAM_GUEST_PERMISSIONS = ['view_team'];
const SYSTEM_GUEST_PERMISSIONS = ['create_direct_channel', 'create_group_channel'];

// The moderated permissions too (Mattermost's channel moderation migration gives them to channel
// admins): taking them from a channel's members leaves its admins theirs.
const CHANNEL_ADMIN_PERMISSIONS = [
  'manage_channel_roles',
  'use_group_mentions',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'create_post',
  'add_reaction',
  'remove_reaction',
  'use_channel_mentions',
  ...BOOKMARK_PERMISSIONS,
];

const TEAM_USER_PERMISSIONS = [
  'view_team',
  'list_team_channels',
  'join_public_channels',
  'read_public_channel',
  'create_public_channel',
  'create_private_channel',
  'invite_user',
  'add_user_to_team',
];

const TEAM_ADMIN_PERMISSIONS = [
  'manage_team',
  'manage_team_roles',
  'remove_user_from_team',
  'manage_channel_roles',
  'manage_others_incoming_webhooks',
  'manage_others_outgoing_webhooks',
  'manage_incoming_webhooks',
  'manage_outgoing_webhooks',
  'manage_slash_commands',
  'manage_others_slash_commands',
  'delete_others_posts',
  'edit_others_posts',
  'read_public_channel_groups',
  'read_private_channel_groups',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'delete_public_channel',
  'delete_private_channel',
  'convert_public_channel_to_private',
  'convert_private_channel_to_public',
  ...BOOKMARK_PERMISSIONS,
];

const SYSTEM_USER_PERMISSIONS = [
  'create_team',
  'create_direct_channel',
  'create_group_channel',
  'list_public_teams',
  'join_public_teams',
  'view_members',
  'create_emojis',
  'delete_emojis',
];

/** Mattermost grants personal access tokens to admins, and to users given this extra role. */
export const SYSTEM_USER_ACCESS_TOKEN = 'system_user_access_token';
const ACCESS_TOKEN_PERMISSIONS = ['create_user_access_token', 'read_user_access_token', 'revoke_user_access_token'];

/** Permissions a system admin has on top of everything any other role grants. */
const SYSTEM_ADMIN_ONLY_PERMISSIONS = [
  'manage_system',
  'manage_roles',
  'edit_other_users',
  'delete_others_emojis',
  'list_private_teams',
  'join_private_teams',
  'manage_others_user_access_tokens',
  // The server's audit trail (GET /audits).
  'read_audits',
  'sysconsole_read_plugins',
  'sysconsole_write_plugins',
  'sysconsole_read_user_management_channels',
  'sysconsole_write_user_management_channels',
  'read_other_users_teams',
  'list_users_without_team',
  'get_analytics',
  'read_jobs',
  'manage_jobs',
  'edit_brand',
  'create_post_public',
  'create_post_ephemeral',
  // Guest accounts are managed by admins only in Mattermost's default scheme.
  'invite_guest',
  'invalidate_email_invite',
  'promote_guest',
  'demote_to_guest',
  // Mattermost's default scheme lets only admins create and manage bot accounts.
  'create_bot',
  'read_bots',
  'read_others_bots',
  'assign_bot',
  'manage_bots',
  'manage_others_bots',
];

const ROLE_PERMISSIONS: Record<string, ReadonlySet<string>> = {
  [CHANNEL_GUEST]: new Set(CHANNEL_GUEST_PERMISSIONS),
  [TEAM_GUEST]: new Set(TEAM_GUEST_PERMISSIONS),
  [SYSTEM_GUEST]: new Set(SYSTEM_GUEST_PERMISSIONS),
  [CHANNEL_USER]: new Set(CHANNEL_USER_PERMISSIONS),
  [CHANNEL_ADMIN]: new Set(CHANNEL_ADMIN_PERMISSIONS),
  [TEAM_USER]: new Set(TEAM_USER_PERMISSIONS),
  [TEAM_ADMIN]: new Set(TEAM_ADMIN_PERMISSIONS),
  [SYSTEM_USER]: new Set(SYSTEM_USER_PERMISSIONS),
  [SYSTEM_USER_ACCESS_TOKEN]: new Set(ACCESS_TOKEN_PERMISSIONS),
  [SYSTEM_ADMIN]: new Set([
    ...SYSTEM_USER_PERMISSIONS,
    ...TEAM_USER_PERMISSIONS,
    ...TEAM_ADMIN_PERMISSIONS,
    ...CHANNEL_USER_PERMISSIONS,
    ...CHANNEL_ADMIN_PERMISSIONS,
    ...ACCESS_TOKEN_PERMISSIONS,
    ...SYSTEM_ADMIN_ONLY_PERMISSIONS,
  ]),
};

/** Every role this server knows (GET /roles). */
export const BUILT_IN_ROLES: readonly string[] = Object.keys(ROLE_PERMISSIONS);

/** The roles PUT /users/{id}/roles may assign. */
export const SYSTEM_ROLES = new Set([SYSTEM_ADMIN, SYSTEM_USER, SYSTEM_USER_ACCESS_TOKEN]);

/** Splits a Mattermost roles string ("system_user system_admin") into names. */
export function parseRoles(roles: string): string[] {
  return roles.split(/\s+/).filter(Boolean);
}

/** True when any of `roles` grants `permission`. */
export function rolesGrant(roles: Iterable<string>, permission: string): boolean {
  for (const role of roles) {
    if (ROLE_PERMISSIONS[role]?.has(permission)) return true;
  }
  return false;
}

/** The permissions one role grants (GET /roles/name/{name}). */
export function permissionsOf(role: string): string[] {
  return [...(ROLE_PERMISSIONS[role] ?? [])];
}

/** True for the system roles of a guest account (Mattermost's User.IsGuest). */
export function isGuestRoles(roles: readonly string[]): boolean {
  return roles.includes(SYSTEM_GUEST);
}

/** A member's roles string as Mattermost sends it: scheme roles first, then explicit ones. */
export function memberRoles(kind: 'team' | 'channel', member: { roles: string; schemeUser: boolean; schemeAdmin: boolean; schemeGuest: boolean }): string {
  const user = kind === 'team' ? TEAM_USER : CHANNEL_USER;
  const admin = kind === 'team' ? TEAM_ADMIN : CHANNEL_ADMIN;
  const guest = kind === 'team' ? TEAM_GUEST : CHANNEL_GUEST;
  const names = parseRoles(member.roles).filter((r) => r !== user && r !== admin && r !== guest);
  if (member.schemeAdmin) names.unshift(admin);
  if (member.schemeUser) names.unshift(user);
  if (member.schemeGuest) names.unshift(guest);
  return names.join(' ');
}
