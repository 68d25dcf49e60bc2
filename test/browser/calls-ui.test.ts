// Calls in the web client, in Debian's chromium with fake media devices: whether a sandboxed plugin
// view may use the microphone (it may not, hence the first-party call module), then two people in
// two browser contexts: a call started from the channel header, its post with a Join button, the
// widget listing both participants, mute seen by the other, ringing in a direct message, and the
// audio that reaches each page once the media service answers offers.
import { expect } from 'chai';
import { networkInterfaces } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { FAKE_MEDIA_ARGS, launchBrowser } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { eventually } from '../helpers/ws-client.ts';

const CALLS = 'com.mattermost.calls';

/**
 * Whether this process runs where only loopback exists (a network namespace made with `unshare -n`):
 * the only place a WebRTC test may gather candidates and send ICE, DTLS or RTP.
 */
const LOOPBACK_ONLY = Object.entries(networkInterfaces()).every(([, addresses]) => (addresses ?? []).every((address) => address.internal));
const MEDIA_COMMAND = "unshare -n sh -c 'ip link set lo up && npx mocha test/browser/calls-ui.test.ts' (as root)";

/**
 * Runs in every page before the app: remembers each RTCPeerConnection, so a test can read its state
 * and statistics. Outside a loopback-only namespace each one is relay-only with no relay, so it
 * gathers no candidate and sends nothing: the call's signalling is tested, its media only inside one.
 */
const PEER_RECORDER = `(() => {
  const Native = window.RTCPeerConnection;
  const loopbackOnly = ${LOOPBACK_ONLY};
  window.__peers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(config, ...rest) {
      super(loopbackOnly ? config : { ...config, iceServers: [], iceTransportPolicy: 'relay' }, ...rest);
      window.__peers.push(this);
    }
  };
})();`;

/** The page's newest peer connection's state, for a failure's message. */
function peerState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers;
    const pc = peers[peers.length - 1];
    return pc ? `${peers.length} peers; ${pc.connectionState}, ICE ${pc.iceConnectionState}, signalling ${pc.signalingState}; transceivers ${pc.getTransceivers().map((t) => `${t.receiver.track.kind}:${t.currentDirection}`).join(' ')}` : 'no peer connection';
  });
}

/** The audio bytes the page's newest peer connection received, or -1 when the server never answered its offer. */
function audioBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers;
    const pc = peers[peers.length - 1];
    if (!pc || !pc.remoteDescription) return -1;
    let bytes = 0;
    (await pc.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
    });
    return bytes;
  });
}
const PROBE = 'com.example.microphone-probe';

/** A view that asks for the microphone and writes what the browser answered (its script a file: plugin files allow no inline script). */
const PROBE_VIEW = '<!doctype html><html><body><pre id="out">asking</pre><script src="probe.js"></script></body></html>';
const PROBE_SCRIPT = `navigator.mediaDevices.getUserMedia({ audio: true }).then(
  (stream) => { document.getElementById('out').textContent = 'granted ' + stream.getAudioTracks().length; },
  (err) => { document.getElementById('out').textContent = 'refused ' + err.name; },
);`;

describe('calls web client (browser)', function () {
  this.timeout(90_000);
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  let channel: Channel;
  const pageErrors: string[] = [];

  const widget = (page: Page) => page.getByRole('region', { name: /^Call in / });
  /** The participant's row in the page's call widget. */
  const participant = (page: Page, who: LoggedIn) => widget(page).getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: `@${who.user.username}` });
  const callPost = (page: Page, name: 'Call started' | 'Call ended') => page.getByRole('group', { name }).last();
  const openChannel = async (page: Page, name: string) => {
    await page.goto(`/${team.name}/channels/${name}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  before(async () => {
    ts = await startTestServer({ prepackaged: true, config: { PluginSettings: { EnableUploads: true } } });
    await ts.pluginsStarted;
    const signedIn = await createAdmin(ts);
    admin = signedIn.client;
    // Saving the settings (DefaultEnabled among them) is what enables the prepackaged plugin.
    const plugins = ts.config.get().PluginSettings.Plugins as Record<string, Record<string, unknown>>;
    // No STUN server and a media service on loopback (the tests reach only loopback), and ringing on for the direct message test.
    const calls = { ...plugins[CALLS], DefaultEnabled: true, ReconnectionGracePeriodSeconds: 1, EnableRinging: true, ICEServersConfigs: '[]', UDPServerAddress: '127.0.0.1', TCPServerAddress: '127.0.0.1' };
    ts.config.patch({ PluginSettings: { Plugins: { ...plugins, [CALLS]: calls } } });
    await eventually(async () => expect((await admin.getPluginStatuses()).find((s) => s.plugin_id === CALLS)?.state).to.equal(2), 20_000);
    alice = await createUser(ts, admin);
    bob = await createUser(ts, admin);
    team = await createTeamWith(admin, [alice.user.id, bob.user.id]);
    channel = await createChannelWith(admin, team, [alice.user.id, bob.user.id]);
    browser = await launchBrowser({ args: FAKE_MEDIA_ARGS });
    const prepare = async (context: BrowserContext) => {
      await context.addInitScript(PEER_RECORDER);
    };
    alicePage = await signedInChatPage(browser, ts, alice, pageErrors, { prepare });
    bobPage = await signedInChatPage(browser, ts, bob, pageErrors, { prepare });
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });

  it('refuses the microphone to a sandboxed plugin view even when its manifest declares it, and grants it to the client itself', async () => {
    const ui = { version: 1, views: [{ id: 'probe', path: 'public/probe.html', placement: 'page', title: 'Microphone probe' }] };
    const bundle = pluginBundle({ id: PROBE, manifest: { ui, permissions: { api: [], media: ['microphone'] } } }, [
      { path: 'public/probe.html', body: PROBE_VIEW },
      { path: 'public/probe.js', body: PROBE_SCRIPT },
    ]);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${PROBE}.tar.gz`) as never, false);
    await admin.enablePlugin(PROBE);
    const page = await alicePage.context().newPage();
    await page.goto(`/plug/${PROBE}/probe`);
    const frame = page.locator('iframe.plugin-view');
    await frame.waitFor();
    expect(await frame.getAttribute('allow')).to.equal(`microphone ${ts.url}`);
    const answer = page.frameLocator('iframe.plugin-view').locator('#out');
    await answer.filter({ hasNotText: 'asking' }).waitFor();
    // The frame, sandboxed without allow-same-origin, has an opaque origin: Chromium refuses it media capture.
    expect(await answer.textContent()).to.equal('refused SecurityError');
    // The client's own page, with the same browser and flags, gets it.
    expect(await page.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then((s) => `granted ${s.getAudioTracks().length}`))).to.equal('granted 1');
    await page.close();
    await admin.disablePlugin(PROBE);
  });

  it('starts a call from the channel header; the other sees the call post, joins from it, and both widgets list both participants', async () => {
    await openChannel(alicePage, channel.display_name);
    await openChannel(bobPage, channel.display_name);
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    await participant(alicePage, alice).waitFor();
    expect(await participant(alicePage, alice).textContent()).to.include('(you)');

    const post = callPost(bobPage, 'Call started');
    await post.getByText(`In the call: @${alice.user.username}`).waitFor();
    await bobPage.locator('header.channel-header').getByRole('button', { name: 'Join call' }).waitFor();
    await post.getByRole('button', { name: 'Join call' }).click();
    for (const page of [alicePage, bobPage]) {
      await participant(page, alice).waitFor();
      await participant(page, bob).waitFor();
    }
    await callPost(alicePage, 'Call started').getByText(`In the call: @${alice.user.username}, @${bob.user.username}`).waitFor();
    // Joined: the header's button goes, the post offers to leave.
    expect(await bobPage.locator('header.channel-header').getByRole('button', { name: /call/ }).count()).to.equal(0);
    await post.getByRole('button', { name: 'Leave' }).waitFor();
  });

  it('shows the other participant who unmutes and raises a hand, and each page passes the accessibility check with the widget open', async () => {
    expect(await participant(bobPage, alice).textContent()).to.include('Muted');
    await widget(alicePage).getByRole('button', { name: 'Unmute' }).click();
    await participant(bobPage, alice).getByText('Unmuted').waitFor();
    await widget(alicePage).getByRole('button', { name: 'Mute' }).waitFor();
    await widget(alicePage).getByRole('button', { name: 'Raise hand' }).click();
    await participant(bobPage, alice).getByText('Hand raised').waitFor();
    await widget(alicePage).getByRole('button', { name: 'Lower hand' }).click();
    await participant(bobPage, alice).getByText('Hand raised').waitFor({ state: 'detached' });
    expect(await seriousViolations(bobPage)).to.deep.equal([]);
  });

  it('carries each participant\'s audio to the other once the media service answers offers', async function () {
    if (!LOOPBACK_ONLY) {
      this.test!.title += ` — skipped: media only where loopback is the only interface; run ${MEDIA_COMMAND}`;
      return this.skip();
    }
    // The media service answers the offers; without it no connection completes.
    const answered = await eventually(async () => expect(await audioBytes(alicePage)).to.be.at.least(0), 5000).then(() => true, () => false);
    if (!answered) {
      this.test!.title += ' — skipped: the Calls plugin sent no `signal` answer to the offer (no media service)';
      return this.skip();
    }
    // The service forwards only unmuted audio: both speak.
    await widget(bobPage).getByRole('button', { name: 'Unmute' }).click();
    await participant(alicePage, bob).getByText('Unmuted').waitFor();
    for (const page of [alicePage, bobPage]) await eventually(async () => expect(await audioBytes(page), await peerState(page)).to.be.above(0), 20_000);
  });

  it('shares a screen: the other page shows who presents, until the presenter stops', async () => {
    await widget(alicePage).getByRole('button', { name: 'Start presenting' }).click();
    await widget(alicePage).getByText("You're sharing your screen").waitFor();
    await widget(bobPage).getByText(`@${alice.user.username} is sharing their screen`).waitFor();
    await widget(alicePage).getByRole('button', { name: 'Stop presenting' }).click();
    await widget(bobPage).getByText(`@${alice.user.username} is sharing their screen`).waitFor({ state: 'detached' });
  });

  it('ends the call when both leave: the post shows it ended, and the header offers to start one again', async () => {
    await widget(alicePage).getByRole('button', { name: 'Leave call' }).click();
    await participant(bobPage, alice).waitFor({ state: 'detached' });
    await widget(alicePage).waitFor({ state: 'detached' });
    await widget(bobPage).getByRole('button', { name: 'Leave call' }).click();
    for (const page of [alicePage, bobPage]) {
      const ended = callPost(page, 'Call ended');
      await ended.getByText(/^Ended at .* · Lasted /).waitFor();
      await ended.getByText(`Participants: @${alice.user.username}, @${bob.user.username}`).waitFor();
      await page.locator('header.channel-header').getByRole('button', { name: 'Start call' }).waitFor();
    }
  });

  it('rings the other member of a direct message when a call starts there, and Join puts them in it', async () => {
    await alicePage.goto(`/${team.name}/messages/@${bob.user.username}`);
    await alicePage.getByRole('heading', { level: 1, name: bob.user.username }).waitFor();
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    const ring = bobPage.getByRole('alertdialog', { name: 'Incoming call' });
    await ring.getByText(`@${alice.user.username} is inviting you to a call`).waitFor();
    await ring.getByRole('button', { name: 'Join' }).click();
    await ring.waitFor({ state: 'detached' });
    await participant(bobPage, alice).waitFor();
    await participant(bobPage, bob).waitFor();
    await widget(bobPage).getByRole('button', { name: 'Leave call' }).click();
    await widget(alicePage).getByRole('button', { name: 'Leave call' }).click();
    await widget(alicePage).waitFor({ state: 'detached' });
  });

  it('stops ringing when the caller gives up, and Ignore dismisses a ring', async () => {
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    const ring = bobPage.getByRole('alertdialog', { name: 'Incoming call' });
    await ring.waitFor();
    await alicePage.getByRole('region', { name: /^Call in / }).getByRole('button', { name: 'Leave call' }).click();
    await ring.waitFor({ state: 'detached' });
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    await ring.waitFor();
    await ring.getByRole('button', { name: 'Ignore' }).click();
    await ring.waitFor({ state: 'detached' });
    await widget(alicePage).getByRole('button', { name: 'Leave call' }).click();
    expect(pageErrors).to.deep.equal([]);
  });
});
