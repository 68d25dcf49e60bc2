// The plugin's absolute URL (`<SiteURL>/plugins/jira`), for links in messages and OAuth callbacks.
import type { PluginAPI } from '@parley/plugin-api';

export async function pluginUrl(api: PluginAPI, siteUrl?: string): Promise<string> {
  const site = siteUrl || ((await api.config.getServerConfig()) as { ServiceSettings?: { SiteURL?: string } }).ServiceSettings?.SiteURL || '';
  return `${site.replace(/\/+$/, '')}/plugins/jira`;
}
