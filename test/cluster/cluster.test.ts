import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, uniqueName } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { eventually, RawSocket } from '../helpers/ws-client.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';

const PLUGIN_ID = 'com.example.clustered';

// Remembers the cluster events it receives; publishes one when asked over HTTP.
const CLUSTER_PLUGIN = `
const received = [];
export default (api) => ({
  onPluginClusterEvent(ctx, event) {
    received.push(event);
  },
  async serveHttp(ctx, request) {
    if (request.path === '/publish') {
      await api.cluster.publish({ id: 'greeting', data: request.body });
      return { status: 200, body: 'sent' };
    }
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(received) };
  },
});
`;

const WS_PLUGIN_ID = 'com.example.clustered-ws';

// Publishes a WebSocket event with the broadcast it is POSTed.
const WS_PLUGIN = `
export default (api) => ({
  async serveHttp(ctx, request) {
    const { event, broadcast } = JSON.parse(request.body);
    await api.websocket.publish(event, {}, broadcast);
    return { status: 200, body: 'sent' };
  },
});
`;

/**
 * Each node caches authenticated sessions and channel grants for minutes; a node that was told about a revocation, or
 * that hears the cluster again after missing it, refuses it well within this.
 */
const AT_ONCE_MS = 3000;
/** A restarted Redis is found again within about a second; this leaves room for a slow machine. */
const RECONNECT_MS = 15_000;

describe('cluster mode', () => {
  let redis: TestRedis;
  let sharedFiles: string;
  let a: TestServer;
  let b: TestServer;
  let adminA: Client4;
  let adminB: Client4;
  let team: Team;
  let channel: Channel;
  let member: { client: Client4; userId: string; token: string };
  let env: Record<string, string>;
  const config = { PluginSettings: { EnableUploads: true } };

  before(async () => {
    redis = await startRedis();
    sharedFiles = await mkdtemp(path.join(tmpdir(), 'parley-test-shared-files-'));
    env = {
      MM_CLUSTERSETTINGS_ENABLE: 'true',
      MM_CLUSTERSETTINGS_CLUSTERNAME: uniqueName('cluster'),
      MM_CLUSTERSETTINGS_REDISURL: redis.url,
      MM_FILESETTINGS_DIRECTORY: sharedFiles,
    };
    a = await startTestServer({ env, config });
    b = await startTestServer({ env, config, databaseUrl: a.databaseUrl });
    const admin = await createAdmin(a);
    adminA = admin.client;
    adminB = b.client();
    adminB.setToken(adminA.getToken());
    const user = await createUser(a, adminA);
    member = { client: user.client, userId: user.user.id, token: user.client.getToken() };
    team = await createTeamWith(adminA, [member.userId]);
    channel = await createChannelWith(adminA, team, [member.userId]);
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
    if (sharedFiles) await rm(sharedFiles, { recursive: true, force: true });
  });

  const postThrough = (node: TestServer, message: string) => {
    const client = node.client();
    client.setToken(member.token);
    return client.createPost({ channel_id: channel.id, message } as never);
  };
  const postedIds = (socket: RawSocket) => socket.events().filter((e) => e.event === 'posted').map((e) => JSON.parse(e.data.post).id as string);

  it('delivers a post created through one node exactly once to WebSocket clients of every node', async () => {
    const onA = await RawSocket.authenticated(a, member.token);
    const onB = await RawSocket.authenticated(b, member.token);
    try {
      const post = await postThrough(a, 'hello from node A');
      await eventually(() => expect(postedIds(onB)).to.include(post.id));
      // Anything A still had to deliver twice (its own event coming back from Redis) would arrive
      // before an event B publishes after that.
      const marker = await postThrough(b, 'hello from node B');
      await eventually(() => expect(postedIds(onA)).to.include(marker.id));
      await eventually(() => expect(postedIds(onB)).to.include(marker.id));
      expect(postedIds(onA)).to.deep.equal([post.id, marker.id]);
      expect(postedIds(onB)).to.deep.equal([post.id, marker.id]);
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });

  it('delivers a channel\'s posts on another node to a user added to it through this one, and stops when removed', async () => {
    const newcomer = await createUser(a, adminA);
    await adminA.addToTeam(team.id, newcomer.user.id);
    const onB = await RawSocket.authenticated(b, newcomer.client.getToken());
    try {
      await adminA.addToChannel(newcomer.user.id, channel.id);
      const seen = await postThrough(a, 'for the newcomer, on node B');
      await eventually(() => expect(postedIds(onB)).to.include(seen.id));
      await adminA.removeFromChannel(newcomer.user.id, channel.id);
      const unseen = await postThrough(a, 'not for the newcomer any more');
      // Node B delivers in order: a later post in a channel the newcomer is in (town-square) comes after it.
      const townSquare = await adminA.getChannelByName(team.id, 'town-square');
      const later = await adminA.createPost({ channel_id: townSquare.id, message: 'later' } as never);
      await eventually(() => expect(postedIds(onB)).to.include(later.id));
      expect(postedIds(onB)).not.to.include(unseen.id);
    } finally {
      await onB.close();
    }
  });

  it('installs and removes a plugin on every node when an admin does it on one', async () => {
    await adminA.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: 'com.example.spread' }))], 'plugin.tar.gz') as never, false);
    await eventually(async () => expect((await adminB.getPlugins()).inactive.map((m) => m.id)).to.include('com.example.spread'));
    await adminA.removePlugin('com.example.spread');
    await eventually(async () => expect((await adminB.getPlugins()).inactive.map((m) => m.id)).not.to.include('com.example.spread'));
  });

  it('gives a node that joins later the plugins installed before it', async () => {
    await adminA.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: 'com.example.early' }))], 'plugin.tar.gz') as never, false);
    const c = await startTestServer({ env, config, databaseUrl: a.databaseUrl });
    try {
      const adminC = c.client();
      adminC.setToken(adminA.getToken());
      expect((await adminC.getPlugins()).inactive.map((m) => m.id)).to.include('com.example.early');
    } finally {
      await c.close();
    }
    await adminA.removePlugin('com.example.early');
  });

  it("delivers a plugin's cluster event to the same plugin on the other nodes only", async () => {
    const bundle = pluginBundle({ id: PLUGIN_ID, server: CLUSTER_PLUGIN, manifest: { permissions: { api: ['cluster'] } } });
    await adminA.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, false);
    await eventually(async () => expect((await adminB.getPlugins()).inactive.map((m) => m.id)).to.include(PLUGIN_ID));
    // Which plugins run is each node's own configuration (PluginSettings.PluginStates).
    await adminA.enablePlugin(PLUGIN_ID);
    await adminB.enablePlugin(PLUGIN_ID);
    const received = async (node: TestServer) => (await fetch(`${node.url}/plugins/${PLUGIN_ID}/received`)).json();

    const sent = await fetch(`${a.url}/plugins/${PLUGIN_ID}/publish`, { method: 'POST', body: 'hello, peers' });
    expect(sent.status).to.equal(200);

    await eventually(async () => expect(await received(b)).to.deep.equal([{ id: 'greeting', data: 'hello, peers' }]));
    expect(await received(a)).to.deep.equal([]);
  });

  it("delivers a plugin's WebSocket event for one connection to that connection on the node holding it, and to no other", async () => {
    const bundle = pluginBundle({ id: WS_PLUGIN_ID, server: WS_PLUGIN, manifest: { permissions: { api: ['websocket'] } } });
    await adminA.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, false);
    await adminA.enablePlugin(WS_PLUGIN_ID);
    const publishThroughA = async (event: string, broadcast: Record<string, string>) => {
      const response = await fetch(`${a.url}/plugins/${WS_PLUGIN_ID}/publish`, { method: 'POST', body: JSON.stringify({ event, broadcast }) });
      expect(response.status).to.equal(200);
    };
    const [onA, onB, alsoOnB] = await Promise.all([RawSocket.authenticated(a, member.token), RawSocket.authenticated(b, member.token), RawSocket.authenticated(b, member.token)]);
    try {
      const target = (await onB.waitForEvent('hello')).data.connection_id as string;
      await publishThroughA('targeted', { connection_id: target, user_id: member.userId });
      // Node B delivers A's events in the order A published them.
      await publishThroughA('marker', { user_id: member.userId });
      const names = (socket: RawSocket) => socket.events().map((e) => e.event);
      await Promise.all([onA, onB, alsoOnB].map((socket) => socket.waitForEvent(`custom_${WS_PLUGIN_ID}_marker`)));
      expect(names(onB)).to.include(`custom_${WS_PLUGIN_ID}_targeted`);
      expect(names(alsoOnB)).not.to.include(`custom_${WS_PLUGIN_ID}_targeted`);
      expect(names(onA)).not.to.include(`custom_${WS_PLUGIN_ID}_targeted`);
    } finally {
      await Promise.all([onA.close(), onB.close(), alsoOnB.close()]);
    }
  });

  it('refuses a session revoked through one node on the other at once, and closes its WebSockets there', async () => {
    const user = await createUser(a, adminA);
    const onB = b.client();
    onB.setToken(user.client.getToken());
    await onB.getMe(); // B now has the session in its cache
    const socketOnB = await RawSocket.authenticated(b, user.client.getToken());
    let closeCode: number | undefined;
    socketOnB.socket.once('close', (code) => (closeCode = code));
    const sessionId = (await user.client.getSessions(user.user.id))[0].id;
    await adminA.revokeSession(user.user.id, sessionId);
    await eventually(() => expectClientError(onB.getMe(), 401), AT_ONCE_MS);
    await eventually(() => expect(closeCode).to.equal(1008), AT_ONCE_MS);
  });

  it('refuses a user deactivated through one node on the other at once', async () => {
    const user = await createUser(a, adminA);
    const onB = await login(b, user.user.username);
    await onB.client.getMe();
    await adminA.updateUserActive(user.user.id, false);
    await eventually(() => expectClientError(onB.client.getMe(), 401), AT_ONCE_MS);
  });

  it('forgets the sessions it cached when it hears the cluster again, so a revocation it missed takes effect', async () => {
    const user = await createUser(a, adminA);
    const onB = b.client();
    onB.setToken(user.client.getToken());
    await onB.getMe(); // B now has the session in its cache
    const sessionId = (await user.client.getSessions(user.user.id))[0].id;
    await redis.pause();
    try {
      // Revoked while B cannot hear A: the message telling B is lost.
      await adminA.revokeSession(user.user.id, sessionId);
    } finally {
      await redis.resume();
    }
    await eventually(() => expect(a.server.cluster.connected && b.server.cluster.connected).to.equal(true), RECONNECT_MS);
    await eventually(() => expectClientError(onB.getMe(), 401), AT_ONCE_MS);
  });

  /** A member of a new private channel whose grants in it node B has cached by reading its posts. */
  async function privateChannelMemberReadingOnB() {
    const user = await createUser(a, adminA);
    await adminA.addToTeam(team.id, user.user.id);
    const privateChannel = await createChannelWith(adminA, team, [user.user.id], 'P');
    const onB = b.client();
    onB.setToken(user.client.getToken());
    await onB.getPosts(privateChannel.id);
    return { user, privateChannel, onB };
  }

  it('refuses a channel read on one node to a member removed through the other at once', async () => {
    const { user, privateChannel, onB } = await privateChannelMemberReadingOnB();
    await adminA.removeFromChannel(user.user.id, privateChannel.id);
    await eventually(() => expectClientError(onB.getPosts(privateChannel.id), 403), AT_ONCE_MS);
  });

  it('forgets the channel grants it cached when it hears the cluster again, so a removal it missed takes effect', async () => {
    const { user, privateChannel, onB } = await privateChannelMemberReadingOnB();
    await redis.pause();
    try {
      // Removed while B cannot hear A: the message telling B is lost.
      await adminA.removeFromChannel(user.user.id, privateChannel.id);
    } finally {
      await redis.resume();
    }
    await eventually(() => expect(a.server.cluster.connected && b.server.cluster.connected).to.equal(true), RECONNECT_MS);
    await eventually(() => expectClientError(onB.getPosts(privateChannel.id), 403), AT_ONCE_MS);
  });

  it('keeps serving its own clients while Redis is down, and rejoins the cluster when it is back', async () => {
    const onA = await RawSocket.authenticated(a, member.token);
    const onB = await RawSocket.authenticated(b, member.token);
    try {
      await redis.pause();
      const local = await postThrough(a, 'while Redis is down');
      await eventually(() => expect(postedIds(onA)).to.include(local.id));

      await redis.resume();
      await eventually(() => expect(a.server.cluster.connected && b.server.cluster.connected).to.equal(true), RECONNECT_MS);
      const after = await postThrough(a, 'Redis is back');
      await eventually(() => expect(postedIds(onB)).to.include(after.id));
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });
});
