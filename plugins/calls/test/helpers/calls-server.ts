// A real Parley server with the prepackaged plugins (the Calls plugin among them), a short
// reconnection grace period, and WebSocket clients speaking Mattermost Calls' protocol.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.ts';
import { createAdmin, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
import { eventually, RawSocket, type WireEvent } from '../../../../test/helpers/ws-client.ts';

export const PLUGIN_ID = 'com.mattermost.calls';
export const EVENT_PREFIX = `custom_${PLUGIN_ID}_`;
export const GRACE_SECONDS = 1;

export async function startServerWithCalls(settings: Record<string, unknown> = {}): Promise<{ ts: TestServer; admin: LoggedIn }> {
  const ts = await startTestServer({ prepackaged: true });
  await ts.pluginsStarted;
  const admin = await createAdmin(ts);
  // Saving the settings (DefaultEnabled among them) is what enables the prepackaged plugin.
  // A free UDP port (0) unless the suite names one: suites run side by side, each with its media service.
  await patchCallsSettings(ts, { DefaultEnabled: true, ReconnectionGracePeriodSeconds: GRACE_SECONDS, UDPServerPort: 0, ...settings });
  await eventually(async () => expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === PLUGIN_ID)?.state).to.equal(2), 20_000);
  return { ts, admin };
}

/** Patches the plugin's settings, keeping the others; resolves once the plugin answers with them. */
export async function patchCallsSettings(ts: TestServer, values: Record<string, unknown>): Promise<void> {
  const plugins = ts.config.get().PluginSettings.Plugins as Record<string, Record<string, unknown>>;
  ts.config.patch({ PluginSettings: { Plugins: { ...plugins, [PLUGIN_ID]: { ...plugins[PLUGIN_ID], ...values } } } });
}

/**
 * Polls `check` every 250 ms until it passes: the REST API allows each user one request a second in
 * bursts of 10, which a tighter poll would use up.
 */
export function slowly(check: () => Promise<unknown>, timeoutMs = 5000): Promise<void> {
  return eventually(check, timeoutMs, 250);
}

/** A request to the plugin's REST API as `client`'s user (none without a client). */
export async function callsApi(ts: TestServer, client: Client4 | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${ts.url}/plugins/${PLUGIN_ID}${path}`, {
    method,
    headers: { ...(client ? { Authorization: `Bearer ${client.getToken()}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, body: parsed };
}

/** One Calls client connection: its own WebSocket, as Mattermost's Calls clients open one. */
export class CallsSocket {
  readonly raw: RawSocket;
  readonly connectionId: string;
  #seq = 1000;

  private constructor(raw: RawSocket, connectionId: string) {
    this.raw = raw;
    this.connectionId = connectionId;
  }

  static async open(ts: TestServer, client: Client4): Promise<CallsSocket> {
    const raw = await RawSocket.authenticated(ts, client.getToken());
    const hello = raw.events().find((event) => event.event === 'hello')!;
    return new CallsSocket(raw, hello.data.connection_id as string);
  }

  /** Sends `custom_com.mattermost.calls_<action>`; plugins answer with events, never a reply. */
  send(action: string, data?: Record<string, unknown>, framing: 'json' | 'binary' = 'json'): void {
    const frame = { seq: ++this.#seq, action: `${EVENT_PREFIX}${action}`, data };
    if (framing === 'binary') this.raw.sendBinary(frame);
    else this.raw.send(frame);
  }

  /** Joins and waits for the acknowledgement. */
  async join(channelId: string, extra: Record<string, unknown> = {}): Promise<void> {
    this.send('join', { channelID: channelId, ...extra });
    await this.waitFor('join');
  }

  waitFor(name: string, match: (data: Record<string, any>) => boolean = () => true, timeoutMs = 5000): Promise<WireEvent> {
    return this.raw.waitFor((frame) => frame.event === EVENT_PREFIX + name && match(frame.data ?? {}), timeoutMs) as Promise<WireEvent>;
  }

  /** The calls events received so far named `name` (all calls events without a name). */
  received(name?: string): WireEvent[] {
    return this.raw.events().filter((event) => (name ? event.event === EVENT_PREFIX + name : event.event.startsWith(EVENT_PREFIX)));
  }

  close(): Promise<unknown> {
    return this.raw.close();
  }
}
