import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import WebSocket from 'ws';
import { encode } from '@msgpack/msgpack';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { RawSocket, RecordingClient, eventually, websocketUrl, type WireEvent } from '../helpers/ws-client.ts';
import { SERVER_VERSION } from '../../core/src/version.ts';
import { newId } from '../../core/src/app/ids.ts';
import { createServer } from '../../core/src/server.ts';
import { silentLogger } from '../../core/src/logger.ts';

/** How long a marker may take to come through (see `marker`). */
const MARKER_WAIT_MS = 15_000;

describe('WebSocket API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let carol: LoggedIn;
  let channel: Channel;
  let privateChannel: Channel;
  let teamId: string;
  let outsider: LoggedIn;
  const open: Array<{ close(): unknown }> = [];

  const token = (who: LoggedIn) => who.client.getToken();
  /** A challenge-authenticated raw socket, closed after the test. */
  const connect = async (who: LoggedIn, query?: Record<string, string>) => {
    const raw = await RawSocket.authenticated(ts, token(who), query);
    open.push(raw);
    return raw;
  };
  const publishTo = (userId: string, event: string, data: Record<string, unknown> = {}) => ts.server.events.publish({ event, data, broadcast: { user_id: userId } });
  /** Events are delivered in publication order: once a later broadcast has arrived, an earlier one would have too. */
  // A barrier: every event published before the marker has reached the sockets once it arrives. It
  // queues behind all of them (after a flood, thousands), so on a loaded machine it may take seconds.
  const marker = async (...sockets: RawSocket[]) => {
    const id = newId();
    ts.server.events.publish({ event: 'test_marker', data: { id }, broadcast: {} });
    await Promise.all(sockets.map((s) => s.waitFor((f) => f.event === 'test_marker' && f.data?.id === id, MARKER_WAIT_MS)));
  };
  const upgradeStatus = (query: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(websocketUrl(ts, query), { headers: { Authorization: `Bearer ${token(alice)}` } });
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('open', () => {
        resolve(101);
        socket.close();
      });
      socket.on('error', (err) => {
        if (!/Unexpected server response/.test(err.message)) reject(err);
      });
    });

  before(async () => {
    ts = await startTestServer({ websocket: { authTimeoutMs: 300, pingIntervalMs: 200, sessionCheckMs: 200 } });
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    carol = await createUser(ts, admin.client);
    const team = await createTeamWith(admin.client, [alice.user.id, bob.user.id, carol.user.id]);
    channel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id]);
    privateChannel = await createChannelWith(admin.client, team, [alice.user.id, bob.user.id], 'P');
    teamId = team.id;
    outsider = await createUser(ts, admin.client);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });
  after(async () => {
    await ts.close();
  });

  describe('authentication', () => {
    it('sends hello with a new connection id at seq 0 after an authentication challenge', async () => {
      const client = new RecordingClient();
      open.push(client);
      const hello = await client.connect(ts, token(alice));
      expect(hello.seq).to.equal(0);
      expect(hello.data.connection_id).to.match(/^[a-z0-9]{26}$/);
      expect(hello.data.server_version).to.match(new RegExp(`^${SERVER_VERSION.replaceAll('.', '\\.')}\\.`));
      expect(hello.broadcast.user_id).to.equal(alice.user.id);
      expect(client.connectionId).to.equal(hello.data.connection_id);
    });

    it('authenticates at the upgrade with an Authorization header, without a challenge', async () => {
      const client = new RecordingClient({ headers: { Authorization: `Bearer ${token(bob)}` } });
      open.push(client);
      const hello = await client.connect(ts);
      expect(hello.data.connection_id).to.match(/^[a-z0-9]{26}$/);
      expect(hello.broadcast.user_id).to.equal(bob.user.id);
    });

    it('authenticates at the upgrade with the session cookie', async () => {
      const raw = await RawSocket.open(ts, { headers: { Cookie: `MMAUTHTOKEN=${token(carol)}` } });
      open.push(raw);
      const hello = await raw.waitForEvent('hello');
      expect(hello.broadcast.user_id).to.equal(carol.user.id);
    });

    it('refuses a cookie-authenticated upgrade from a foreign origin with 403', async () => {
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(websocketUrl(ts), { headers: { Cookie: `MMAUTHTOKEN=${token(carol)}` }, origin: 'https://evil.example' });
        socket.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('error', () => {});
      });
      expect(status).to.equal(403);
    });

    it('replies FAIL and closes the socket when the challenge token is bad', async () => {
      const raw = await RawSocket.open(ts);
      const reply = await raw.request('authentication_challenge', { token: 'not-a-real-token' });
      expect(reply.status).to.equal('FAIL');
      expect(reply.error).to.include({ status_code: 401 });
      expect((await raw.closed).code).to.equal(1008);
      expect(raw.events()).to.be.empty;
    });

    it('closes a socket that does not authenticate in time', async () => {
      const raw = await RawSocket.open(ts);
      const closed = await raw.closed;
      expect(closed).to.deep.equal({ code: 1008, reason: 'authentication timed out' });
    });

    it('answers requests sent before authenticating with FAIL', async () => {
      const raw = await RawSocket.open(ts);
      open.push(raw);
      const reply = await raw.request('get_statuses');
      expect(reply.status).to.equal('FAIL');
      expect(reply.error).to.include({ id: 'api.web_socket_router.not_authenticated.app_error', status_code: 401 });
    });

    it('closes the socket once its session is revoked', async () => {
      const second = await login(ts, alice.user.username);
      const raw = await connect(second);
      await second.client.logout();
      expect((await raw.closed).code).to.equal(1008);
    });
  });

  describe('keep-alive', () => {
    it('drops a socket that stops answering pings', async () => {
      const socket = new WebSocket(websocketUrl(ts), { headers: { Authorization: `Bearer ${token(alice)}` }, autoPong: false });
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      expect(await closed).to.equal(1006);
    });
  });

  describe('upgrade parameters', () => {
    it('refuses connection_id without sequence_number, and the reverse, with 400', async () => {
      expect(await upgradeStatus({ connection_id: newId() })).to.equal(400);
      expect(await upgradeStatus({ sequence_number: '3' })).to.equal(400);
    });

    it('refuses a malformed connection_id or a negative sequence_number with 400', async () => {
      expect(await upgradeStatus({ connection_id: 'short', sequence_number: '0' })).to.equal(400);
      expect(await upgradeStatus({ connection_id: newId(), sequence_number: '-1' })).to.equal(400);
      expect(await upgradeStatus({ connection_id: newId(), sequence_number: 'abc' })).to.equal(400);
    });

    it('accepts an empty connection_id as a first connection', async () => {
      expect(await upgradeStatus({ connection_id: '', sequence_number: '0' })).to.equal(101);
    });
  });

  describe('delivery', () => {
    it('delivers typing to the other channel members, not to the sender or non-members', async () => {
      const [a, b, c] = await Promise.all([connect(alice), connect(bob), connect(carol)]);
      const reply = await a.request('user_typing', { channel_id: channel.id, parent_id: '' });
      expect(reply.status).to.equal('OK');
      const typing = await b.waitForEvent('typing');
      expect(typing.data).to.deep.equal({ parent_id: '', user_id: alice.user.id });
      expect(typing.broadcast).to.include({ channel_id: channel.id });
      await marker(a, c);
      expect(a.events().map((e) => e.event)).not.to.include('typing');
      expect(c.events().map((e) => e.event)).not.to.include('typing');
    });

    it('refuses typing in a channel the sender is not a member of', async () => {
      const c = await connect(carol);
      const reply = await c.request('user_typing', { channel_id: channel.id });
      expect(reply.status).to.equal('FAIL');
      expect(reply.error).to.include({ status_code: 403 });
      const bad = await c.request('user_typing', { channel_id: 'nope' });
      expect(bad.error).to.include({ status_code: 400 });
    });

    it('relays typing notices at one a second after a short burst, refusing faster ones with 429', async () => {
      const [a, b] = await Promise.all([connect(alice), connect(bob)]);
      const started = Date.now();
      const replies = await Promise.all(Array.from({ length: 20 }, () => a.request('user_typing', { channel_id: channel.id, parent_id: '' })));
      const elapsedSeconds = Math.ceil((Date.now() - started) / 1000);
      await marker(b);
      const relayed = b.events().filter((e) => e.event === 'typing').length;
      expect(relayed).to.be.at.least(1).and.at.most(5 + elapsedSeconds);
      const refused = replies.filter((r) => r.status === 'FAIL');
      expect(refused).to.have.length(20 - relayed);
      expect(refused.every((r) => r.error?.id === 'api.web_socket.user_typing.rate_limited.app_error' && r.error.status_code === 429)).to.equal(true);
    });

    it('drops a connection that floods the server with requests, relaying almost none of them', async () => {
      const [a, b] = await Promise.all([connect(alice), connect(bob)]);
      const started = Date.now();
      for (let seq = 1000; seq < 4000; seq++) a.send({ seq, action: 'user_typing', data: { channel_id: channel.id, parent_id: '' } });
      expect((await a.closed).code).to.equal(1008);
      const elapsedSeconds = Math.ceil((Date.now() - started) / 1000);
      await marker(b);
      expect(b.events().filter((e) => e.event === 'typing').length).to.be.at.most(5 + elapsedSeconds);
    });

    it('never delivers a private channel event to a non-member', async () => {
      const [b, c] = await Promise.all([connect(bob), connect(carol)]);
      const post = await alice.client.createPost({ channel_id: privateChannel.id, message: 'private words' } as Post);
      const posted = await b.waitForEvent('posted');
      expect(JSON.parse(posted.data.post as string).id).to.equal(post.id);
      await marker(c);
      expect(c.events().map((e) => e.event)).not.to.include('posted');
    });

    it('delivers a team event to the team\'s members only', async () => {
      const [c, o] = await Promise.all([connect(carol), connect(outsider)]);
      ts.server.events.publish({ event: 'update_team', data: { team: '{}' }, broadcast: { team_id: teamId } });
      expect((await c.waitForEvent('update_team')).broadcast.team_id).to.equal(teamId);
      await marker(o);
      expect(o.events().map((e) => e.event)).not.to.include('update_team');
    });

    it('delivers a user-targeted event to all of that user\'s connections and no one else', async () => {
      const [a1, a2, b] = await Promise.all([connect(alice), connect(alice), connect(bob)]);
      publishTo(alice.user.id, 'preferences_changed', { preferences: '[]' });
      await Promise.all([a1.waitForEvent('preferences_changed'), a2.waitForEvent('preferences_changed')]);
      await marker(b);
      expect(b.events().map((e) => e.event)).not.to.include('preferences_changed');
    });

    it('honours connection_id and omit_connection_id', async () => {
      const [a1, a2] = await Promise.all([connect(alice), connect(alice)]);
      const id1 = (await a1.waitForEvent('hello')).data.connection_id as string;
      ts.server.events.publish({ event: 'only_one', data: {}, broadcast: { connection_id: id1 } });
      ts.server.events.publish({ event: 'all_but_one', data: {}, broadcast: { omit_connection_id: id1 } });
      await marker(a1, a2);
      expect(a1.events().map((e) => e.event)).to.include('only_one').and.not.include('all_but_one');
      expect(a2.events().map((e) => e.event)).to.include('all_but_one').and.not.include('only_one');
    });

    it('numbers events per connection without gaps', async () => {
      const a = await connect(alice);
      for (let i = 0; i < 5; i++) publishTo(alice.user.id, 'counted', { i });
      await eventually(() => expect(a.events().filter((e) => e.event === 'counted')).to.have.length(5));
      const seqs = a.events().map((e) => e.seq);
      expect(seqs).to.deep.equal(seqs.map((_, i) => i));
    });
  });

  describe('requests', () => {
    it('answers ping with pong', async () => {
      const a = await connect(alice);
      const reply = await a.request('ping');
      expect(reply).to.deep.include({ status: 'OK' });
      expect(reply.data).to.include({ text: 'pong', version: SERVER_VERSION });
    });

    it('answers get_statuses_by_ids and get_statuses with a user id → status map', async () => {
      // A user who never connected before: the status_change proves the online status is stored.
      const erin = await createUser(ts, admin.client);
      const a = await connect(erin);
      await a.waitFor((f) => f.event === 'status_change' && f.data?.status === 'online');
      const byIds = await a.request('get_statuses_by_ids', { user_ids: [erin.user.id, admin.user.id] });
      expect(byIds.status).to.equal('OK');
      expect(byIds.data).to.deep.equal({ [erin.user.id]: 'online', [admin.user.id]: 'offline' });
      const all = await a.request('get_statuses');
      expect(all.data).to.include({ [erin.user.id]: 'online' });
      const bad = await a.request('get_statuses_by_ids', { user_ids: 'everyone' });
      expect(bad.status).to.equal('FAIL');
      expect(bad.error).to.include({ status_code: 400 });
    });

    it('answers an unknown action with FAIL and survives malformed frames', async () => {
      const a = await connect(alice);
      a.send('{not json');
      a.send([1, 2, 3]);
      a.send({ seq: 'x', action: 'ping' });
      const unknown = await a.request('no_such_action', {});
      expect(unknown.status).to.equal('FAIL');
      expect(unknown.error).to.include({ id: 'api.web_socket_router.bad_action.app_error' });
      const noAction = await a.request('', {});
      expect(noAction.error).to.include({ id: 'api.web_socket_router.no_action.app_error' });
      expect((await a.request('ping')).status).to.equal('OK');
    });

    it('answers requests sent as MessagePack binary frames as it answers JSON ones, authentication included', async () => {
      const raw = await RawSocket.open(ts);
      open.push(raw);
      const early = await raw.request('get_statuses', undefined, 'binary');
      expect(early.error).to.include({ id: 'api.web_socket_router.not_authenticated.app_error', status_code: 401 });
      expect((await raw.request('authentication_challenge', { token: token(alice) }, 'binary')).status).to.equal('OK');
      await raw.waitForEvent('hello');
      const pong = await raw.request('ping', undefined, 'binary');
      expect(pong.data).to.include({ text: 'pong', version: SERVER_VERSION });
      const statuses = await raw.request('get_statuses_by_ids', { user_ids: [alice.user.id] }, 'binary');
      expect(statuses.status).to.equal('OK');
      expect(statuses.data).to.have.all.keys(alice.user.id);
      const unknown = await raw.request('no_such_action', {}, 'binary');
      expect(unknown.error).to.include({ id: 'api.web_socket_router.bad_action.app_error' });
    });

    it('ignores binary frames that are not MessagePack requests as it ignores malformed JSON', async () => {
      const a = await connect(alice);
      const ping = encode({ seq: 50, action: 'ping' });
      a.sendBinary(ping.subarray(0, ping.length - 1));
      a.sendBinary(Uint8Array.from([...ping, 0x90]));
      a.sendBinary([50, 'ping']);
      a.sendBinary({ seq: 50, action: 'ping', data: { at: new Date() } });
      a.sendBinary({ seq: 50, action: 'ping', data: { n: Number.POSITIVE_INFINITY } });
      a.sendBinary({ seq: 'x', action: 'ping' });
      // A bin value where a string belongs arrives as base64: no id, so a FAIL as for JSON.
      const typing = await a.request('user_typing', { channel_id: Buffer.from(channel.id) }, 'binary');
      expect(typing.error).to.include({ status_code: 400 });
      expect((await a.request('ping', undefined, 'binary')).status).to.equal('OK');
      expect(a.frames.some((f) => f.seq_reply === 50)).to.equal(false);
    });

    it('counts binary frames against the same request budget as text frames', async () => {
      const a = await connect(alice);
      for (let seq = 1000; seq < 4000; seq++) a.sendBinary({ seq, action: 'ping' });
      expect((await a.closed).code).to.equal(1008);
    });

    it('leaves custom_ actions to plugins without replying', async () => {
      const a = await connect(alice);
      a.send({ seq: 100, action: 'custom_com.example_hello', data: {} });
      expect((await a.request('ping')).status).to.equal('OK');
      expect(a.frames.some((f) => f.seq_reply === 100)).to.equal(false);
    });
  });

  describe('reconnect', () => {
    // Dave chose do-not-disturb, so connecting sends him no status_change and the sequence numbers
    // below are exactly the events the tests publish.
    let dave: LoggedIn;
    before(async () => {
      dave = await createUser(ts, admin.client);
      await dave.client.updateStatus({ user_id: dave.user.id, status: 'dnd' });
    });

    /** Connects, receives `count` events after the hello, then drops the socket. */
    const connectAndDrop = async (count: number) => {
      const first = await connect(dave);
      const connectionId = (await first.waitForEvent('hello')).data.connection_id as string;
      for (let i = 1; i <= count; i++) publishTo(dave.user.id, 'numbered', { i });
      await first.waitFor((f) => f.event === 'numbered' && f.seq === count);
      await first.close();
      return connectionId;
    };

    it('replays missed events from the sequence number, on the same connection id, without a hello', async () => {
      const connectionId = await connectAndDrop(3);
      publishTo(dave.user.id, 'numbered', { i: 4 });
      publishTo(dave.user.id, 'numbered', { i: 5 });
      const resumed = await RawSocket.open(ts, { query: { connection_id: connectionId, sequence_number: '2' } });
      open.push(resumed);
      expect((await resumed.request('authentication_challenge', { token: token(dave) })).status).to.equal('OK');
      await resumed.waitFor((f) => f.seq === 5);
      expect(resumed.events().map((e) => [e.seq, e.data.i])).to.deep.equal([
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 5],
      ]);
      publishTo(dave.user.id, 'numbered', { i: 6 });
      expect((await resumed.waitFor((f) => f.data?.i === 6)).seq).to.equal(6);
    });

    it('continues the sequence without replay or hello when nothing was missed', async () => {
      const connectionId = await connectAndDrop(2);
      const resumed = await RawSocket.open(ts, { query: { connection_id: connectionId, sequence_number: '3' }, headers: { Authorization: `Bearer ${token(dave)}` } });
      open.push(resumed);
      publishTo(dave.user.id, 'after');
      const after = await resumed.waitForEvent('after');
      expect(after.seq).to.equal(3);
      expect(resumed.events()).to.have.length(1);
    });

    it('starts over with a new connection id and hello when the sequence fell out of the replay window', async () => {
      ts.config.patch({ ServiceSettings: { WebsocketReplayWindow: 3 } });
      let connectionId: string;
      try {
        connectionId = await connectAndDrop(6);
      } finally {
        ts.config.patch({ ServiceSettings: { WebsocketReplayWindow: 128 } });
      }
      const resumed = await connect(dave, { connection_id: connectionId, sequence_number: '2' });
      const hello = await resumed.waitForEvent('hello');
      expect(hello.seq).to.equal(0);
      expect(hello.data.connection_id).to.match(/^[a-z0-9]{26}$/).and.not.equal(connectionId);
      expect(resumed.events().map((e) => e.event)).to.deep.equal(['hello']);
    });

    it('gives a new connection id and hello for an unknown connection or another user\'s', async () => {
      const unknown = newId();
      const fresh = await connect(dave, { connection_id: unknown, sequence_number: '4' });
      expect((await fresh.waitForEvent('hello')).data.connection_id).not.to.equal(unknown);
      const davesConnection = await connectAndDrop(1);
      const intruder = await connect(bob, { connection_id: davesConnection, sequence_number: '1' });
      const hello = await intruder.waitForEvent('hello');
      expect(hello.data.connection_id).not.to.equal(davesConnection);
      expect(hello.broadcast.user_id).to.equal(bob.user.id);
    });

    it('lets the Mattermost client resume after a drop and receive what it missed, with no second hello', async () => {
      const client = new RecordingClient();
      open.push(client);
      const hello = await client.connect(ts, token(dave));
      client.dropSocket();
      publishTo(dave.user.id, 'while_away', { n: 1 });
      publishTo(dave.user.id, 'while_away', { n: 2 });
      await eventually(() => expect(client.events.filter((e) => e.event === 'while_away')).to.have.length(2));
      expect(client.reconnects).to.equal(1);
      expect(client.missedMessages).to.equal(0);
      expect(client.events.filter((e) => e.event === 'hello')).to.have.length(1);
      expect(client.connectionId).to.equal(hello.data.connection_id);
      expect(client.events.map((e: WireEvent) => e.seq)).to.deep.equal([0, 1, 2]);
    });

    it('makes the Mattermost client refetch when it missed more than the replay window', async () => {
      ts.config.patch({ ServiceSettings: { WebsocketReplayWindow: 2 } });
      const client = new RecordingClient();
      open.push(client);
      try {
        const hello = await client.connect(ts, token(dave));
        client.dropSocket();
        for (let n = 1; n <= 5; n++) publishTo(dave.user.id, 'while_away', { n });
        await eventually(() => expect(client.events.filter((e) => e.event === 'hello')).to.have.length(2));
        expect(client.missedMessages).to.equal(1);
        expect(client.connectionId).not.to.equal(hello.data.connection_id);
      } finally {
        ts.config.patch({ ServiceSettings: { WebsocketReplayWindow: 128 } });
      }
    });
  });

  describe('shutdown', () => {
    it('closes every socket when the server closes', async () => {
      // A second server on the same database: closing it must not wait for, or leave, open sockets.
      const other = createServer({ config: ts.config, logger: silentLogger(), store: ts.store, dataDir: ts.dataDir });
      await new Promise<void>((resolve) => other.http.listen(0, '127.0.0.1', resolve));
      const { port } = other.http.address() as AddressInfo;
      const raw = await RawSocket.authenticated({ ...ts, url: `http://127.0.0.1:${port}` }, token(alice));
      await other.close();
      expect((await raw.closed).code).to.equal(1006);
    });
  });
});

describe('WebSocket sign-out', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  before(async () => {
    // Default timings: the periodic session check runs only once a minute.
    ts = await startTestServer();
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });

  it('closes the sockets of a revoked session at once, without waiting for the periodic check', async () => {
    const user = await createUser(ts, admin.client);
    const socket = await RawSocket.authenticated(ts, user.client.getToken());
    const started = Date.now();
    await admin.client.revokeAllSessionsForUser(user.user.id);
    expect((await socket.closed).code).to.equal(1008);
    expect(Date.now() - started).to.be.below(5_000);
  });

  it('closes the sockets of a disabled personal access token at once', async () => {
    const created = await admin.client.createUserAccessToken(admin.user.id, 'socket test');
    const socket = await RawSocket.authenticated(ts, created.token as string);
    await admin.client.disableUserAccessToken(created.id);
    expect((await socket.closed).code).to.equal(1008);
  });

  it('keeps the sockets of other users open', async () => {
    const kept = await createUser(ts, admin.client);
    const revoked = await createUser(ts, admin.client);
    const keptSocket = await RawSocket.authenticated(ts, kept.client.getToken());
    const revokedSocket = await RawSocket.authenticated(ts, revoked.client.getToken());
    await admin.client.revokeAllSessionsForUser(revoked.user.id);
    await revokedSocket.closed;
    expect((await keptSocket.request('get_statuses')).status).to.equal('OK');
    await keptSocket.close();
  });
});
