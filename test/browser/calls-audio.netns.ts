// Two Chromium pages with fake microphones in a call through the real server, the Calls plugin and
// the media service: each page's peer connection must receive the other's audio, and the screen one
// shares must play in the other's widget. Run only inside a
// network namespace that has nothing but `lo` (calls-audio.test.ts starts it there), so Chromium's
// ICE, DTLS and RTP can reach no other address.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { aliceAndBobInCall, callParticipant, callWidget, startCallPages, type CallPages } from '../helpers/call-pages.ts';
import { eventually } from '../helpers/ws-client.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { CALLS_AUDIO_CASES, CALLS_AUDIO_SUITE } from './calls-audio-cases.ts';

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

/** The page's peer connections so far, oldest first: their states. */
function peerStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __peers: RTCPeerConnection[] }).__peers.map((pc) => pc.connectionState));
}

/** The video frames the page's newest peer connection decoded. */
function videoFramesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers;
    let frames = 0;
    (await peers[peers.length - 1]!.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
    });
    return frames;
  });
}

describe(CALLS_AUDIO_SUITE, function () {
  this.timeout(90_000);
  let call: CallPages;

  before(async function () {
    this.timeout(120_000);
    call = await startCallPages({ relayOnly: false });
    // Without the media service nobody answers the pages' offers.
    await eventually(async () => expect((await call.ts.server.plugins.media.status()).state).to.equal('running'), 30_000, 100);
  });
  after(async () => {
    await call?.close();
  });

  it(CALLS_AUDIO_CASES.bothHear, async () => {
    const { alice, bob, alicePage, bobPage } = call;
    await aliceAndBobInCall(call);
    for (const page of [alicePage, bobPage]) await eventually(async () => expect(await audioBytes(page), `the offer is answered: ${await peerState(page)}`).to.be.at.least(0), 20_000);
    // The service forwards only unmuted audio: both speak.
    await callWidget(alicePage).getByRole('button', { name: 'Unmute' }).click();
    await callWidget(bobPage).getByRole('button', { name: 'Unmute' }).click();
    await callParticipant(alicePage, bob).getByText('Unmuted').waitFor();
    await callParticipant(bobPage, alice).getByText('Unmuted').waitFor();
    for (const page of [alicePage, bobPage]) await eventually(async () => expect(await audioBytes(page), await peerState(page)).to.be.above(0), 20_000);
    expect(call.pageErrors).to.deep.equal([]);
  });

  it(CALLS_AUDIO_CASES.screenSeen, async () => {
    const { alice, alicePage, bobPage } = call;
    await callWidget(alicePage).getByRole('button', { name: 'Start presenting' }).click();
    const screen = bobPage.getByRole('region', { name: `Screen shared by @${alice.user.username}` });
    await screen.getByRole('heading', { name: `@${alice.user.username} is presenting` }).waitFor();
    const video = screen.locator('video');
    // Playing: frames decoded into a picture with a size, and the element not paused.
    await eventually(async () => expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth), `the shared screen plays: ${await peerState(bobPage)}`).to.be.above(0), 20_000);
    expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).to.equal(false);
    expect(await videoFramesDecoded(bobPage)).to.be.above(0);
    expect(await seriousViolations(bobPage)).to.deep.equal([]);
    // The presenter does not watch their own screen.
    expect(await alicePage.getByRole('region', { name: /^Screen shared by / }).count()).to.equal(0);
    await callWidget(alicePage).getByRole('button', { name: 'Stop presenting' }).click();
    await screen.waitFor({ state: 'detached' });
    expect(call.pageErrors).to.deep.equal([]);
  });

  it(CALLS_AUDIO_CASES.mediaRestart, async () => {
    const { alice, bob, alicePage, bobPage } = call;
    const pages = [alicePage, bobPage];
    const before = await Promise.all(pages.map(peerStates));
    const { pid } = await call.ts.server.plugins.media.status();
    process.kill(pid!, 'SIGKILL');
    for (const [index, page] of pages.entries()) {
      await eventually(async () => expect(await peerStates(page), 'a new peer connection').to.have.length(before[index]!.length + 1), 30_000);
      expect((await peerStates(page))[before[index]!.length - 1], 'the old one is closed').to.equal('closed');
    }
    // Both are still unmuted (the first case): the new connections carry each one's audio to the other.
    for (const page of pages) await eventually(async () => expect(await audioBytes(page), await peerState(page)).to.be.above(0), 30_000);
    await callParticipant(alicePage, bob).getByText('Unmuted').waitFor();
    await callParticipant(bobPage, alice).getByText('Unmuted').waitFor();
    expect(call.pageErrors).to.deep.equal([]);
  });
});
