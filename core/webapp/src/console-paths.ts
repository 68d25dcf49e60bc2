// The System Console's page addresses (Mattermost's where it has the same page).
export const PAGES = {
  marketplace: '/admin_console/plugins/marketplace',
  pluginManagement: '/admin_console/plugins/plugin_management',
  siteConfiguration: '/admin_console/site_config',
  openIdConnect: '/admin_console/authentication/openid',
  saml: '/admin_console/authentication/saml',
};

/** Mattermost's address of a plugin's settings page. */
export function pluginSettingsPath(pluginId: string): string {
  return `/admin_console/plugins/plugin_${encodeURIComponent(pluginId)}`;
}
