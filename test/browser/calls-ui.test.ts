// Calls in the web client, in Debian's chromium with fake media devices: whether a sandboxed plugin
// view may use the microphone (it may not, hence the first-party call module), then two people in
// two browser contexts: a call started from the channel header, its post with a Join button, the
// widget listing both participants, mute seen by the other, ringing in a direct message. Peer
// connections here are relay-only with no relay, so no media leaves the page: the audio that reaches
// each page is checked inside a loopback-only network namespace (calls-audio.test.ts).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { TestServer } from '../helpers/test-server.ts';
import type { LoggedIn } from '../helpers/fixtures.ts';
import { callParticipant as participant, callWidget as widget, openChannel, startCallPages, type CallPages } from '../helpers/call-pages.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { seriousViolations } from '../helpers/accessibility.ts';

const PROBE = 'com.example.microphone-probe';

/** A view that asks for the microphone and writes what the browser answered (its script a file: plugin files allow no inline script). */
const PROBE_VIEW = '<!doctype html><html><body><pre id="out">asking</pre><script src="probe.js"></script></body></html>';
const PROBE_SCRIPT = `navigator.mediaDevices.getUserMedia({ audio: true }).then(
  (stream) => { document.getElementById('out').textContent = 'granted ' + stream.getAudioTracks().length; },
  (err) => { document.getElementById('out').textContent = 'refused ' + err.name; },
);`;

describe('calls web client (browser)', function () {
  this.timeout(90_000);
  let call: CallPages;
  let ts: TestServer;
  let admin: Client4;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let team: Team;
  let channel: Channel;
  let alicePage: Page;
  let bobPage: Page;
  let pageErrors: string[];

  const callPost = (page: Page, name: 'Call started' | 'Call ended') => page.getByRole('group', { name }).last();

  before(async () => {
    call = await startCallPages({ relayOnly: true });
    ({ ts, admin, alice, bob, team, channel, alicePage, bobPage, pageErrors } = call);
  });
  after(async () => {
    await call?.close();
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
    await openChannel(alicePage, team, channel.display_name);
    await openChannel(bobPage, team, channel.display_name);
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

  it('shows a call started while a page was still connecting its socket: once registered, the page has the call post with who is in it', async () => {
    // A page whose chat socket is registered late (a slow hello on a busy machine) loaded the channel's
    // posts and call before it: what happened in between came as no event, and the page showed no call
    // (Start call, the new post missing or read as ended) until it was loaded again.
    let connect!: () => void;
    const connecting = new Promise<void>((resolve) => (connect = resolve));
    const late = await bobPage.context().newPage();
    await late.routeWebSocket(/\/api\/v4\/websocket/, async (socket) => {
      await connecting;
      socket.connectToServer();
    });
    await openChannel(late, team, channel.display_name);
    // Its posts are loaded: the call that ended is shown.
    await callPost(late, 'Call ended').waitFor();
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    await participant(alicePage, alice).waitFor();
    connect();
    await callPost(late, 'Call started').getByText(`In the call: @${alice.user.username}`).waitFor();
    await late.locator('header.channel-header').getByRole('button', { name: 'Join call' }).waitFor();
    await late.close();
    await widget(alicePage).getByRole('button', { name: 'Leave call' }).click();
    await widget(alicePage).waitFor({ state: 'detached' });
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

  it('stops ringing when the caller gives up, and Ignore dismisses a ring on every tab of the person', async () => {
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    const ring = bobPage.getByRole('alertdialog', { name: 'Incoming call' });
    await ring.waitFor();
    await alicePage.getByRole('region', { name: /^Call in / }).getByRole('button', { name: 'Leave call' }).click();
    await ring.waitFor({ state: 'detached' });
    // Bob has the chat open in a second tab too: Ignore in one stops the ringing in both.
    const otherTab = await bobPage.context().newPage();
    // The tab asks for the channel's call once its socket is registered (calls-state.ts): from then on
    // it hears calls starting. The call button alone shows sooner, while the socket may still connect.
    const callAsked = otherTab.waitForResponse((response) => /^\/plugins\/com\.mattermost\.calls\/[a-z0-9]{26}$/.test(new URL(response.url()).pathname));
    await otherTab.goto(bobPage.url());
    await callAsked;
    await otherTab.locator('header.channel-header').getByRole('button', { name: 'Start call' }).waitFor();
    await alicePage.locator('header.channel-header').getByRole('button', { name: 'Start call' }).click();
    const otherRing = otherTab.getByRole('alertdialog', { name: 'Incoming call' });
    await ring.waitFor();
    await otherRing.waitFor();
    await ring.getByRole('button', { name: 'Ignore' }).click();
    await ring.waitFor({ state: 'detached' });
    await otherRing.waitFor({ state: 'detached' });
    await otherTab.close();
    await widget(alicePage).getByRole('button', { name: 'Leave call' }).click();
    expect(pageErrors).to.deep.equal([]);
  });
});
