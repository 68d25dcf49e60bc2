// Plugins hear about WebSocket connections and receive clients' custom_ actions.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { RawSocket, eventually } from '../helpers/ws-client.ts';

const ID = 'com.example.ws';
const SERVER = `
export default (api) => ({
  async onWebSocketConnect(connectionId, userId) { await api.kv.set('connect_' + userId, connectionId); },
  async onWebSocketDisconnect(connectionId, userId) { await api.kv.set('disconnect_' + userId, connectionId); },
  async webSocketMessageHasBeenPosted(connectionId, userId, request) {
    await api.websocket.publish('echo', { action: request.action, data: request.data, connection_id: connectionId }, { user_id: userId });
  },
  async serveHttp(ctx, request) { return { body: JSON.stringify(await api.kv.get(request.path.slice(1))) }; },
});`;

describe('plugin WebSocket hooks', () => {
  let ts: TestServer;
  let admin: Client4;
  let user: LoggedIn;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    user = await createUser(ts, admin);
    const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['kv', 'websocket'] } } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'ws.tar.gz') as never, false);
    await admin.enablePlugin(ID);
  });
  after(async () => {
    await ts.close();
  });

  const stored = async (key: string) => (await fetch(`${ts.url}/plugins/${ID}/${key}`)).json();

  it('calls onWebSocketConnect and onWebSocketDisconnect with the connection id and user id', async () => {
    const socket = await RawSocket.authenticated(ts, user.client.getToken());
    const hello = await socket.waitForEvent('hello');
    const connectionId = hello.data.connection_id;
    await eventually(async () => expect(await stored(`connect_${user.user.id}`)).to.equal(connectionId));
    await socket.close();
    await eventually(async () => expect(await stored(`disconnect_${user.user.id}`)).to.equal(connectionId));
  });

  it('passes custom_ actions to webSocketMessageHasBeenPosted, which can answer with its own event', async () => {
    const socket = await RawSocket.authenticated(ts, user.client.getToken());
    const hello = await socket.waitForEvent('hello');
    socket.send({ seq: 7, action: `custom_${ID}_ping`, data: { n: 1 } });
    const echo = await socket.waitForEvent(`custom_${ID}_echo`);
    expect(echo.data).to.deep.equal({ action: `custom_${ID}_ping`, data: { n: 1 }, connection_id: hello.data.connection_id });
    await socket.close();
  });
});
