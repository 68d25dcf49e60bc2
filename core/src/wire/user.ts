// A user as Mattermost's API shows it to a viewer: never a password hash; email and names per PrivacySettings.
import { rolesGrant } from '../app/roles.ts';
import type { User } from '../store/entities/user.ts';
import type { UserAccessToken } from '../store/entities/user-access-token.ts';

export interface UserVisibility {
  /** The viewer is the user or a system admin: sees everything but secrets. */
  viewerIsSelfOrAdmin: boolean;
  showEmail: boolean;
  showFullName: boolean;
}

/** Visibility of `user`'s profile for `viewer`, from PrivacySettings. */
export function visibilityFor(viewer: { userId: string; roles: readonly string[] } | undefined, userId: string, privacy: { ShowEmailAddress: boolean; ShowFullName: boolean }): UserVisibility {
  const full = viewer !== undefined && (viewer.userId === userId || rolesGrant(viewer.roles, 'manage_system'));
  return { viewerIsSelfOrAdmin: full, showEmail: full || privacy.ShowEmailAddress, showFullName: full || privacy.ShowFullName };
}

/** A user as Mattermost's API returns it: never a password hash; email and names per privacy settings. */
export function toWireUser(user: User, visibility: UserVisibility) {
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
    props: user.props,
    notify_props: visibility.viewerIsSelfOrAdmin ? user.notifyProps : undefined,
    last_password_update: visibility.viewerIsSelfOrAdmin ? user.lastPasswordUpdate : undefined,
    last_picture_update: user.lastPictureUpdate,
    failed_attempts: visibility.viewerIsSelfOrAdmin ? user.failedAttempts : undefined,
    locale: user.locale,
    timezone: user.timezone,
    mfa_active: false,
    is_bot: user.isBot,
    // Absent for people and for bots without a description (omitempty in Mattermost).
    bot_description: user.botDescription || undefined,
    disable_welcome_email: false,
  };
}

/** A personal access token as the API shows it after creation: without the secret. */
export function toWireAccessToken(token: UserAccessToken, secret?: string) {
  return {
    id: token.id,
    ...(secret ? { token: secret } : {}),
    user_id: token.userId,
    description: token.description,
    is_active: token.isActive,
  };
}
