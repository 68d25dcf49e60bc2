// Mattermost Calls' WebSocket protocol against a real server and the real plugin bundle: joining,
// leaving, the participants' state, reconnecting, the grace period, floods and malformed frames.
import { expect } from 'chai';
import { deflateSync } from 'node:zlib';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { TestServer } from '../../../test/helpers/test-server.ts';
import { createUser, type LoggedIn } from '../../../test/helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../../test/helpers/chat-fixtures.ts';
import { eventually } from '../../../test/helpers/ws-client.ts';
import { SESSION_MESSAGES } from '../src/rate-limiter.ts';
import { callsApi, CallsSocket, GRACE_SECONDS, patchCallsSettings, PLUGIN_ID, slowly, startServerWithCalls } from './helpers/calls-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('calls WebSocket protocol', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let dave: LoggedIn;
  let carol: LoggedIn;
  let team: Team;
  const sockets: CallsSocket[] = [];

  before(async () => {
    ({ ts, admin } = await startServerWithCalls());
    [alice, bob, dave, carol] = [await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client), await createUser(ts, admin.client)];
    team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, dave.user.id, carol.user.id]);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  after(async () => {
    await ts?.close();
  });

  /** A channel of alice, bob and dave (carol is in the team, not in the channel). */
  const channelOfThree = (): Promise<Channel> => createChannelWith(admin.client, team, [alice.user.id, bob.user.id, dave.user.id]);
  const open = async (who: LoggedIn): Promise<CallsSocket> => {
    const socket = await CallsSocket.open(ts, who.client);
    sockets.push(socket);
    return socket;
  };

  /** Alice and Bob in a call; Alice's connection drops and she comes back on a new one, naming her session. */
  const dropAndReconnect = async () => {
    const channel = await channelOfThree();
    const [first, b] = [await open(alice), await open(bob)];
    await first.join(channel.id);
    await b.join(channel.id);
    await first.close();
    const second = await open(alice);
    second.send('reconnect', { channelID: channel.id, originalConnID: first.connectionId, prevConnID: first.connectionId });
    return { channel, first, second, b };
  };

  it('starts a call on the first join: the joiner gets join and call_state, members see call_start and user_joined, a non-member nothing', async () => {
    const channel = await channelOfThree();
    const [a, d, c] = [await open(alice), await open(dave), await open(carol)];
    await a.join(channel.id, { title: 'Standup' });
    expect((await a.waitFor('join')).data.connID).to.equal(a.connectionId);
    const state = await a.waitFor('call_state');
    expect(state.data.channel_id).to.equal(channel.id);
    const call = JSON.parse(state.data.call);
    expect(call).to.include({ owner_id: alice.user.id, host_id: alice.user.id });
    expect(call.sessions).to.deep.equal([{ session_id: a.connectionId, user_id: alice.user.id, unmuted: false, raised_hand: 0, video: false }]);

    const start = await d.waitFor('call_start');
    expect(start.data).to.include({ id: call.id, channelID: channel.id, owner_id: alice.user.id, host_id: alice.user.id });
    expect(start.data.post_id).to.be.a('string').with.length(26);
    expect(start.data.thread_id).to.equal(start.data.post_id);
    expect((await d.waitFor('user_joined')).data).to.include({ user_id: alice.user.id, session_id: a.connectionId, channelID: channel.id });

    const post = await alice.client.getPost(start.data.post_id);
    expect(post).to.include({ type: 'custom_calls', user_id: alice.user.id, channel_id: channel.id });
    expect(post.props).to.include({ title: 'Standup', start_at: call.start_at });

    await sleep(300);
    expect(c.received()).to.deep.equal([]);
  });

  it('tells who speaks from the client’s voice_on/voice_off when the media service hears no level, never for a muted session, and muting ends speaking', async () => {
    const channel = await channelOfThree();
    const [a, b] = [await open(alice), await open(bob)];
    await a.join(channel.id);
    await b.join(channel.id);
    // No peer connection here: the media service hears nothing of these sessions, as of a client
    // whose audio carries no level. Joined muted, a's report of speaking is not believed.
    a.send('voice_on');
    a.send('raise_hand');
    await b.waitFor('user_raise_hand', (data) => data.session_id === a.connectionId);
    expect(b.received('user_voice_on')).to.deep.equal([]);
    a.send('unmute');
    a.send('voice_on');
    expect((await b.waitFor('user_voice_on')).data).to.include({ userID: alice.user.id, session_id: a.connectionId });
    a.send('voice_off');
    await b.waitFor('user_voice_off', (data) => data.session_id === a.connectionId);
    a.send('voice_on');
    await eventually(() => expect(b.received('user_voice_on')).to.have.length(2), 5000, 20);
    // Muting while speaking: the others are told the speaking stopped, without the client saying so.
    a.send('mute');
    await b.waitFor('user_muted', (data) => data.session_id === a.connectionId);
    await eventually(() => expect(b.received('user_voice_off')).to.have.length(2), 5000, 20);
  });

  it('relays mute, unmute, raised hands, voice, screen sharing and reactions to the participants only', async () => {
    const channel = await channelOfThree();
    const [a, b, d] = [await open(alice), await open(bob), await open(dave)];
    await a.join(channel.id);
    await b.join(channel.id);
    a.send('unmute');
    expect((await b.waitFor('user_unmuted')).data).to.include({ userID: alice.user.id, session_id: a.connectionId, channelID: channel.id });
    a.send('voice_on');
    await b.waitFor('user_voice_on', (data) => data.userID === alice.user.id);
    a.send('mute');
    await b.waitFor('user_muted', (data) => data.session_id === a.connectionId);
    a.send('raise_hand');
    expect((await b.waitFor('user_raise_hand')).data.raised_hand).to.be.greaterThan(0);
    a.send('unraise_hand');
    expect((await b.waitFor('user_unraise_hand')).data.raised_hand).to.equal(0);
    a.send('screen_on', { data: JSON.stringify({ screenStreamID: 'stream-1' }) });
    await b.waitFor('user_screen_on', (data) => data.session_id === a.connectionId);
    a.send('react', { data: JSON.stringify({ name: 'tada', unified: '1f389' }) });
    const reacted = await b.waitFor('user_reacted');
    expect(reacted.data).to.include({ user_id: alice.user.id, session_id: a.connectionId });
    expect(reacted.data.emoji).to.deep.equal({ name: 'tada', skin: '', unified: '1f389', literal: '' });

    // Dave is a member of the channel but not in the call: he sees who joins, not what they do.
    expect(d.received('user_joined')).to.have.length(2);
    for (const name of ['user_unmuted', 'user_muted', 'user_raise_hand', 'user_screen_on', 'user_reacted']) expect(d.received(name), name).to.deep.equal([]);

    const rest = await callsApi(ts, dave.client, 'GET', `/${channel.id}`);
    expect(rest.body.call.screen_sharing_session_id).to.equal(a.connectionId);
    d.send('call_state', { channelID: channel.id });
    const state = JSON.parse((await d.waitFor('call_state')).data.call);
    expect(state.sessions.find((s: { session_id: string }) => s.session_id === a.connectionId)).to.include({ unmuted: false, raised_hand: 0 });
    expect(state.screen_sharing_session_id).to.equal(a.connectionId);
  });

  it('refuses a join from a user who cannot post in the channel, and one to an archived channel, with an error event', async () => {
    const channel = await channelOfThree();
    const [b, c] = [await open(bob), await open(carol)];
    c.send('join', { channelID: channel.id });
    const error = await c.waitFor('error');
    expect(error.data.connID).to.equal(c.connectionId);
    expect(error.data.data).to.match(/cannot join/i);
    expect((await callsApi(ts, bob.client, 'GET', `/calls/${channel.id}/active`)).body).to.deep.equal({ active: false });

    const archived = await channelOfThree();
    await admin.client.deleteChannel(archived.id);
    b.send('join', { channelID: archived.id });
    expect((await b.waitFor('error')).data.data).to.match(/archived/);
    expect(c.received('join')).to.deep.equal([]);
  });

  it('keeps the session when the client comes back on a new connection with its originalConnID', async () => {
    const { channel, first, second, b } = await dropAndReconnect();
    await sleep(GRACE_SECONDS * 1000 + 1500);

    // Bob is a member of the earlier tests' channels too: only this channel's events count.
    expect(b.received('user_left').filter((event) => event.data.channelID === channel.id)).to.deep.equal([]);
    const state = (await callsApi(ts, bob.client, 'GET', `/${channel.id}`)).body.call;
    expect(state.sessions.map((s: { session_id: string }) => s.session_id)).to.have.members([first.connectionId, b.connectionId]);
    second.send('unmute');
    expect((await b.waitFor('user_unmuted')).data.session_id).to.equal(first.connectionId);
  });

  it('removes a session whose connection stays away past the grace period, and the last leave ends the call and its post', async () => {
    const channel = await channelOfThree();
    const [a, b, d] = [await open(alice), await open(bob), await open(dave)];
    await a.join(channel.id);
    await b.join(channel.id);
    const postId = (await d.waitFor('call_start')).data.post_id as string;
    await a.close();
    const left = await d.waitFor('user_left', (data) => data.channelID === channel.id && data.user_id === alice.user.id, GRACE_SECONDS * 1000 + 7000);
    expect(left.data.session_id).to.equal(a.connectionId);
    expect((await b.waitFor('call_host_changed', (data) => data.channelID === channel.id)).data).to.include({ hostID: bob.user.id });

    b.send('leave');
    await d.waitFor('user_left', (data) => data.channelID === channel.id && data.user_id === bob.user.id);
    await d.waitFor('call_end', (data) => data.channelID === channel.id);
    expect((await callsApi(ts, dave.client, 'GET', `/calls/${channel.id}/active`)).body).to.deep.equal({ active: false });
    await eventually(async () => {
      const post = await dave.client.getPost(postId);
      expect(post.props.end_at).to.be.a('number');
      expect(post.props.participants).to.have.members([alice.user.id, bob.user.id]);
    });
  });

  it('takes a participant out of the call when they are removed from the channel', async () => {
    const channel = await channelOfThree();
    const [a, b] = [await open(alice), await open(bob)];
    await a.join(channel.id);
    await b.join(channel.id);
    await admin.client.removeFromChannel(bob.user.id, channel.id);
    expect((await a.waitFor('user_left', (data) => data.channelID === channel.id)).data).to.include({ user_id: bob.user.id, session_id: b.connectionId });
    await b.waitFor('user_left', (data) => data.channelID === channel.id && data.session_id === b.connectionId);
    a.send('raise_hand');
    await a.waitFor('user_raise_hand');
    await sleep(200);
    expect(b.received('user_raise_hand')).to.deep.equal([]);
  });

  it("handles a connection's messages in the order sent: an unmute right after a reconnect counts", async () => {
    const { first, second, b } = await dropAndReconnect();
    second.send('unmute');
    expect((await b.waitFor('user_unmuted')).data.session_id).to.equal(first.connectionId);
  });

  it('keeps to MaxCallParticipants, and in test mode (DefaultEnabled off) lets only system admins start a call', async () => {
    try {
      await patchCallsSettings(ts, { MaxCallParticipants: 1 });
      await slowly(async () => expect((await callsApi(ts, dave.client, 'GET', '/config')).body.MaxCallParticipants).to.equal(1));
      const full = await channelOfThree();
      const [a, b] = [await open(alice), await open(bob)];
      await a.join(full.id);
      b.send('join', { channelID: full.id });
      expect((await b.waitFor('error')).data.data).to.match(/full/);

      await patchCallsSettings(ts, { MaxCallParticipants: 0, DefaultEnabled: false });
      await slowly(async () => expect((await callsApi(ts, dave.client, 'GET', '/config')).body.DefaultEnabled).to.equal(false));
      const testMode = await createChannelWith(admin.client, team, [bob.user.id]);
      b.send('join', { channelID: testMode.id });
      expect((await b.waitFor('error', (data) => /test mode/.test(data.data))).data.connID).to.equal(b.connectionId);
      const boss = await open(admin);
      await boss.join(testMode.id);
      await b.join(testMode.id);
    } finally {
      await patchCallsSettings(ts, { MaxCallParticipants: 0, DefaultEnabled: true });
      await slowly(async () => expect((await callsApi(ts, carol.client, 'GET', '/config')).body.DefaultEnabled).to.equal(true));
    }
  });

  it('refuses edits of the call post by its author', async () => {
    const channel = await channelOfThree();
    const a = await open(alice);
    await a.join(channel.id);
    const postId = (await a.waitFor('call_start')).data.post_id as string;
    const error = await alice.client.patchPost({ id: postId, message: 'not a call' } as never).catch((err: { status_code: number }) => err);
    expect((error as { status_code: number }).status_code).to.equal(400);
    expect((await alice.client.getPost(postId)).type).to.equal('custom_calls');
  });

  it('drops the calls messages of a flooding connection beyond its budget, without disturbing the others', async () => {
    const channel = await channelOfThree();
    const [a, b] = [await open(alice), await open(bob)];
    await a.join(channel.id);
    await b.join(channel.id);
    const started = Date.now();
    for (let i = 0; i < 80; i++) a.send('react', { data: JSON.stringify({ name: 'tada', unified: '1f389' }) });
    // Another reaction, sent again until one gets through: a connection's messages are handled in
    // order, so once it reaches b, every reaction of the flood has been relayed or dropped.
    const isMarker = (data: Record<string, any>) => data.emoji?.name === 'smile';
    const sendMarker = () => a.send('react', { data: JSON.stringify({ name: 'smile', unified: '1f604' }) });
    sendMarker();
    const resend = setInterval(sendMarker, 250);
    try {
      await b.waitFor('user_reacted', isMarker, 20_000);
    } finally {
      clearInterval(resend);
    }
    const seconds = (Date.now() - started) / 1000;
    const relayed = () => b.received('user_reacted').filter((frame) => !isMarker(frame.data ?? {})).length;
    // The bucket's burst (less the join's token) passes; beyond it only what refilled meanwhile.
    await eventually(() => expect(relayed()).to.be.at.least(SESSION_MESSAGES.burst - 1));
    expect(relayed()).to.be.at.most(Math.min(80, SESSION_MESSAGES.burst + Math.ceil(seconds * SESSION_MESSAGES.perSecond)));
    expect(a.raw.socket.readyState).to.equal(a.raw.socket.OPEN);
    b.send('raise_hand');
    await a.waitFor('user_raise_hand', (data) => data.userID === bob.user.id);
  });

  it('drops malformed frames and keeps serving: bad ids, bad emoji, non-JSON ICE, SDP that is not binary', async () => {
    const channel = await channelOfThree();
    const [a, b] = [await open(alice), await open(bob)];
    a.send('join', { channelID: 'not-an-id' });
    expect((await a.waitFor('error')).data.data).to.match(/channelID/);
    a.send('join', { channelID: channel.id, title: 'x'.repeat(300) });
    await a.waitFor('error', (data) => /title/.test(data.data));
    await a.join(channel.id);
    await b.join(channel.id);
    a.send('react', { data: '{"name": "<script>", "unified": "zz"}' });
    a.send('react', { data: 'not json' });
    a.send('ice', { data: '[1, 2' });
    a.send('sdp', { data: 'not base64 !!' });
    a.send('reconnect', { channelID: channel.id });
    a.send('mute', 'text' as never);
    // A well-formed SDP offer, compressed and in a MessagePack binary frame as the clients send it,
    // reaches the media service, which refuses it (there is no media description in it): no answer.
    a.send('sdp', { data: deflateSync(Buffer.from(JSON.stringify({ type: 'offer', sdp: 'v=0\r\n' }))) }, 'binary');
    a.send('ice', { data: JSON.stringify({ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' }) });
    a.send('unmute');
    await b.waitFor('user_unmuted', (data) => data.session_id === a.connectionId);
    expect(b.received('user_reacted')).to.deep.equal([]);
    expect(a.received('signal')).to.deep.equal([]);
    expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === PLUGIN_ID)?.state).to.equal(2);
  });
});
