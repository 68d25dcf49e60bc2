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

/** Starts the server, enables Calls (no STUN server, media on 127.0.0.1, ringing on), and signs Alice and Bob in. */
export async function startCallPages(options: { relayOnly: boolean }): Promise<CallPages> {
  const ts = await startTestServer({ prepackaged: true, config: { PluginSettings: { EnableUploads: true } } });
  try {
    await ts.pluginsStarted;
    const { client: admin } = await createAdmin(ts);
    // Saving the settings (DefaultEnabled among them) is what enables the prepackaged plugin.
    const plugins = ts.config.get().PluginSettings.Plugins as Record<string, Record<string, unknown>>;
    const calls = { ...plugins[CALLS], DefaultEnabled: true, ReconnectionGracePeriodSeconds: 1, EnableRinging: true, ICEServersConfigs: '[]', UDPServerAddress: '127.0.0.1', TCPServerAddress: '127.0.0.1' };
    ts.config.patch({ PluginSettings: { Plugins: { ...plugins, [CALLS]: calls } } });
    await eventually(async () => expect((await admin.getPluginStatuses()).find((s) => s.plugin_id === CALLS)?.state).to.equal(2), 20_000);
    const alice = await createUser(ts, admin);
    const bob = await createUser(ts, admin);
    const team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    const channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    const browser = await launchBrowser({ args: FAKE_MEDIA_ARGS });
    const pageErrors: string[] = [];
    const prepare = async (context: BrowserContext) => {
      await context.addInitScript(peerRecorder(options.relayOnly));
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
