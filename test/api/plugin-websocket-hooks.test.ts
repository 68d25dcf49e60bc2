// Plugins hear about WebSocket connections, receive clients' custom_ actions (JSON or MessagePack
// frames) and publish events to users and to single connections.
import { expect } from 'chai';
import { deflateSync, inflateSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { RawSocket, eventually } from '../helpers/ws-client.ts';

const ID = 'com.example.ws';
// POST /publish {event, broadcast} publishes through api.websocket.publish and answers the refusal's id.
const SERVER = `
export default (api) => ({
  async onWebSocketConnect(connectionId, userId) { await api.kv.set('connect_' + userId, connectionId); },
  async onWebSocketDisconnect(connectionId, userId) { await api.kv.set('disconnect_' + userId, connectionId); },
  async webSocketMessageHasBeenPosted(connectionId, userId, request) {
    await api.websocket.publish('echo', { action: request.action, data: request.data, connection_id: connectionId }, { user_id: userId });
  },
  async serveHttp(ctx, request) {
    if (request.path === '/publish') {
      const { event, broadcast } = JSON.parse(request.body);
      try {
        await api.websocket.publish(event, {}, broadcast);
        return { body: 'null' };
      } catch (err) {
        return { status: 400, body: JSON.stringify(err.id) };
      }
    }
    return { body: JSON.stringify(await api.kv.get(request.path.slice(1))) };
  },
});`;

describe('plugin WebSocket hooks', () => {
  let ts: TestServer;
  let admin: Client4;
  let user: LoggedIn;
  let other: LoggedIn;
  const open: RawSocket[] = [];

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    user = await createUser(ts, admin);
    other = await createUser(ts, admin);
    const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['kv', 'websocket'] } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'ws.tar.gz') as never, false);
    await admin.enablePlugin(ID);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });
  after(async () => {
    await ts.close();
  });

  const stored = async (key: string) => (await fetch(`${ts.url}/plugins/${ID}/${key}`)).json();
  /** An authenticated socket, closed after the test, with the connection id its hello gave it. */
  const connect = async (who: LoggedIn) => {
    const socket = await RawSocket.authenticated(ts, who.client.getToken());
    open.push(socket);
    return { socket, connectionId: (await socket.waitForEvent('hello')).data.connection_id as string };
  };
  /** Has the plugin publish `event` with `broadcast`; resolves with the HTTP status and the refusal's id, if any. */
  const publish = async (event: string, broadcast: unknown) => {
    const response = await fetch(`${ts.url}/plugins/${ID}/publish`, { method: 'POST', body: JSON.stringify({ event, broadcast }) });
    return { status: response.status, refusal: (await response.json()) as string | null };
  };
  /** Events reach every connection in publication order: once a later one has arrived, an earlier one would have too. */
  const marker = async (...sockets: RawSocket[]) => {
    expect((await publish('marker', {})).status).to.equal(200);
    await Promise.all(sockets.map((s) => s.waitForEvent(`custom_${ID}_marker`)));
  };
  const received = (socket: RawSocket) => socket.events().map((e) => e.event.replace(`custom_${ID}_`, ''));

  it('calls onWebSocketConnect and onWebSocketDisconnect with the connection id and user id', async () => {
    const socket = await RawSocket.authenticated(ts, user.client.getToken());
    const hello = await socket.waitForEvent('hello');
    const connectionId = hello.data.connection_id;
    await eventually(async () => expect(await stored(`connect_${user.user.id}`)).to.equal(connectionId));
    await socket.close();
    await eventually(async () => expect(await stored(`disconnect_${user.user.id}`)).to.equal(connectionId));
  });

  it('passes custom_ actions to webSocketMessageHasBeenPosted, which can answer with its own event', async () => {
    const { socket, connectionId } = await connect(user);
    socket.send({ seq: 7, action: `custom_${ID}_ping`, data: { n: 1 } });
    const echo = await socket.waitForEvent(`custom_${ID}_echo`);
    expect(echo.data).to.deep.equal({ action: `custom_${ID}_ping`, data: { n: 1 }, connection_id: connectionId });
  });

  describe('MessagePack binary frames', () => {
    it('passes a custom_ action sent as MessagePack to webSocketMessageHasBeenPosted, with the sender\'s connection id', async () => {
      const { socket, connectionId } = await connect(user);
      socket.sendBinary({ action: `custom_${ID}_ping`, seq: 8, data: { n: 1, nested: { list: ['a', true, null, 2.5] } } });
      const echo = await socket.waitForEvent(`custom_${ID}_echo`);
      expect(echo.data).to.deep.equal({ action: `custom_${ID}_ping`, data: { n: 1, nested: { list: ['a', true, null, 2.5] } }, connection_id: connectionId });
      // As for JSON custom actions, the server itself does not reply.
      expect(socket.frames.some((f) => f.seq_reply === 8)).to.equal(false);
    });

    it('hands binary values to the plugin as standard base64 strings, as Calls\' compressed SDP offers arrive', async () => {
      const { socket } = await connect(user);
      const sdp = JSON.stringify({ type: 'offer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n' });
      const compressed = deflateSync(sdp);
      const edges = Uint8Array.from([0, 0xfb, 0xff, 0x3e, 0x3f]);
      socket.sendBinary({ action: `custom_${ID}_sdp`, seq: 1, data: { data: compressed, edges, empty: new Uint8Array(0) } });
      const echo = await socket.waitForEvent(`custom_${ID}_echo`);
      expect(echo.data.data).to.deep.equal({ data: compressed.toString('base64'), edges: 'APv/Pj8=', empty: '' });
      expect(inflateSync(Buffer.from(echo.data.data.data, 'base64')).toString()).to.equal(sdp);
    });

    it('ignores a malformed binary frame as it ignores malformed JSON: no reply, nothing for the plugin, the socket stays open', async () => {
      const { socket } = await connect(user);
      const request = (name: string, data: unknown) => ({ seq: 20, action: `custom_${ID}_${name}`, data });
      const whole = encode(request('truncated', {}));
      socket.sendBinary(whole.subarray(0, whole.length - 1));
      socket.sendBinary(Uint8Array.from([...encode(request('trailing', {})), 0xc0]));
      socket.sendBinary(request('timestamp', { at: new Date(0) }));
      socket.sendBinary(request('nan', { n: Number.NaN }));
      socket.sendBinary(Uint8Array.from([0xc1]));
      socket.send(`{"seq":21,"action":"custom_${ID}_json"`);
      socket.sendBinary(request('after', {}));
      await socket.waitFor((f) => f.event === `custom_${ID}_echo` && f.data?.action === `custom_${ID}_after`);
      expect(socket.events().filter((e) => e.event === `custom_${ID}_echo`)).to.have.length(1);
      expect(socket.frames.some((f) => f.seq_reply === 20 || f.seq_reply === 21)).to.equal(false);
      expect((await socket.request('ping', undefined, 'binary')).status).to.equal('OK');
    });
  });

  describe('websocket.publish to one connection', () => {
    it('reaches only the connection named by connection_id, and every other one of the user with omit_connection_id', async () => {
      const [first, second] = await Promise.all([connect(user), connect(user)]);
      expect(await publish('only', { connection_id: first.connectionId })).to.deep.equal({ status: 200, refusal: null });
      expect((await publish('others', { user_id: user.user.id, omit_connection_id: first.connectionId })).status).to.equal(200);
      await marker(first.socket, second.socket);
      expect(received(first.socket)).to.include('only').and.not.include('others');
      expect(received(second.socket)).to.include('others').and.not.include('only');
    });

    it('reaches a connection named with its own user_id, never one named with another user\'s', async () => {
      const [mine, theirs] = await Promise.all([connect(user), connect(other)]);
      expect((await publish('matching', { connection_id: theirs.connectionId, user_id: other.user.id })).status).to.equal(200);
      expect((await publish('mismatched', { connection_id: theirs.connectionId, user_id: user.user.id })).status).to.equal(200);
      await marker(mine.socket, theirs.socket);
      expect(received(theirs.socket)).to.include('matching').and.not.include('mismatched');
      expect(received(mine.socket)).not.to.include('mismatched').and.not.include('matching');
    });

    it('refuses connection ids that are not ids with plugin.api.invalid_arguments', async () => {
      const { connectionId } = await connect(user);
      const bad = [
        { connection_id: 'short' },
        { connection_id: connectionId.toUpperCase() },
        { connection_id: `${connectionId}x` },
        { connection_id: 42 },
        { connection_id: [connectionId] },
        { omit_connection_id: 'x'.repeat(27) },
      ];
      for (const broadcast of bad) {
        expect(await publish('bad', broadcast), JSON.stringify(broadcast)).to.deep.equal({ status: 400, refusal: 'plugin.api.invalid_arguments' });
      }
    });
  });
});
