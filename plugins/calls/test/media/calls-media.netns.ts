// Real WebRTC peers (werift) in a call through the real server, the real calls plugin and the media
// service, all on loopback. Run only inside a network namespace that has nothing but `lo`
// (calls-media.test.ts starts it there), so no ICE, DTLS or RTP can reach another address.
import { expect } from 'chai';
import { deflateSync } from 'node:zlib';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../../test/helpers/chat-fixtures.ts';
import { eventually } from '../../../../test/helpers/ws-client.ts';
import { callsApi, CallsSocket, startServerWithCalls } from '../helpers/calls-server.ts';
import { CallPeer, HEARD } from '../helpers/call-peer.ts';
import { MEDIA_CASES, MEDIA_SUITE } from './media-cases.ts';

/** The media service's one UDP port in this suite (not the default, so the setting is seen to reach it). */
const UDP_PORT = 9443;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(MEDIA_SUITE, function () {
  this.timeout(90_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let users: LoggedIn[];
  let team: Team;
  const peers: CallPeer[] = [];

  before(async function () {
    this.timeout(120_000);
    // No STUN server (nothing outside can be reached); the service binds and announces loopback.
    ({ ts, admin } = await startServerWithCalls({ ICEServersConfigs: '[]', UDPServerAddress: '127.0.0.1', UDPServerPort: UDP_PORT }));
    users = [];
    for (let i = 0; i < 4; i++) users.push(await createUser(ts, admin.client));
    team = await createTeamWith(admin.client, users.map((u) => u.user.id));
    await eventually(async () => expect((await ts.server.plugins.media.status()).state).to.equal('running'), 30_000, 100);
    // A warm-up call: on a loaded machine the first connection of a cold media process (and of this
    // process's werift) can be slow enough for ICE's connectivity checks to give up on it.
    await call(2).then(() => sleep(500)).catch(() => {});
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  after(async () => {
    await ts?.close();
  });

  const channel = (): Promise<Channel> => createChannelWith(admin.client, team, users.map((u) => u.user.id));

  /** `count` peers join a new channel's call, unmute, and are connected. */
  async function call(count: number): Promise<{ channel: Channel; peers: CallPeer[] }> {
    const where = await channel();
    const joined: CallPeer[] = [];
    for (let i = 0; i < count; i++) {
      const peer = await CallPeer.join(ts, users[i]!.client, where.id, `peer-${i}`);
      peers.push(peer);
      joined.push(peer);
      peer.socket.send('unmute');
    }
    await Promise.all(joined.map((peer) => peer.peer.connected(30_000)));
    return { channel: where, peers: joined };
  }

  async function everyoneHearsEveryone(group: CallPeer[], atLeast = HEARD): Promise<void> {
    await eventually(() => {
      for (const listener of group) {
        for (const speaker of group) if (speaker !== listener) expect(listener.peer.packetsFrom(speaker.name), `${listener.name} hears ${speaker.name}`).to.be.at.least(atLeast);
      }
    }, 20_000, 100);
  }

  /** Packets from `speaker` reaching `listener` during `ms`. */
  async function packetsDuring(listener: CallPeer, speaker: CallPeer, ms: number): Promise<number> {
    const before = listener.peer.packetsFrom(speaker.name);
    await sleep(ms);
    return listener.peer.packetsFrom(speaker.name) - before;
  }

  it(MEDIA_CASES.twoPeers, async () => {
    const { peers: [a, b] } = await call(2);
    expect(a!.peer.pc.connectionState).to.equal('connected');
    expect(a!.peer.pc.iceConnectionState).to.be.oneOf(['connected', 'completed']);
    await everyoneHearsEveryone([a!, b!]);
    // Only one another's audio: nobody hears themselves.
    expect(a!.peer.packetsFrom(a!.name)).to.equal(0);
  });

  it(MEDIA_CASES.fourPeers, async () => {
    const { peers: group } = await call(4);
    await everyoneHearsEveryone(group);
    expect((await ts.server.plugins.media.status()).participants).to.be.at.least(4);
  });

  it(MEDIA_CASES.onePort, async () => {
    const { peers: group } = await call(4);
    await everyoneHearsEveryone(group);
    for (const { name, peer } of group) {
      // `candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>`
      const remote = peer.pc.iceTransports[0]?.getSelectedCandidatePair()?.remote.candidate.split(' ');
      expect(remote && { transport: remote[2]!.toLowerCase(), address: remote[4], port: Number(remote[5]) }, `${name}'s selected pair`).to.deep.equal({ transport: 'udp', address: '127.0.0.1', port: UDP_PORT });
    }
  });

  it(MEDIA_CASES.tcpOnly, async () => {
    const where = await channel();
    const group: CallPeer[] = [];
    for (let i = 0; i < 3; i++) {
      const peer = await CallPeer.join(ts, users[i]!.client, where.id, `tcp-${i}`, 'tcp');
      peers.push(peer);
      group.push(peer);
      peer.socket.send('unmute');
    }
    await Promise.all(group.map((peer) => peer.peer.connected(30_000)));
    await everyoneHearsEveryone(group);
    for (const { name, peer } of group) {
      const remote = peer.pc.iceTransports[0]?.getSelectedCandidatePair()?.remote.candidate.split(' ');
      // The TCP fallback listens on the UDP port's number.
      expect(remote && { transport: remote[2]!.toLowerCase(), address: remote[4], port: Number(remote[5]) }, `${name}'s selected pair`).to.deep.equal({ transport: 'tcp', address: '127.0.0.1', port: UDP_PORT });
    }
  });

  it(MEDIA_CASES.mute, async () => {
    const { peers: [a, b, c] } = await call(3);
    await everyoneHearsEveryone([a!, b!, c!]);
    a!.socket.send('mute');
    await b!.socket.waitFor('user_muted', (data) => data.session_id === a!.sessionId);
    await sleep(200);
    expect(await packetsDuring(b!, a!, 1000)).to.equal(0);
    expect(c!.peer.packetsFrom(a!.name)).to.be.greaterThan(0);
    expect(await packetsDuring(a!, b!, 500)).to.be.greaterThan(3);
    a!.socket.send('unmute');
    await b!.socket.waitFor('user_unmuted', (data) => data.session_id === a!.sessionId);
    await eventually(async () => expect(await packetsDuring(b!, a!, 300)).to.be.greaterThan(2), 5000, 0);
  });

  it(MEDIA_CASES.screen, async () => {
    const { peers: [a, b, c] } = await call(3);
    await everyoneHearsEveryone([a!, b!, c!]);
    a!.socket.send('screen_on', { data: JSON.stringify({ screenStreamID: 'screen' }) });
    await b!.socket.waitFor('user_screen_on', (data) => data.session_id === a!.sessionId);
    await a!.peer.shareScreen();
    await eventually(() => {
      expect(b!.peer.videoPackets, 'b sees the screen').to.be.greaterThan(3);
      expect(c!.peer.videoPackets, 'c sees the screen').to.be.greaterThan(3);
    }, 15_000, 100);
    expect(a!.peer.videoPackets).to.equal(0);
    // The audio went on through the renegotiation.
    expect(await packetsDuring(b!, a!, 500)).to.be.greaterThan(3);
  });

  it(MEDIA_CASES.reconnect, async () => {
    const { channel: where, peers: [a, b] } = await call(2);
    await everyoneHearsEveryone([a!, b!]);
    await a!.reconnect(where.id);
    // Past the grace period (1 s in these tests): the session would have been removed without the reconnect.
    await sleep(1500);
    const state = await ts.server.plugins.media.status();
    expect(state.participants).to.be.at.least(2);
    expect(await packetsDuring(b!, a!, 500)).to.be.greaterThan(3);
    expect(await packetsDuring(a!, b!, 500)).to.be.greaterThan(3);
    expect(b!.socket.received('user_left').filter((event) => event.data.session_id === a!.sessionId)).to.deep.equal([]);
    // A newcomer's track is offered to a on its new connection.
    const c = await CallPeer.join(ts, users[2]!.client, where.id, 'newcomer');
    peers.push(c);
    c.socket.send('unmute');
    await eventually(() => expect(a!.peer.packetsFrom('newcomer')).to.be.greaterThan(HEARD), 20_000, 100);
  });

  it(MEDIA_CASES.voice, async () => {
    const { peers: [a, b, c] } = await call(3);
    await everyoneHearsEveryone([a!, b!, c!]);
    c!.socket.send('mute');
    await b!.socket.waitFor('user_muted', (data) => data.session_id === c!.sessionId);
    c!.peer.play('tone');
    a!.peer.play('tone');
    const on = await b!.socket.waitFor('user_voice_on', (data) => data.session_id === a!.sessionId, 10_000);
    expect(on.data).to.include({ userID: users[0]!.user.id, session_id: a!.sessionId });
    // The client's own report of what the SFU already told is not news; a raised hand after it marks
    // when it was handled (a connection's messages are handled in order).
    a!.socket.send('voice_on');
    a!.socket.send('raise_hand');
    await b!.socket.waitFor('user_raise_hand', (data) => data.session_id === a!.sessionId);
    expect(b!.socket.received('user_voice_on').filter((event) => event.data.session_id === a!.sessionId)).to.have.length(1);
    // The SFU hears a: its client saying it stopped is not told while the SFU still hears the tone.
    a!.socket.send('voice_off');
    a!.socket.send('unraise_hand');
    await b!.socket.waitFor('user_unraise_hand', (data) => data.session_id === a!.sessionId);
    expect(b!.socket.received('user_voice_off').filter((event) => event.data.session_id === a!.sessionId)).to.deep.equal([]);
    a!.peer.play('silence');
    await b!.socket.waitFor('user_voice_off', (data) => data.session_id === a!.sessionId, 10_000);
    // c played its tone muted all the while a spoke and stopped: long enough to have been heard.
    expect(b!.socket.received('user_voice_on').filter((event) => event.data.session_id === c!.sessionId)).to.deep.equal([]);
    expect(await packetsDuring(b!, c!, 300)).to.equal(0);
  });

  it(MEDIA_CASES.hostile, async () => {
    const { peers: [a, b] } = await call(2);
    await everyoneHearsEveryone([a!, b!]);
    const intruder = await CallPeer.join(ts, users[2]!.client, (await channel()).id, 'intruder');
    peers.push(intruder);
    const garbage = [
      Buffer.from('not zlib at all'),
      deflateSync('{"type":"offer","sdp":"v=0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=garbage"}'),
      deflateSync(JSON.stringify({ type: 'answer', sdp: 'v=0\r\nm=audio 1 RTP/AVP 0\r\n' })),
      deflateSync(' '.repeat(5_000_000)),
      deflateSync('[]'),
    ];
    for (const data of garbage) a!.socket.send('sdp', { data }, 'binary');
    a!.socket.send('ice', { data: JSON.stringify({ candidate: 'candidate:x 1 udp nope 999.1.1.1 70000 typ host', sdpMid: '0' }) });
    a!.socket.send('ice', { data: JSON.stringify({ candidate: 'x'.repeat(3000) }) });
    // A frame past the server's 64 KiB limit closes that one connection, nothing else.
    const flood = await CallsSocket.open(ts, users[3]!.client);
    flood.raw.socket.send(Buffer.alloc(70 * 1024, 1));
    const closed = await flood.raw.closed;
    expect(closed.code).to.equal(1009);
    await sleep(500);
    expect(await packetsDuring(b!, a!, 500)).to.be.greaterThan(3);
    expect(await packetsDuring(a!, b!, 500)).to.be.greaterThan(3);
    expect(a!.peer.pc.connectionState).to.equal('connected');
    const status = await ts.server.plugins.media.status();
    expect(status.state).to.equal('running');
    expect(status.restarts).to.equal(0);
    expect((await fetch(`${ts.url}/api/v4/system/ping`)).status).to.equal(200);
  });

  // Last: it restarts the media service, which the hostile case counts on not having happened.
  it(MEDIA_CASES.mediaRestart, async () => {
    const { peers: [a, b, c] } = await call(3);
    await everyoneHearsEveryone([a!, b!, c!]);
    c!.socket.send('mute');
    await b!.socket.waitFor('user_muted', (data) => data.session_id === c!.sessionId);
    const before = await ts.server.plugins.media.status();
    process.kill(before.pid!, 'SIGKILL');
    // Each session's client is told on its own connection once its call is made again.
    for (const peer of [a!, b!, c!]) expect((await peer.socket.waitFor('media_restarted', () => true, 30_000)).data).to.include({ session_id: peer.sessionId, connID: peer.socket.connectionId });
    const after = await ts.server.plugins.media.status();
    expect(after.restarts).to.be.greaterThan(before.restarts);
    expect(after.pid).to.not.equal(before.pid);
    await Promise.all([a!, b!, c!].map((peer) => peer.peer.connected(30_000)));
    await eventually(async () => {
      expect(await packetsDuring(b!, a!, 300), 'b hears a').to.be.greaterThan(2);
      expect(await packetsDuring(a!, b!, 300), 'a hears b').to.be.greaterThan(2);
      expect(await packetsDuring(c!, a!, 300), 'c hears a').to.be.greaterThan(2);
    }, 20_000, 0);
    expect(await packetsDuring(a!, c!, 500), 'c is still muted').to.equal(0);
    expect((await ts.server.plugins.media.status()).participants).to.be.at.least(3);
    // Nobody left the call on the way (earlier tests' sessions, leaving their own calls, may be told).
    const ours = new Set([a!, b!, c!].map((peer) => peer.sessionId));
    expect(b!.socket.received('user_left').filter((event) => ours.has(event.data.session_id))).to.deep.equal([]);
  });

  // After the restart case: it stops the media service too.
  it(MEDIA_CASES.joinWhileDown, async () => {
    const { channel: where, peers: [a, b] } = await call(2);
    await everyoneHearsEveryone([a!, b!]);
    const before = await ts.server.plugins.media.status();
    // Frozen, the service answers nothing: the join's media request fails once its wait or the next
    // health check runs out (5 s each), and the supervisor kills and restarts the process.
    process.kill(before.pid!, 'SIGSTOP');
    const late = await CallsSocket.open(ts, users[2]!.client);
    late.send('join', { channelID: where.id });
    const refusal = await late.waitFor('error', () => true, 20_000);
    expect(refusal.data.data).to.match(/media service is not available/);
    expect(late.received('join')).to.deep.equal([]);
    // No ghost: the call holds the two who were in it, and the service makes only theirs again.
    const state = await callsApi(ts, admin.client, 'GET', `/${where.id}`);
    expect(state.body.call.sessions.map((session: { session_id: string }) => session.session_id).sort()).to.deep.equal([a!.sessionId, b!.sessionId].sort());
    for (const peer of [a!, b!]) await peer.socket.waitFor('media_restarted', () => true, 30_000);
    expect(late.received('media_restarted')).to.deep.equal([]);
    expect((await ts.server.plugins.media.status()).restarts).to.be.greaterThan(before.restarts);
    await late.close();
    // Joining again once the service is back is answered, and everyone hears everyone.
    const c = await CallPeer.join(ts, users[2]!.client, where.id, 'late');
    peers.push(c);
    c.socket.send('unmute');
    await everyoneHearsEveryone([a!, b!, c]);
  });
});
