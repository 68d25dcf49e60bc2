// Calls in a cluster with real WebRTC peers (werift): two nodes sharing a database and a Redis,
// each with the calls plugin and its own media service, all on loopback. Run only inside a network
// namespace that has nothing but `lo` (calls-cluster.test.ts starts it there).
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../../helpers/chat-fixtures.ts';
import { eventually } from '../../helpers/ws-client.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';
import { CallsSocket, GRACE_SECONDS, patchCallsSettings } from '../../../plugins/calls/test/helpers/calls-server.ts';
import { CallPeer, HEARD } from '../../../plugins/calls/test/helpers/call-peer.ts';
import { CLUSTER_CALLS_CASES, CLUSTER_CALLS_SUITE } from './calls-cluster-cases.ts';

describe(CLUSTER_CALLS_SUITE, function () {
  this.timeout(120_000);
  let redis: TestRedis;
  let sharedFiles: string;
  let a: TestServer;
  let b: TestServer | undefined;
  let admin: LoggedIn;
  let users: LoggedIn[];
  let team: Team;
  const peers: CallPeer[] = [];
  const sockets: CallsSocket[] = [];

  before(async function () {
    this.timeout(180_000);
    redis = await startRedis();
    sharedFiles = await mkdtemp(path.join(tmpdir(), 'parley-test-shared-files-'));
    const env = {
      MM_CLUSTERSETTINGS_ENABLE: 'true',
      MM_CLUSTERSETTINGS_CLUSTERNAME: uniqueName('calls'),
      MM_CLUSTERSETTINGS_REDISURL: redis.url,
      MM_FILESETTINGS_DIRECTORY: sharedFiles,
    };
    a = await startTestServer({ prepackaged: true, env });
    b = await startTestServer({ prepackaged: true, env, databaseUrl: a.databaseUrl });
    admin = await createAdmin(a);
    users = [];
    for (let i = 0; i < 3; i++) users.push(await createUser(a, admin.client));
    team = await createTeamWith(admin.client, users.map((u) => u.user.id));
    // Each node reads its own configuration: both get the calls settings, which enable the plugin.
    // No STUN server (nothing outside can be reached); each node's service binds and announces loopback,
    // each on its own UDP port: a media service takes one port, and two nodes share this one host.
    for (const [index, node] of [a, b].entries()) {
      await patchCallsSettings(node, { DefaultEnabled: true, ReconnectionGracePeriodSeconds: GRACE_SECONDS, ICEServersConfigs: '[]', UDPServerAddress: '127.0.0.1', UDPServerPort: 8443 + index });
    }
    for (const node of [a, b]) await eventually(async () => expect((await node.server.plugins.media.status()).state).to.equal('running'), 60_000, 100);
    // A warm-up call across the nodes, as the single-node media suite makes one: on a loaded machine
    // the first connections of cold media processes (and of this process's werift) can be slow
    // enough for ICE's connectivity checks to give up on them.
    const warmUp = await channel();
    await joinThrough(a, users[0]!, warmUp, 'warm-a')
      .then(async (x) => hearEachOther(x, await joinThrough(b!, users[1]!, warmUp, 'warm-b')))
      .catch(() => {});
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
    if (sharedFiles) await rm(sharedFiles, { recursive: true, force: true });
  });

  /** `user`'s client talking to `node`. */
  const clientOn = (node: TestServer, user: LoggedIn): Client4 => {
    const client = node.client();
    client.setToken(user.client.getToken());
    return client;
  };
  const channel = (): Promise<Channel> => createChannelWith(admin.client, team, users.map((u) => u.user.id));
  /** The node the media of the channel's call is pinned to (the plugin names a media call `<channel id>_<call id>`). */
  async function hostOf(where: Channel): Promise<string | null> {
    const db = new pg.Client({ connectionString: a.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ node_id: string }>(`select node_id from media_call_pins where "call" like $1`, [`com.mattermost.calls ${where.id}_%`]);
      return rows.length === 1 ? rows[0]!.node_id : null;
    } finally {
      await db.end();
    }
  }

  async function joinThrough(node: TestServer, user: LoggedIn, where: Channel, name: string): Promise<CallPeer> {
    const peer = await CallPeer.join(node, clientOn(node, user), where.id, name);
    peers.push(peer);
    peer.socket.send('unmute');
    return peer;
  }

  async function hearEachOther(x: CallPeer, y: CallPeer): Promise<void> {
    await Promise.all([x, y].map((peer) => peer.peer.connected(30_000)));
    const heardBy = (listener: CallPeer, speaker: CallPeer) => listener.peer.packetsFrom(speaker.name);
    const start = { x: heardBy(x, y), y: heardBy(y, x) };
    await eventually(() => {
      expect(heardBy(x, y) - start.x, `${x.name} hears ${y.name}`).to.be.at.least(HEARD);
      expect(heardBy(y, x) - start.y, `${y.name} hears ${x.name}`).to.be.at.least(HEARD);
    }, 30_000, 100);
  }

  it(CLUSTER_CALLS_CASES.twoNodes, async () => {
    const where = await channel();
    const x = await joinThrough(a, users[0]!, where, 'x-on-a');
    const y = await joinThrough(b!, users[1]!, where, 'y-on-b');
    await hearEachOther(x, y);
    expect(await hostOf(where)).to.equal(a.server.cluster.nodeId);
  });

  it(CLUSTER_CALLS_CASES.hostStops, async () => {
    const where = await channel();
    // The call starts on node B (its first session joins there), so its media is B's.
    const starter = await CallsSocket.open(b!, clientOn(b!, users[2]!));
    sockets.push(starter);
    await starter.join(where.id);
    const x = await joinThrough(a, users[0]!, where, 'x-on-a');
    const y = await joinThrough(a, users[1]!, where, 'y-on-a');
    await hearEachOther(x, y);
    expect(await hostOf(where)).to.equal(b!.server.cluster.nodeId);
    const stopping = b!;
    b = undefined;
    sockets.splice(0);
    await stopping.close();
    for (const peer of [x, y]) expect((await peer.socket.waitFor('media_restarted', () => true, 30_000)).data).to.include({ session_id: peer.sessionId });
    await hearEachOther(x, y);
    expect(await hostOf(where)).to.equal(a.server.cluster.nodeId);
  });
});
