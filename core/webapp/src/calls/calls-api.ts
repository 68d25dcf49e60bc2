// The Calls plugin's REST routes the client uses (Mattermost Calls' own): a channel's call state, the
// client configuration (ICE servers, ringing) and the host controls. Requests go with the session
// cookie, as Client4's.
import { client, csrfToken } from '../client.ts';

export const CALLS_PLUGIN_ID = 'com.mattermost.calls';
/** The prefix of the plugin's WebSocket actions and events. */
export const CALLS_PREFIX = `custom_${CALLS_PLUGIN_ID}_`;

/** One session of a call as the plugin describes it (Mattermost's CallStateClient sessions). */
export interface WireCallSession {
  session_id: string;
  user_id: string;
  unmuted: boolean;
  raised_hand: number;
}

/** A call as `GET /{channel_id}` and the `call_state` event give it. */
export interface WireCall {
  id: string;
  start_at: number;
  sessions: WireCallSession[];
  thread_id: string;
  post_id: string;
  screen_sharing_session_id: string;
  owner_id: string;
  host_id: string;
}

/** The part of the plugin's client configuration the web client uses. */
export interface CallsConfig {
  ICEServersConfigs: RTCIceServer[];
  EnableRinging: boolean;
  AllowScreenSharing: boolean;
  NeedsTURNCredentials: boolean;
}

async function callsRequest<T>(method: 'GET' | 'POST', path: string, payload?: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  if (payload) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${client.getUrl()}/plugins/${CALLS_PLUGIN_ID}${path}`, { method, headers, credentials: 'same-origin', ...(payload ? { body: JSON.stringify(payload) } : {}) });
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new Error(body.message || `the calls service answered ${response.status}`);
  return body as T;
}

/** The channel's call, or null when none is going on there. */
export async function fetchChannelCall(channelId: string): Promise<WireCall | null> {
  const state = await callsRequest<{ call?: WireCall }>('GET', `/${encodeURIComponent(channelId)}`);
  return state.call ?? null;
}

/** The plugin's client configuration as it answers it. */
export function fetchClientConfig(): Promise<CallsConfig> {
  return callsRequest<CallsConfig>('GET', '/config');
}

/** The configuration with the ICE servers to use: short-lived TURN credentials added when the server hands them out. */
export async function fetchCallsConfig(): Promise<CallsConfig> {
  const config = await fetchClientConfig();
  const servers = [...(config.ICEServersConfigs ?? [])];
  if (config.NeedsTURNCredentials) servers.push(...(await callsRequest<RTCIceServer[]>('GET', '/turn-credentials').catch(() => [])));
  return { ...config, ICEServersConfigs: servers };
}

/** Mattermost's host controls, by the last word of their route (`/calls/{channel_id}/host/<name>`) and what each one's body names. */
export type HostControl =
  | { name: 'make'; body: { new_host_id: string } }
  | { name: 'mute' | 'screen-off' | 'lower-hand' | 'remove'; body: { session_id: string } }
  | { name: 'end'; body?: undefined };

/** Asks the plugin to do a host control in the channel's call; its refusal (not the host, the session gone) is thrown with the server's words. */
export async function hostControl(channelId: string, control: HostControl): Promise<void> {
  await callsRequest('POST', `/calls/${encodeURIComponent(channelId)}/host/${control.name}`, control.body ?? {});
}

/** Stops the ringing of the channel's call for me, on every device: the plugin tells my other clients (user_dismissed_notification). */
export async function dismissRinging(channelId: string): Promise<void> {
  await callsRequest('POST', `/calls/${encodeURIComponent(channelId)}/dismiss-notification`);
}
