// The colours a plugin view is told (Mattermost's theme keys, with the client's default values).
export const VIEW_THEME: Record<string, string> = {
  sidebarBg: '#1e325c',
  sidebarText: '#ffffff',
  centerChannelBg: '#ffffff',
  centerChannelColor: '#3f4350',
  buttonBg: '#1c58d9',
  buttonColor: '#ffffff',
  linkColor: '#386fe5',
  errorTextColor: '#d24b4e',
};
