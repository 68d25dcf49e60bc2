// The plugin's settings (PluginSettings.Plugins["com.mattermost.calls"]) by the keys of Mattermost's
// Calls plugin, so a migrated configuration carries over, and the client configuration
// (`GET /config`) derived from them in the shape Mattermost's Calls clients read.
import type { PluginAPI } from '@parley/plugin-api';

/** One STUN or TURN server, as RTCIceServer and Mattermost's ICEServersConfigs write it. */
export interface IceServerConfig {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface CallsSettings {
  DefaultEnabled: boolean;
  MaxCallParticipants: number;
  AllowScreenSharing: boolean;
  EnableRinging: boolean;
  ICEHostOverride: string;
  UDPServerAddress: string;
  TCPServerAddress: string;
  UDPServerPort: number;
  TCPServerPort: number;
  ICEServersConfigs: IceServerConfig[];
  TURNStaticAuthSecret: string;
  TURNCredentialsExpirationMinutes: number;
  ReconnectionGracePeriodSeconds: number;
  /** A media service of its own (rtcd's URL, `http://<client id>:<key>@host:port`); '' for the server's own. */
  RTCDServiceURL: string;
}

export const DEFAULT_SETTINGS: CallsSettings = {
  DefaultEnabled: true,
  MaxCallParticipants: 0,
  AllowScreenSharing: true,
  EnableRinging: false,
  ICEHostOverride: '',
  UDPServerAddress: '',
  TCPServerAddress: '',
  UDPServerPort: 8443,
  TCPServerPort: 8443,
  ICEServersConfigs: [{ urls: ['stun:stun.global.calls.mattermost.com:3478'] }],
  TURNStaticAuthSecret: '',
  TURNCredentialsExpirationMinutes: 240,
  ReconnectionGracePeriodSeconds: 10,
  RTCDServiceURL: '',
};

/** The settings in force: defaults for what is missing or unusable, numbers saved as text read as numbers. */
export async function readSettings(api: PluginAPI): Promise<CallsSettings> {
  const saved = ((await api.config.get<Record<string, unknown>>()) ?? {}) as Record<string, unknown>;
  const text = (key: keyof CallsSettings): string => (typeof saved[key] === 'string' ? (saved[key] as string).trim() : (DEFAULT_SETTINGS[key] as string));
  const flag = (key: keyof CallsSettings): boolean => (typeof saved[key] === 'boolean' ? (saved[key] as boolean) : (DEFAULT_SETTINGS[key] as boolean));
  const count = (key: keyof CallsSettings, min: number, max: number): number => {
    const value = Number(saved[key] ?? DEFAULT_SETTINGS[key]);
    return Number.isFinite(value) && value >= min && value <= max ? value : (DEFAULT_SETTINGS[key] as number);
  };
  return {
    DefaultEnabled: flag('DefaultEnabled'),
    MaxCallParticipants: Math.floor(count('MaxCallParticipants', 0, 100_000)),
    AllowScreenSharing: flag('AllowScreenSharing'),
    EnableRinging: flag('EnableRinging'),
    ICEHostOverride: text('ICEHostOverride'),
    UDPServerAddress: text('UDPServerAddress'),
    TCPServerAddress: text('TCPServerAddress'),
    // 0 (not Mattermost's): a free port taken at start, for tests and trials on a shared host.
    UDPServerPort: saved.UDPServerPort === 0 ? 0 : Math.floor(count('UDPServerPort', 80, 49151)),
    TCPServerPort: Math.floor(count('TCPServerPort', 80, 49151)),
    ICEServersConfigs: parseIceServers(saved.ICEServersConfigs),
    TURNStaticAuthSecret: text('TURNStaticAuthSecret'),
    RTCDServiceURL: text('RTCDServiceURL'),
    TURNCredentialsExpirationMinutes: Math.floor(count('TURNCredentialsExpirationMinutes', 1, 525_600)),
    ReconnectionGracePeriodSeconds: count('ReconnectionGracePeriodSeconds', 0.1, 600),
  };
}

/**
 * Mattermost keeps ICEServersConfigs as JSON text (a longtext setting); an entry that is not a list of
 * stun:/stuns:/turn:/turns: URLs is left out rather than handed to every client.
 */
export function parseIceServers(saved: unknown): IceServerConfig[] {
  if (saved === undefined || saved === null) return DEFAULT_SETTINGS.ICEServersConfigs;
  let value: unknown = saved;
  if (typeof saved === 'string') {
    if (saved.trim() === '') return [];
    try {
      value = JSON.parse(saved);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(value)) return [];
  const servers: IceServerConfig[] = [];
  for (const entry of value) {
    const urls = (entry as { urls?: unknown })?.urls;
    const list = typeof urls === 'string' ? [urls] : urls;
    if (!Array.isArray(list) || list.length === 0 || !list.every((url) => typeof url === 'string' && /^(stuns?|turns?):/.test(url))) continue;
    const { username, credential } = entry as { username?: unknown; credential?: unknown };
    servers.push({ urls: list as string[], ...(typeof username === 'string' && username ? { username } : {}), ...(typeof credential === 'string' && credential ? { credential } : {}) });
  }
  return servers;
}

/** TURN servers configured without credentials: the ones /turn-credentials makes credentials for. */
export function turnServersNeedingCredentials(servers: IceServerConfig[]): IceServerConfig[] {
  return servers.filter((server) => server.urls.every((url) => /^turns?:/.test(url)) && !server.username && !server.credential);
}

/**
 * What `GET /config` answers a user (Mattermost's ClientConfig): TURN servers without credentials are
 * left out of the ICE servers (the client asks /turn-credentials for them when NeedsTURNCredentials).
 * Parley has no licence tiers: host controls and group calls are always allowed.
 */
export function clientConfig(settings: CallsSettings): Record<string, unknown> {
  const needingCredentials = turnServersNeedingCredentials(settings.ICEServersConfigs);
  return {
    ICEServers: [],
    ICEServersConfigs: settings.ICEServersConfigs.filter((server) => !needingCredentials.includes(server)),
    AllowEnableCalls: true,
    DefaultEnabled: settings.DefaultEnabled,
    MaxCallParticipants: settings.MaxCallParticipants,
    NeedsTURNCredentials: settings.TURNStaticAuthSecret !== '' && needingCredentials.length > 0,
    AllowScreenSharing: settings.AllowScreenSharing,
    EnableRecordings: false,
    EnableTranscriptions: false,
    EnableLiveCaptions: false,
    MaxRecordingDuration: 60,
    EnableSimulcast: false,
    EnableRinging: settings.EnableRinging,
    sku_short_name: '',
    HostControlsAllowed: true,
    EnableAV1: false,
    GroupCallsAllowed: true,
    EnableDCSignaling: false,
    EnableVideo: false,
  };
}
