// The server settings webhooks obey (Mattermost's names), read from the server's configuration on
// every use so that a change applies at once, on every node.
import type { PluginAPI } from '@parley/plugin-api';

export interface WebhookSettings {
  incomingEnabled: boolean;
  outgoingEnabled: boolean;
  usernameOverride: boolean;
  iconOverride: boolean;
  /** ServiceSettings.OutgoingIntegrationRequestsTimeout, in milliseconds. */
  outgoingTimeoutMs: number;
  /** PluginSettings.HookTimeoutMs: a hook must be done by then. */
  hookTimeoutMs: number;
}

const DEFAULT_OUTGOING_TIMEOUT_SECONDS = 30;
const DEFAULT_HOOK_TIMEOUT_MS = 30_000;

export async function readSettings(api: PluginAPI): Promise<WebhookSettings> {
  const config = await api.config.getServerConfig();
  const service = config.ServiceSettings ?? {};
  const timeout = service.OutgoingIntegrationRequestsTimeout;
  const hookTimeout = config.PluginSettings?.HookTimeoutMs;
  return {
    incomingEnabled: service.EnableIncomingWebhooks !== false,
    outgoingEnabled: service.EnableOutgoingWebhooks !== false,
    usernameOverride: service.EnablePostUsernameOverride === true,
    iconOverride: service.EnablePostIconOverride === true,
    outgoingTimeoutMs: (typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_OUTGOING_TIMEOUT_SECONDS) * 1000,
    hookTimeoutMs: typeof hookTimeout === 'number' && hookTimeout > 0 ? hookTimeout : DEFAULT_HOOK_TIMEOUT_MS,
  };
}
