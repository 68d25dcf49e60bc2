// The call widget surviving a dropped call connection, in Debian's chromium with fake media devices:
// Alice's and Bob's call sockets are closed from their pages, as a network drop ends them. Alice's
// page is kept from coming back at first (so its "Reconnecting…" can be seen), then let back: it
// resumes its connection, says `reconnect` and stays in the call on the same session. Bob's page is
// never let back: once the server's grace period is over it lets his session go, and his page says
// the call was lost. Bob's session, dropped after Alice's, going first is what shows Alice's was kept
// past her grace period and not merely not swept yet. What Alice does while she is out (unmutes,
// raises her hand, and her peer connection offers again) is not lost: once back, her page sends the
// offer right after `reconnect` and tells the server the state it missed. Nor is a leave made while
// the socket is down: Bob, back in the call, drops again and leaves; once let back his page says
// `reconnect` and `leave`, well within the grace period. Peer connections are relay-only (no media
// leaves the pages): the reconnection is signalling.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { LoggedIn } from '../helpers/fixtures.ts';
import { eventually } from '../helpers/ws-client.ts';
import {
  actionsSentAfterResume,
  aliceAndBobInCall,
  callParticipant as participant,
  callSessionState,
  callSessions,
  callWidget as widget,
  dropSocket,
  openSockets,
  refuseResume,
  sessionOf,
  startCallPages,
  type CallPages,
} from '../helpers/call-pages.ts';

/** Long enough for Alice's page to be seen reconnecting and let back in before the server gives up on her. */
const GRACE_SECONDS = 5;

describe('calls web client reconnection (browser)', function () {
  this.timeout(90_000);
  let call: CallPages;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let alicePage: Page;
  let bobPage: Page;

  const status = (page: Page) => widget(page).getByRole('status');
  /** The signalling state of the page's call peer connection. */
  const signalingState = (page: Page) => page.evaluate(() => (window as unknown as { __peers: RTCPeerConnection[] }).__peers.at(-1)!.signalingState);

  before(async () => {
    call = await startCallPages({ relayOnly: true, graceSeconds: GRACE_SECONDS });
    ({ alice, bob, alicePage, bobPage } = call);
    await aliceAndBobInCall(call);
  });
  after(async () => {
    await call?.close();
  });

  it('reconnects a dropped call socket, showing Reconnecting… meanwhile, stays in the call on the same session and sends what was done meanwhile; a page that cannot come back says the call was lost', async () => {
    const aliceSession = await sessionOf(call.ts, alice, call.channel.id);
    const bobSession = await sessionOf(call.ts, bob, call.channel.id);

    await refuseResume(alicePage, aliceSession);
    await dropSocket(alicePage, aliceSession);
    await status(alicePage).getByText('Reconnecting…').waitFor();

    // While she is out, Alice unmutes and raises her hand, and her peer connection negotiates again
    // (a transceiver added): nothing of it can be sent yet.
    await widget(alicePage).getByRole('button', { name: 'Unmute' }).click();
    await widget(alicePage).getByRole('button', { name: 'Raise hand' }).click();
    await alicePage.evaluate(() => void (window as unknown as { __peers: RTCPeerConnection[] }).__peers.at(-1)!.addTransceiver('audio', { direction: 'recvonly' }));
    await eventually(async () => expect(await signalingState(alicePage)).to.equal('have-local-offer'), 10_000);
    expect(await callSessionState(call.ts, alice, call.channel.id, aliceSession)).to.deep.equal({ unmuted: false, handRaised: false });

    await refuseResume(bobPage, bobSession);
    await dropSocket(bobPage, bobSession);
    await status(bobPage).getByText('Reconnecting…').waitFor();

    await refuseResume(alicePage, '');
    // Back in: the server hears what she did while out. Her own row shows what the server tells the participants.
    await participant(alicePage, alice).getByText('Unmuted').waitFor();
    await participant(alicePage, alice).getByText('✋ Hand raised').waitFor();
    expect(await callSessionState(call.ts, alice, call.channel.id, aliceSession)).to.deep.equal({ unmuted: true, handRaised: true });
    // The offer went right after the reconnect, before the question about the call's state (who speaks
    // is told as it changes and may come between: the fake microphone beeps), and the media service answered it.
    const signalling = (await actionsSentAfterResume(alicePage, aliceSession)).filter((action) => !action.startsWith('voice_'));
    // Every description made meanwhile (the browser may have offered more than once) goes between the two.
    const stateAt = signalling.indexOf('call_state');
    expect(signalling[0]).to.equal('reconnect');
    expect(stateAt, JSON.stringify(signalling)).to.be.greaterThan(1);
    expect(new Set(signalling.slice(1, stateAt)), JSON.stringify(signalling)).to.deep.equal(new Set(['sdp']));
    await eventually(async () => expect(await signalingState(alicePage)).to.equal('stable'), 10_000);
    // The server resumed the connection itself (what it sent meanwhile was replayed).
    expect(await openSockets(alicePage)).to.include(aliceSession);

    // Bob's grace period runs out: the server lets his session go and his page says so.
    await widget(bobPage).getByRole('alert').getByText('The connection to the call was lost. Join again to continue.').waitFor();
    await participant(alicePage, bob).waitFor({ state: 'detached' });
    expect(await callSessions(call.ts, alice, call.channel.id)).to.deep.equal({ [aliceSession]: alice.user.id });

    // The session is carried by Alice's new socket: what she does there reaches the server, which tells the participants.
    await widget(alicePage).getByRole('button', { name: 'Lower hand' }).click();
    await participant(alicePage, alice).getByText('✋ Hand raised').waitFor({ state: 'detached' });
    expect(await callSessions(call.ts, alice, call.channel.id)).to.deep.equal({ [aliceSession]: alice.user.id });

    // Bob can join again, as a new session.
    await bobPage.locator('header.channel-header').getByRole('button', { name: 'Join call' }).click();
    await participant(bobPage, bob).waitFor();
    await participant(alicePage, bob).waitFor();
    await participant(bobPage, alice).getByText('Unmuted').waitFor();
    expect(call.pageErrors).to.deep.equal([]);
  });

  it('delivers a leave made while the call socket is down once it is back, so the others see the person go', async () => {
    const bobSession = await sessionOf(call.ts, bob, call.channel.id);
    await refuseResume(bobPage, bobSession);
    await dropSocket(bobPage, bobSession);
    await status(bobPage).getByText('Reconnecting…').waitFor();
    await widget(bobPage).getByRole('button', { name: 'Leave call' }).click();
    await widget(bobPage).waitFor({ state: 'detached' });
    // Nothing could be sent yet: the server still holds the session.
    expect(await callSessions(call.ts, alice, call.channel.id)).to.have.property(bobSession, bob.user.id);

    await refuseResume(bobPage, '');
    await participant(alicePage, bob).waitFor({ state: 'detached' });
    expect(await callSessions(call.ts, alice, call.channel.id)).to.not.have.property(bobSession);
    // Gone by the page's leave on the resumed connection, not by the server's grace period.
    expect(await actionsSentAfterResume(bobPage, bobSession)).to.deep.equal(['reconnect', 'leave']);
    expect(await openSockets(bobPage)).to.not.include(bobSession);
    expect(call.pageErrors).to.deep.equal([]);
  });
});
