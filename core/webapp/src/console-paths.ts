// The System Console's page addresses (Mattermost's where it has the same page).
export const PAGES = {
  marketplace: '/admin_console/plugins/marketplace',
  pluginManagement: '/admin_console/plugins/plugin_management',
  siteConfiguration: '/admin_console/site_config',
  users: '/admin_console/user_management/users',
  teams: '/admin_console/user_management/teams',
  channels: '/admin_console/user_management/channels',
  signup: '/admin_console/authentication/signup',
  email: '/admin_console/authentication/email',
  password: '/admin_console/authentication/password',
  mfa: '/admin_console/authentication/mfa',
  ldap: '/admin_console/authentication/ldap',
  saml: '/admin_console/authentication/saml',
  openIdConnect: '/admin_console/authentication/openid',
  guestAccess: '/admin_console/authentication/guest_access',
};

/** Mattermost's address of a plugin's settings page. */
export function pluginSettingsPath(pluginId: string): string {
  return `/admin_console/plugins/plugin_${encodeURIComponent(pluginId)}`;
}

/** Mattermost's address of one user's page in User Management. */
export function userPath(userId: string): string {
  return `/admin_console/user_management/user/${userId}`;
}

/** Mattermost's address of one team's page in User Management. */
export function teamPath(teamId: string): string {
  return `${PAGES.teams}/${teamId}`;
}

/** Mattermost's address of one channel's page in User Management. */
export function channelPath(channelId: string): string {
  return `${PAGES.channels}/${channelId}`;
}
