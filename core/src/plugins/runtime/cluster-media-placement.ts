// Calls in a cluster (Mattermost Calls' rule: a call is hosted by one node, the others forward to
// it). Each media call is pinned to the node whose plugin created it (media_call_pins); a request
// about it from any other node crosses the peer channel to that node (`media.request`) and its
// outcome comes back (`media.reply`). What the hosting node's service says of its own accord (a
// signal for a session, voice activity) goes to its own plugin, whose WebSocket events reach the
// session's connection on whatever node it is. Each node whose service runs says so every few
// seconds (media_nodes); the calls of a node that left or lapsed are taken over by a live one, whose
// plugin makes them again as after a restart of its own service, and a lapsed node that comes back
// ends its copies of them.
import type { PeerChannel } from '../../cluster/peer-channel.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Logger } from '../../logger.ts';
import type { MediaFailure } from '../../media/media-protocol.ts';
import type { MediaPinRepository } from '../../store/media-pin-repository.ts';
import { InOrder } from './in-order.ts';
import type { MediaCallRequest, MediaHost, MediaPlacement } from './media-placement.ts';

export const MEDIA_REQUEST = 'media.request';
export const MEDIA_REPLY = 'media.reply';

export interface MediaPlacementTimings {
  /** How often a node whose service runs says it is alive, and looks for calls to take over. */
  heartbeatMs: number;
  /** A node not heard from in this long has lapsed: its calls are taken over. */
  lapseMs: number;
  /** A forwarded request not answered in this long fails (its host is gone or cut off). */
  replyTimeoutMs: number;
}

const DEFAULT_TIMINGS: MediaPlacementTimings = { heartbeatMs: 2000, lapseMs: 10_000, replyTimeoutMs: 10_000 };

export interface ClusterMediaPlacementDeps {
  /** This node's id on the peer channel. */
  nodeId: string;
  peers: PeerChannel;
  pins: Pick<MediaPinRepository, 'claim' | 'holder' | 'release' | 'beat' | 'leave' | 'takeOver' | 'disowned'>;
  logger: Logger;
  timings?: Partial<MediaPlacementTimings>;
}

/** A request forwarded to the node hosting its call. */
interface ForwardedRequest {
  to: string;
  from: string;
  id: number;
  request: MediaCallRequest;
}

type Reply = { to: string; id: number; ok: true; result: unknown } | { to: string; id: number; ok: false; error: MediaFailure };

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
}

const notHostedHere = () => new AppError('plugin.media.call.not_hosted_here', 409, 'This node does not host the media call: ask the node it is pinned to.');
const hostUnreachable = (node: string) => new AppError('plugin.media.host_unreachable', 503, `The node hosting the media call (${node}) did not answer. Try again in a moment.`);

export class ClusterMediaPlacement implements MediaPlacement {
  #deps: ClusterMediaPlacementDeps;
  #host: MediaHost;
  #timings: MediaPlacementTimings;
  #order = new InOrder();
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #heartbeat: NodeJS.Timeout | undefined;
  #joined = false;
  #beating: Promise<void> = Promise.resolve();
  #unsubscribe: Array<() => void>;

  constructor(deps: ClusterMediaPlacementDeps, host: MediaHost) {
    this.#deps = deps;
    this.#host = host;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.#unsubscribe = [deps.peers.onPeerMessage(MEDIA_REQUEST, (data) => this.#serve(data)), deps.peers.onPeerMessage(MEDIA_REPLY, (data) => this.#settle(data))];
  }

  run(request: MediaCallRequest): Promise<unknown> {
    const { pins, nodeId } = this.#deps;
    return this.#order.run(request.call, async () => {
      const holder = request.op === 'createCall' ? await pins.claim(request.call, nodeId) : await pins.holder(request.call);
      // A call no node hosts is not in any service: this node's answers that it is not found.
      return { work: holder === null || holder === nodeId ? this.#runHosted(request) : this.#forward(holder, request) };
    });
  }

  async joined(): Promise<void> {
    if (this.#joined) return;
    this.#joined = true;
    // Alive from now on; calls to take over are looked for from the next beat on, not while the
    // plugin that configured the service is still starting.
    await this.#deps.pins.beat(this.#deps.nodeId);
    this.#beatLater();
  }

  async left(): Promise<void> {
    if (!this.#joined) return;
    this.#joined = false;
    clearTimeout(this.#heartbeat);
    // A beat under way would say this node is alive again after it said it left.
    await this.#beating;
    await this.#deps.pins.leave(this.#deps.nodeId).catch((err: Error) => this.#deps.logger.warn('could not tell the cluster this node’s media service stopped', { err: err.message }));
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new AppError('plugin.media.unavailable', 503, 'The media service cannot take the request: the server is stopping.'));
    }
    this.#pending.clear();
    await this.left();
  }

  /** Runs a request for a call this node hosts; an ended call is unpinned. */
  async #runHosted(request: MediaCallRequest): Promise<unknown> {
    try {
      return await this.#host.run(request);
    } finally {
      if (request.op === 'endCall') await this.#deps.pins.release(request.call, this.#deps.nodeId).catch(() => {});
    }
  }

  #forward(node: string, request: MediaCallRequest): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(hostUnreachable(node));
      }, this.#timings.replyTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      const forwarded: ForwardedRequest = { to: node, from: this.#deps.nodeId, id, request };
      this.#deps.peers.sendToPeers({ type: MEDIA_REQUEST, data: { ...forwarded } });
    });
  }

  /** A peer's request: answered only for a call pinned to this node, whatever the peer believes. */
  #serve(data: Record<string, unknown>): void {
    const { nodeId, peers, pins } = this.#deps;
    const { to, from, id } = data;
    if (to !== nodeId || typeof from !== 'string' || typeof id !== 'number') return;
    const reply = (outcome: { ok: true; result: unknown } | { ok: false; error: MediaFailure }) => {
      const message: Reply = { to: from, id, ...outcome };
      peers.sendToPeers({ type: MEDIA_REPLY, data: { ...message } });
    };
    const request = data.request;
    if (!isCallRequest(request)) {
      reply({ ok: false, error: { id: 'plugin.media.request.invalid', status: 400, message: 'The forwarded media request is malformed.' } });
      return;
    }
    this.#order
      .run(request.call, async () => ({ work: (await pins.holder(request.call)) === nodeId ? this.#runHosted(request) : Promise.reject(notHostedHere()) }))
      .then(
        (result) => reply({ ok: true, result: result ?? null }),
        (err: unknown) => reply({ ok: false, error: failureOf(err, this.#deps.logger) }),
      );
  }

  #settle(data: Record<string, unknown>): void {
    if (data.to !== this.#deps.nodeId || typeof data.id !== 'number') return;
    const pending = this.#pending.get(data.id);
    if (!pending) return;
    this.#pending.delete(data.id);
    clearTimeout(pending.timer);
    const reply = data as Reply;
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new AppError(String(reply.error?.id), Number(reply.error?.status) || 500, String(reply.error?.message)));
  }

  /** Says this node is alive, takes over the calls of nodes that are not, and comes again after a while. */
  async #beat(): Promise<void> {
    const { pins, nodeId, logger } = this.#deps;
    try {
      await pins.beat(nodeId);
      const taken = await pins.takeOver(nodeId, this.#timings.lapseMs);
      if (taken.length > 0) {
        logger.info('took over the media calls of a node that left or lapsed', { calls: taken.length });
        // Not awaited: the plugin making the calls again must not hold up this node's next beat.
        void this.#host.takenOver(taken).catch((err: Error) => logger.error('making the media calls taken over failed', { err: err.message }));
      }
      // A node that lapsed (its database was out of reach, say) and is back finds its calls gone to
      // others, whose services carry them now: its own copies end.
      const disowned = await pins.disowned(nodeId, this.#host.hosted());
      if (disowned.length > 0) {
        logger.warn('media calls this node hosted were taken over by another node; ending them here', { calls: disowned.length });
        await this.#host.disowned(disowned);
      }
    } catch (err) {
      logger.warn('the media heartbeat failed; trying again', { err: (err as Error).message });
    }
    this.#beatLater();
  }

  #beatLater(): void {
    if (!this.#joined) return;
    clearTimeout(this.#heartbeat);
    this.#heartbeat = setTimeout(() => (this.#beating = this.#beat()), this.#timings.heartbeatMs);
    this.#heartbeat.unref();
  }
}

const PARTICIPANT_OPS = new Set(['addParticipant', 'removeParticipant', 'signal', 'setMuted']);

/** The shape of a request another node forwards; the media service checks the values themselves. */
function isCallRequest(value: unknown): value is MediaCallRequest {
  if (typeof value !== 'object' || value === null) return false;
  const request = value as Record<string, unknown>;
  if (typeof request.call !== 'string' || request.call.length > 300) return false;
  if (request.op === 'createCall' || request.op === 'endCall') return true;
  if (!PARTICIPANT_OPS.has(String(request.op)) || typeof request.session !== 'string') return false;
  if (request.op === 'setMuted') return typeof request.muted === 'boolean';
  if (request.op === 'signal') return typeof request.signal === 'object' && request.signal !== null;
  return true;
}

/** An AppError keeps its id and status; anything else is logged and told as the host's failure. */
function failureOf(err: unknown, logger: Logger): MediaFailure {
  if (err instanceof AppError) return { id: err.id, status: err.status, message: err.message };
  logger.error('a forwarded media request failed', { err: (err as Error)?.message ?? String(err) });
  return { id: 'plugin.media.host_failed', status: 500, message: 'The node hosting the media call failed to run the request.' };
}
