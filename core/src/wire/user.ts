// Users on the wire: Mattermost's UserProfile as a viewer may see it (never a password hash; email
// and names per PrivacySettings), personal access tokens, and the bodies that sign up, log in,
// change a profile, roles, password or activation, name a token, and search the directory.
import type { UserAccessToken as WireAccessToken, UserNotifyProps, UserProfile, UserTimezone } from '@mattermost/types/users';
import type { User } from '../store/entities/user.ts';
import type { UserAccessToken } from '../store/entities/user-access-token.ts';
import type { UserTermsOfService } from '../store/terms-of-service-repository.ts';
import type { LoginInput, PasswordChangeInput, SignUpInput, UserPatchInput } from '../app/user-service.ts';
import { USER_SEARCH_DEFAULT_LIMIT, USER_SEARCH_MAX_LIMIT, type UserSearchInput, type UserVisibility } from '../app/user-directory.ts';
import { isValidId } from '../app/ids.ts';
import type { SwitchRequest } from '../app/sign-in-switch.ts';
import type { UserAuth } from '../app/user-auth-update.ts';
import { CUSTOM_STATUS_PROP, customStatusExpired } from '../app/custom-status-service.ts';
import { JsonFields, decodeStringList, paramRefusal, type Refusal } from './json-fields.ts';

/** Most ids or usernames one request may look up (POST /users/ids, /users/usernames). */
const MAX_LOOKUPS = 1000;

/**
 * Mattermost's UserProfile as its server sends it: the password never (it is emptied, and the empty
 * field omitted), notify props and the last password change only to the user and admins; and two
 * fields the server sends that @mattermost/types leaves out.
 */
export type WireUser = Omit<UserProfile, 'password' | 'notify_props' | 'last_password_update'> &
  Partial<Pick<UserProfile, 'notify_props' | 'last_password_update'>> & { email_verified: boolean; disable_welcome_email: boolean };

/**
 * A user as Mattermost's API returns it to a viewer with `visibility`; `terms`, what the user last
 * accepted, is given only where the user themselves or an admin reads the profile.
 */
export function toWireUser(user: User, visibility: UserVisibility, terms?: UserTermsOfService | null): WireUser {
  const full = visibility.viewerIsSelfOrAdmin;
  return {
    id: user.id,
    create_at: user.createAt,
    update_at: user.updateAt,
    delete_at: user.deleteAt,
    username: user.username,
    auth_data: '',
    auth_service: user.authService,
    email: visibility.showEmail ? user.email : '',
    email_verified: user.emailVerified,
    nickname: user.nickname,
    first_name: visibility.showFullName ? user.firstName : '',
    last_name: visibility.showFullName ? user.lastName : '',
    position: user.position,
    roles: user.roles,
    props: shownProps(user.props),
    // Stored as Mattermost's StringMap: the values are the ones its clients set.
    notify_props: full ? (user.notifyProps as UserNotifyProps) : undefined,
    last_password_update: full ? user.lastPasswordUpdate : undefined,
    last_picture_update: user.lastPictureUpdate,
    failed_attempts: full ? user.failedAttempts : undefined,
    locale: user.locale,
    timezone: wireTimezone(user.timezone),
    mfa_active: full ? user.mfaActive : false,
    // Activity is reported through statuses here; Mattermost fills it only in a few listings.
    last_activity_at: 0,
    is_bot: user.isBot,
    bot_description: user.botDescription ?? '',
    terms_of_service_id: terms?.termsOfServiceId ?? '',
    terms_of_service_create_at: terms?.createAt ?? 0,
    disable_welcome_email: false,
  };
}

/** The props as clients see them: a custom status that has expired is no longer shown. */
function shownProps(props: Record<string, string>): Record<string, string> {
  const status = props[CUSTOM_STATUS_PROP];
  if (!status || !customStatusExpired(status, Date.now())) return props;
  return { ...props, [CUSTOM_STATUS_PROP]: '' };
}

/** Mattermost's defaults for the keys an account (a bot's, say) was stored without. */
function wireTimezone(timezone: Record<string, string>): UserTimezone {
  return { ...timezone, useAutomaticTimezone: timezone.useAutomaticTimezone ?? 'true', automaticTimezone: timezone.automaticTimezone ?? '', manualTimezone: timezone.manualTimezone ?? '' };
}

/** A personal access token as the API shows it: the secret only in the answer that created it. */
export function toWireAccessToken(token: UserAccessToken, secret?: string): WireAccessToken {
  return {
    id: token.id,
    ...(secret ? { token: secret } : {}),
    user_id: token.userId,
    description: token.description,
    is_active: token.isActive,
  };
}

/** POST /users: Mattermost's User JSON of a new account. */
export function decodeNewUser(body: unknown, refuse: Refusal = paramRefusal): SignUpInput {
  const fields = JsonFields.of(body, 'user', refuse);
  return {
    username: fields.string('username'),
    email: fields.string('email'),
    password: fields.string('password'),
    nickname: fields.string('nickname'),
    firstName: fields.string('first_name'),
    lastName: fields.string('last_name'),
    position: fields.string('position'),
    locale: fields.string('locale'),
    props: fields.stringMap('props'),
    notifyProps: fields.stringMap('notify_props'),
    timezone: fields.stringMap('timezone'),
    emailVerified: fields.boolean('email_verified'),
  };
}

/**
 * PUT /users/{id}/patch changes the fields given; PUT /users/{id} (`replace`) takes a whole user,
 * whose id, when given, must be the one in the URL.
 */
export function decodeUserPatch(body: unknown, how: { userId: string; replace: boolean }, refuse: Refusal = paramRefusal): UserPatchInput {
  const fields = JsonFields.of(body, 'user', refuse);
  if (how.replace && fields.has('id') && fields.string('id') !== how.userId) throw refuse('id', 'does not match the user in the URL');
  const text = (name: string) => (fields.has(name) ? fields.string(name) : undefined);
  const map = (name: string) => (fields.has(name) ? fields.stringMap(name) : undefined);
  return {
    username: text('username'),
    email: text('email'),
    nickname: text('nickname'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    position: text('position'),
    locale: text('locale'),
    props: map('props'),
    notifyProps: map('notify_props'),
    timezone: map('timezone'),
  };
}

/** POST /users/login. */
export function decodeLogin(body: unknown, refuse: Refusal = paramRefusal): LoginInput {
  const fields = JsonFields.of(body, 'login', refuse);
  return {
    loginId: fields.string('login_id'),
    password: fields.string('password'),
    // Client4.login sends `deviceId`; the mobile apps and Mattermost's docs use `device_id`.
    deviceId: fields.string('device_id') || fields.string('deviceId'),
    token: fields.string('token'),
    // Client4.login sends the string 'true'.
    ldapOnly: fields.string('ldap_only') === 'true',
  };
}

/** POST /users/login/switch (Mattermost's SwitchRequest; Client4's switch* calls send these fields). */
export function decodeSwitchRequest(body: unknown, refuse: Refusal = paramRefusal): SwitchRequest {
  const fields = JsonFields.of(body, 'switch_request', refuse);
  return {
    currentService: fields.string('current_service'),
    newService: fields.string('new_service'),
    email: fields.string('email').toLowerCase(),
    password: fields.string('password'),
    newPassword: fields.string('new_password'),
    mfaCode: fields.string('mfa_code'),
    ldapLoginId: fields.string('ldap_id'),
  };
}

/** POST /users/login/type: `{login_id}`. */
export function decodeLoginId(body: unknown, refuse: Refusal = paramRefusal): string {
  const loginId = JsonFields.of(body, 'login_id', refuse).string('login_id');
  if (loginId === '') throw refuse('login_id', 'is required');
  return loginId;
}

/** PUT /users/{id}/auth: Mattermost's UserAuth (its password field is ignored, as Mattermost's). */
export function decodeUserAuth(body: unknown, refuse: Refusal = paramRefusal): UserAuth {
  const fields = JsonFields.of(body, 'user', refuse);
  return { authService: fields.string('auth_service'), authData: fields.string('auth_data') };
}

/** POST /users/password/reset/send and /users/email/verify/send: `{email}`. */
export function decodeEmailRequest(body: unknown, refuse: Refusal = paramRefusal): string {
  const email = JsonFields.of(body, 'email', refuse).string('email').trim().toLowerCase();
  if (email === '') throw refuse('email', 'is required');
  return email;
}

/** POST /users/password/reset: `{token, new_password}`. */
export function decodePasswordReset(body: unknown, refuse: Refusal = paramRefusal): { token: string; newPassword: string } {
  const fields = JsonFields.of(body, 'password_reset', refuse);
  return { token: linkToken(fields, 'reset', refuse), newPassword: fields.string('new_password') };
}

/** POST /users/email/verify: `{token}`. */
export function decodeVerifyEmail(body: unknown, refuse: Refusal = paramRefusal): string {
  return linkToken(JsonFields.of(body, 'verify', refuse), 'verification', refuse);
}

/** The token of a mailed link: Mattermost's tokens are 64 characters. */
function linkToken(fields: JsonFields, link: string, refuse: Refusal): string {
  const token = fields.string('token');
  if (token.length !== 64) throw refuse('token', `must be the 64-character token of the ${link} link`);
  return token;
}

/** PUT /users/{id}/roles: `{roles: "system_user ..."}`. */
export function decodeUserRoles(body: unknown, refuse: Refusal = paramRefusal): string {
  const fields = JsonFields.of(body, 'roles', refuse);
  if (!fields.has('roles')) throw refuse('roles', 'is required');
  return fields.string('roles');
}

/** PUT /users/{id}/password. */
export function decodePasswordChange(body: unknown, refuse: Refusal = paramRefusal): PasswordChangeInput {
  const fields = JsonFields.of(body, 'password', refuse);
  return { currentPassword: fields.string('current_password'), newPassword: fields.string('new_password') };
}

/** PUT /users/{id}/active: `{active: boolean}`. */
export function decodeUserActive(body: unknown, refuse: Refusal = paramRefusal): boolean {
  const fields = JsonFields.of(body, 'active', refuse);
  if (!fields.has('active')) throw refuse('active', 'must be true or false');
  return fields.boolean('active');
}

/** POST /users/{id}/tokens: `{description}`, returned as the description. */
export function decodeNewAccessToken(body: unknown, refuse: Refusal = paramRefusal): string {
  return JsonFields.of(body, 'token', refuse).string('description');
}

/** POST /users/tokens/{revoke,enable,disable}: `{token_id}`. */
export function decodeAccessTokenId(body: unknown, refuse: Refusal = paramRefusal): string {
  return JsonFields.of(body, 'token', refuse).id('token_id');
}

/** POST /users/search: Mattermost's UserSearch. */
export function decodeUserSearch(body: unknown, refuse: Refusal = paramRefusal): UserSearchInput {
  const fields = JsonFields.of(body, 'search', refuse);
  const term = fields.string('term');
  if (term === '') throw refuse('term', 'is required');
  const id = (name: string) => fields.optionalId(name) || undefined;
  return {
    term,
    inTeam: id('team_id'),
    notInTeam: id('not_in_team_id'),
    inChannel: id('in_channel_id'),
    notInChannel: id('not_in_channel_id'),
    inGroup: id('in_group_id'),
    notInGroup: id('not_in_group_id'),
    withoutTeam: fields.boolean('without_team'),
    allowInactive: fields.boolean('allow_inactive'),
    role: fields.string('role') || undefined,
    // 0, like an absent limit, asks for the default.
    limit: fields.integer('limit', { min: 0, max: USER_SEARCH_MAX_LIMIT }, 0) || USER_SEARCH_DEFAULT_LIMIT,
  };
}

/** POST /users/ids: a JSON array of user ids; entries that are not ids match nobody. */
export function decodeUserIds(body: unknown, refuse: Refusal = paramRefusal): string[] {
  return decodeStringList(body, 'user_ids', { maxItems: MAX_LOOKUPS }, refuse).filter(isValidId);
}

/** POST /users/usernames: a JSON array of usernames. */
export function decodeUsernames(body: unknown, refuse: Refusal = paramRefusal): string[] {
  return decodeStringList(body, 'usernames', { maxItems: MAX_LOOKUPS }, refuse);
}
