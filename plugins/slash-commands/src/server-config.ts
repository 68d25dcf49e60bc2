// The server settings this plugin follows, read from api.config.getServerConfig() (Mattermost's
// names and defaults).
import type { CommandArgs, PluginAPI } from '@parley/plugin-api';

export interface IntegrationSettings {
  enableCommands: boolean;
  enableUsernameOverride: boolean;
  enableIconOverride: boolean;
  /** Outbound request budget, already shortened to fit within the plugin's hook deadline. */
  requestTimeoutMs: number;
  siteUrl: string;
}

/** Time left to the hook after the outbound request, to deliver the answer before the deadline. */
const HOOK_MARGIN_MS = 2000;

export async function integrationSettings(api: PluginAPI): Promise<IntegrationSettings> {
  const config = await api.config.getServerConfig();
  const service = config.ServiceSettings ?? {};
  const plugins = config.PluginSettings ?? {};
  const timeoutSeconds = typeof service.OutgoingIntegrationRequestsTimeout === 'number' ? service.OutgoingIntegrationRequestsTimeout : 30;
  const hookTimeoutMs = typeof plugins.HookTimeoutMs === 'number' ? plugins.HookTimeoutMs : 30000;
  return {
    enableCommands: service.EnableCommands !== false,
    enableUsernameOverride: service.EnablePostUsernameOverride === true,
    enableIconOverride: service.EnablePostIconOverride === true,
    requestTimeoutMs: Math.max(1, Math.min(timeoutSeconds * 1000, hookTimeoutMs - HOOK_MARGIN_MS)),
    siteUrl: typeof service.SiteURL === 'string' ? service.SiteURL : '',
  };
}

/** Where this request's server lives: the command's site_url (the core's SiteURL or request URL). */
export function siteUrlOf(args: CommandArgs, settings: IntegrationSettings): string {
  return (args.site_url || settings.siteUrl).replace(/\/+$/, '');
}
