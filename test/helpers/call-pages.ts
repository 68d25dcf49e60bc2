// Two people in the web client, each signed in in a browser context of their own in one Chromium with
// fake media devices, members of one channel of one team, on a server whose Calls plugin is enabled
// and reaches only loopback: what the Calls browser suites start from.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from './test-server.ts';
import { createAdmin, createUser, type LoggedIn } from './fixtures.ts';
import { createChannelWith, createTeamWith } from './chat-fixtures.ts';
import { FAKE_MEDIA_ARGS, launchBrowser } from './browser.ts';
import { signedInChatPage } from './chat-pages.ts';
import { eventually } from './ws-client.ts';

export const CALLS = 'com.mattermost.calls';

export interface CallPages {
  ts: TestServer;
  admin: Client4;
  alice: LoggedIn;
  bob: LoggedIn;
  team: Team;
  channel: Channel;
  browser: Browser;
  alicePage: Page;
  bobPage: Page;
  /** Both pages' script errors. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Runs in every page before the app: remembers each RTCPeerConnection in `window.__peers`, so a test
 * can read its state and statistics. With `relayOnly` each one is relay-only with no relay, so it
 * gathers no candidate and sends nothing: how a suite outside a loopback-only network namespace tests
 * a call's signalling without letting media reach the machine's other addresses.
 */
function peerRecorder(relayOnly: boolean): string {
  return `(() => {
  const Native = window.RTCPeerConnection;
  const relayOnly = ${relayOnly};
  window.__peers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(config, ...rest) {
      super(relayOnly ? { ...config, iceServers: [], iceTransportPolicy: 'relay' } : config, ...rest);
      window.__peers.push(this);
    }
  };
})();`;
}

/**
 * Runs in every page before the app: remembers each WebSocket in `window.__sockets` with the id of the
 * connection it is on (from its hello, or the connection_id it resumes) and the calls actions it sent
 * (`sentCallsActions`, the part after the prefix, MessagePack frames included), so a test can drop one
 * as a network would and see what went out; and, while `window.__refusedResume` names a connection,
 * sends the sockets that try to resume it to a path the server refuses, so that connection cannot come back.
 */
const SOCKET_RECORDER = `(() => {
  const Native = window.WebSocket;
  const CALLS_ACTION = /custom_com\\.mattermost\\.calls_([a-z_]+)/;
  window.__sockets = [];
  window.__refusedResume = '';
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      const resumes = new URL(url, window.location.href).searchParams.get('connection_id') || '';
      super(resumes && resumes === window.__refusedResume ? url.replace('/api/v4/websocket', '/refused-websocket') : url, ...rest);
      this.connectionId = resumes;
      this.sentCallsActions = [];
      this.addEventListener('message', (message) => {
        if (typeof message.data === 'string' && message.data.includes('"event":"hello"')) this.connectionId = JSON.parse(message.data).data.connection_id;
      });
      window.__sockets.push(this);
    }
    send(frame) {
      // A MessagePack frame holds the action as plain text too.
      const text = typeof frame === 'string' ? frame : new TextDecoder('latin1').decode(frame);
      const action = CALLS_ACTION.exec(text);
      if (action) this.sentCallsActions.push(action[1]);
      super.send(frame);
    }
  };
})();`;

/**
 * Starts the server, enables Calls (no STUN server, media on 127.0.0.1, ringing on, a dropped call
 * connection kept for `graceSeconds`, 1 unless given), and signs Alice and Bob in.
 */
export async function startCallPages(options: { relayOnly: boolean; graceSeconds?: number }): Promise<CallPages> {
  const ts = await startTestServer({ prepackaged: true, config: { PluginSettings: { EnableUploads: true } } });
  try {
    await ts.pluginsStarted;
    const { client: admin } = await createAdmin(ts);
    // Saving the settings (DefaultEnabled among them) is what enables the prepackaged plugin.
    const plugins = ts.config.get().PluginSettings.Plugins as Record<string, Record<string, unknown>>;
    const calls = { ...plugins[CALLS], DefaultEnabled: true, ReconnectionGracePeriodSeconds: options.graceSeconds ?? 1, EnableRinging: true, ICEServersConfigs: '[]', UDPServerAddress: '127.0.0.1', TCPServerAddress: '127.0.0.1', UDPServerPort: 0 };
    ts.config.patch({ PluginSettings: { Plugins: { ...plugins, [CALLS]: calls } } });
    await eventually(async () => expect((await admin.getPluginStatuses()).find((s) => s.plugin_id === CALLS)?.state).to.equal(2), 20_000);
    // The plugin starts the media service as it activates; a first join waits for it, which on a
    // loaded machine can outlast a page's 10 s wait. The pages open once it runs.
    const mediaState = async () => {
      const response = await fetch(`${ts.url}/plugins/${CALLS}/stats`, { headers: { Authorization: `Bearer ${admin.getToken()}` } });
      return ((await response.json()) as { media_service?: { state?: string } }).media_service?.state;
    };
    await eventually(async () => expect(await mediaState()).to.equal('running'), 30_000);
    const alice = await createUser(ts, admin);
    const bob = await createUser(ts, admin);
    const team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    const channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    const browser = await launchBrowser({ args: FAKE_MEDIA_ARGS });
    const pageErrors: string[] = [];
    const prepare = async (context: BrowserContext) => {
      await context.addInitScript(peerRecorder(options.relayOnly));
      await context.addInitScript(SOCKET_RECORDER);
    };
    try {
      const alicePage = await signedInChatPage(browser, ts, alice, pageErrors, { prepare });
      const bobPage = await signedInChatPage(browser, ts, bob, pageErrors, { prepare });
      return {
        ts, admin, alice, bob, team, channel, browser, alicePage, bobPage, pageErrors,
        async close() {
          await browser.close();
          await ts.close();
        },
      };
    } catch (err) {
      await browser.close();
      throw err;
    }
  } catch (err) {
    await ts.close();
    throw err;
  }
}

/** The page's call widget. */
export const callWidget = (page: Page) => page.getByRole('region', { name: /^Call in / });

/** The participant's row in the page's call widget. */
export const callParticipant = (page: Page, who: LoggedIn) => callWidget(page).getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: `@${who.user.username}` });

/** Opens the channel `name` of `team` and waits for its header. */
export async function openChannel(page: Page, team: Team, name: string): Promise<void> {
  await page.goto(`/${team.name}/channels/${name}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Alice starts a call from the channel's header and Bob joins it from his: both widgets list both. */
export async function aliceAndBobInCall(call: CallPages): Promise<void> {
  const { alice, bob, alicePage, bobPage, team, channel } = call;
  await openChannel(alicePage, team, channel.display_name);
  await openChannel(bobPage, team, channel.display_name);
  await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
  await callParticipant(alicePage, alice).waitFor();
  await bobPage.locator('header.channel-header').getByRole('button', { name: 'Join call' }).click();
  for (const [name, page] of [['Alice', alicePage], ['Bob', bobPage]] as const) {
    await callParticipant(page, bob)
      .waitFor()
      .catch(async (err: Error) => {
        // What the page and the server each hold, so a failure says which of them lost Bob.
        const widgetText = await callWidget(page).innerText({ timeout: 1000 }).catch(() => '(no call widget)');
        const sessions = await callSessions(call.ts, alice, channel.id).catch((e: Error) => e.message);
        throw new Error(`${name}'s page never listed Bob (@${bob.user.username}) in the call: its widget reads ${JSON.stringify(widgetText)}; the server's sessions are ${JSON.stringify(sessions)}; errors in the pages: ${JSON.stringify(call.pageErrors)}\n${err.message}`);
      });
  }
}

/** The connection ids of the page's open sockets. */
export function openSockets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { __sockets: (WebSocket & { connectionId: string })[] }).__sockets;
    return sockets.filter((socket) => socket.readyState === WebSocket.OPEN).map((socket) => socket.connectionId);
  });
}

/** Closes the page's open socket on connection `connectionId` from the page's side, as a dropped network would end it. */
export async function dropSocket(page: Page, connectionId: string): Promise<void> {
  expect(await openSockets(page), `the page has an open socket on connection ${connectionId}`).to.include(connectionId);
  await page.evaluate((id) => {
    const sockets = (window as unknown as { __sockets: (WebSocket & { connectionId: string })[] }).__sockets;
    for (const socket of sockets) if (socket.connectionId === id && socket.readyState === WebSocket.OPEN) socket.close();
  }, connectionId);
}

/** From now on the page cannot resume connection `connectionId`: its sockets that try are refused. */
export async function refuseResume(page: Page, connectionId: string): Promise<void> {
  await page.evaluate((id) => {
    (window as unknown as { __refusedResume: string }).__refusedResume = id;
  }, connectionId);
}

/** The calls actions the page sent on the sockets that resumed connection `connectionId` (all but the one that opened it), in order. */
export function actionsSentAfterResume(page: Page, connectionId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const sockets = (window as unknown as { __sockets: (WebSocket & { connectionId: string; sentCallsActions: string[] })[] }).__sockets;
    return sockets.filter((socket) => socket.connectionId === id).slice(1).flatMap((socket) => socket.sentCallsActions);
  }, connectionId);
}

/** One session of the channel's call as the server has it (`GET /{channel_id}` as `who`): muted or not, hand raised or not. */
export async function callSessionState(ts: TestServer, who: LoggedIn, channelId: string, sessionId: string): Promise<{ unmuted: boolean; handRaised: boolean }> {
  const response = await fetch(`${ts.url}/plugins/${CALLS}/${channelId}`, { headers: { Authorization: `Bearer ${who.client.getToken()}` } });
  expect(response.status).to.equal(200);
  const state = (await response.json()) as { call?: { sessions: { session_id: string; unmuted: boolean; raised_hand: number }[] } };
  const session = state.call?.sessions.find((candidate) => candidate.session_id === sessionId);
  expect(session, `session ${sessionId} is in the call`).to.not.equal(undefined);
  return { unmuted: session!.unmuted, handRaised: session!.raised_hand > 0 };
}

/** The sessions of the channel's call as the server lists them (`GET /{channel_id}` as `who`): the user of each session id. */
export async function callSessions(ts: TestServer, who: LoggedIn, channelId: string): Promise<Record<string, string>> {
  const response = await fetch(`${ts.url}/plugins/${CALLS}/${channelId}`, { headers: { Authorization: `Bearer ${who.client.getToken()}` } });
  expect(response.status).to.equal(200);
  const state = (await response.json()) as { call?: { sessions: { session_id: string; user_id: string }[] } };
  return Object.fromEntries((state.call?.sessions ?? []).map((session) => [session.session_id, session.user_id]));
}

/** The session id of `who` in the channel's call, as the server lists it. */
export async function sessionOf(ts: TestServer, who: LoggedIn, channelId: string): Promise<string> {
  const sessions = await callSessions(ts, who, channelId);
  const id = Object.keys(sessions).find((sessionId) => sessions[sessionId] === who.user.id);
  expect(id, `${who.user.username} is in the call`).to.be.a('string');
  return id!;
}
