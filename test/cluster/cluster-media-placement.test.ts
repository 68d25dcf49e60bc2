// Calls in a cluster, at the placement: which node's media service runs each call, requests
// forwarded over the peer channel to it, and calls taken over from nodes that leave or lapse — with
// a real Redis and PostgreSQL, and each node's media service stood in for by a recorder.
import { expect } from 'chai';
import { AppError } from '../../core/src/errors/app-error.ts';
import { RedisEventBus } from '../../core/src/cluster/redis-event-bus.ts';
import { silentLogger } from '../../core/src/logger.ts';
import { Store } from '../../core/src/store/store.ts';
import { ClusterMediaPlacement, MEDIA_REPLY, MEDIA_REQUEST, type MediaPlacementTimings } from '../../core/src/plugins/runtime/cluster-media-placement.ts';
import type { MediaCallRequest, MediaHost } from '../../core/src/plugins/runtime/media-placement.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { uniqueName } from '../helpers/fixtures.ts';
import { eventually } from '../helpers/ws-client.ts';

/** A node's media service as the placement sees it: what it was asked to run, what it took over and gave up. */
class RecordingHost implements MediaHost {
  readonly ran: MediaCallRequest[] = [];
  readonly taken: string[] = [];
  readonly ended: string[] = [];
  #calls = new Set<string>();
  /** What the service answers a request for this call with instead of running it. */
  readonly refusals = new Map<string, AppError>();

  async run(request: MediaCallRequest): Promise<unknown> {
    const refusal = this.refusals.get(request.call);
    if (refusal) throw refusal;
    this.ran.push(request);
    if (request.op === 'createCall') this.#calls.add(request.call);
    if (request.op === 'endCall') this.#calls.delete(request.call);
    return null;
  }

  async takenOver(calls: string[]): Promise<void> {
    this.taken.push(...calls);
  }

  hosted(): string[] {
    return [...this.#calls];
  }

  async disowned(calls: string[]): Promise<void> {
    for (const call of calls) this.#calls.delete(call);
    this.ended.push(...calls);
  }
}

interface Node {
  bus: RedisEventBus;
  host: RecordingHost;
  placement: ClusterMediaPlacement;
}

const FAST: Partial<MediaPlacementTimings> = { heartbeatMs: 100, lapseMs: 600, replyTimeoutMs: 1500 };

describe('media calls in a cluster (placement)', () => {
  let redis: TestRedis;
  let databaseUrl: string;
  let store: Store;
  let clusterName: string;
  const nodes: Node[] = [];

  const bus = () => new RedisEventBus({ url: redis.url, clusterName, logger: silentLogger() });
  async function node(): Promise<Node> {
    const nodeBus = bus();
    await nodeBus.ready();
    const host = new RecordingHost();
    const placement = new ClusterMediaPlacement({ nodeId: nodeBus.nodeId, peers: nodeBus, pins: store.mediaPins, logger: silentLogger(), timings: FAST }, host);
    await placement.joined();
    const made = { bus: nodeBus, host, placement };
    nodes.push(made);
    return made;
  }
  const call = () => `com.mattermost.calls ${uniqueName('call')}`;

  before(async () => {
    redis = await startRedis();
  });
  // Each test is a cluster of its own: its own channel and database, so no pin outlives it.
  beforeEach(async () => {
    clusterName = uniqueName('media');
    databaseUrl = await freshDatabase();
    store = await Store.open({ url: databaseUrl, maxConnections: 5 });
  });
  afterEach(async () => {
    for (const { placement, bus: nodeBus } of nodes.splice(0)) {
      await placement.close();
      await nodeBus.close();
    }
    await store.close();
    await dropDatabase(databaseUrl);
  });
  after(async () => {
    await redis?.stop();
  });

  it('runs a call on the node that created it, the other node’s requests for it included', async () => {
    const a = await node();
    const b = await node();
    const key = call();
    await a.placement.run({ op: 'createCall', call: key });
    await b.placement.run({ op: 'addParticipant', call: key, session: 'on-b' });
    await b.placement.run({ op: 'signal', call: key, session: 'on-b', signal: { candidateJson: '{}' } });
    expect(await store.mediaPins.holder(key)).to.equal(a.bus.nodeId);
    expect(a.host.ran.map((request) => request.op)).to.deep.equal(['createCall', 'addParticipant', 'signal']);
    expect(b.host.ran).to.deep.equal([]);
  });

  it('keeps the order in which one node sends a call’s requests', async () => {
    const a = await node();
    const b = await node();
    const key = call();
    await a.placement.run({ op: 'createCall', call: key });
    const sessions = Array.from({ length: 20 }, (_, i) => `s${i}`);
    await Promise.all(sessions.map((session) => b.placement.run({ op: 'addParticipant', call: key, session })));
    expect(a.host.ran.slice(1).map((request) => (request as { session: string }).session)).to.deep.equal(sessions);
  });

  it('answers a forwarded request with the hosting service’s refusal, its id and status kept', async () => {
    const a = await node();
    const b = await node();
    const key = call();
    await a.placement.run({ op: 'createCall', call: key });
    a.host.refusals.set(key, new AppError('plugin.media.participant.exists', 409, 'The participant is in the media call already.'));
    const refused = await b.placement.run({ op: 'addParticipant', call: key, session: 'again' }).catch((err: AppError) => err);
    expect(refused).to.be.instanceOf(AppError).and.include({ id: 'plugin.media.participant.exists', status: 409 });
  });

  it('unpins a call once ended, from whichever node', async () => {
    const a = await node();
    const b = await node();
    const key = call();
    await a.placement.run({ op: 'createCall', call: key });
    await b.placement.run({ op: 'endCall', call: key });
    expect(await store.mediaPins.holder(key)).to.equal(null);
    expect(a.host.ran.map((request) => request.op)).to.deep.equal(['createCall', 'endCall']);
  });

  it('refuses a peer’s request for a call not pinned to the receiving node, running nothing', async () => {
    const a = await node();
    const b = await node();
    const key = call();
    await a.placement.run({ op: 'createCall', call: key });
    // A node that believes (or claims) B hosts the call.
    const intruder = bus();
    try {
      await intruder.ready();
      const replies: Record<string, unknown>[] = [];
      intruder.onPeerMessage(MEDIA_REPLY, (data) => replies.push(data));
      const forged = (id: number, request: unknown) => intruder.sendToPeers({ type: MEDIA_REQUEST, data: { to: b.bus.nodeId, from: intruder.nodeId, id, request } });
      forged(1, { op: 'addParticipant', call: key, session: 'forged' });
      forged(2, { op: 'endCall', call: call() });
      forged(3, { op: 'shutdown', call: key });
      await eventually(() => expect(replies).to.have.length(3));
      const byId = new Map(replies.map((reply) => [reply.id, reply]));
      expect(byId.get(1)).to.deep.include({ to: intruder.nodeId, ok: false });
      expect((byId.get(1)!.error as { id: string }).id).to.equal('plugin.media.call.not_hosted_here');
      expect((byId.get(2)!.error as { id: string }).id).to.equal('plugin.media.call.not_hosted_here');
      expect((byId.get(3)!.error as { id: string; status: number })).to.include({ id: 'plugin.media.request.invalid', status: 400 });
      expect(b.host.ran).to.deep.equal([]);
      expect(a.host.ran.map((request) => request.op)).to.deep.equal(['createCall']);
    } finally {
      await intruder.close();
    }
  });

  it('fails a request whose hosting node does not answer, saying so', async () => {
    const b = await node();
    const key = call();
    // Pinned to a node that says it is alive but hears nothing.
    await store.mediaPins.beat('silent-node');
    await store.mediaPins.claim(key, 'silent-node');
    const refused = await b.placement.run({ op: 'setMuted', call: key, session: 's', muted: true }).catch((err: AppError) => err);
    expect(refused).to.be.instanceOf(AppError).and.include({ id: 'plugin.media.host_unreachable', status: 503 });
  });

  it('hands the calls of a node that left to a live node, which makes them again and hosts them from then on', async () => {
    const a = await node();
    const b = await node();
    const key = call();
    await a.placement.run({ op: 'createCall', call: key });
    await a.placement.left();
    await eventually(() => expect(b.host.taken).to.deep.equal([key]));
    expect(await store.mediaPins.holder(key)).to.equal(b.bus.nodeId);
    await a.placement.run({ op: 'addParticipant', call: key, session: 'after' });
    expect(b.host.ran).to.deep.equal([{ op: 'addParticipant', call: key, session: 'after' }]);
  });

  it('ends, on a node that lapsed and is back, the calls another node took over meanwhile, keeping its others', async () => {
    const a = await node();
    const taken = call();
    await a.placement.run({ op: 'createCall', call: taken });
    // A stops beating (as if its database were out of reach) and B takes its call over.
    await a.placement.left();
    const b = await node();
    await eventually(() => expect(b.host.taken).to.deep.equal([taken]));
    await a.placement.joined();
    const kept = call();
    await a.placement.run({ op: 'createCall', call: kept });
    await eventually(() => expect(a.host.ended).to.deep.equal([taken]));
    expect(a.host.hosted()).to.deep.equal([kept]);
    expect(await store.mediaPins.holder(taken)).to.equal(b.bus.nodeId);
  });

  it('hands the calls of a node whose heartbeat lapsed to one live node only', async () => {
    const keys = [call(), call(), call()];
    await store.mediaPins.beat('lapsing-node');
    for (const key of keys) await store.mediaPins.claim(key, 'lapsing-node');
    const a = await node();
    const b = await node();
    await eventually(() => expect([...a.host.taken, ...b.host.taken].sort()).to.deep.equal([...keys].sort()), 5000);
    // Each call went to one node, and it holds the pin.
    for (const key of keys) expect(await store.mediaPins.holder(key)).to.equal(a.host.taken.includes(key) ? a.bus.nodeId : b.bus.nodeId);
  });
});
