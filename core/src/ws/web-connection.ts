// One client's logical WebSocket connection: its id, user and session, the per-connection event
// sequence and the frames kept for a resume. It outlives its socket for a while after a drop, so
// a client that reconnects with connection_id + sequence_number loses nothing.
import WebSocket from 'ws';
import type { AuthSession } from '../app/auth-session.ts';
import { DeadQueue } from './dead-queue.ts';
import type { FrameFor } from './envelope.ts';

/** Events a slow client can do without (Mattermost drops the same ones when its queue is half full). */
const DROPPABLE_EVENTS = new Set(['typing', 'status_change', 'multiple_channels_viewed']);

/** Close code for a client that cannot keep up; it may reconnect and resume. */
export const CLOSE_SEND_QUEUE_FULL = 1013;

export interface ConnectionOptions {
  /** Frames written but not yet flushed to the network before the socket is dropped. */
  sendQueueSize: number;
  /** Frames kept for a resume (ServiceSettings.WebsocketReplayWindow). */
  replayWindow: number;
}

export class WebConnection {
  id: string;
  readonly userId: string;
  session: AuthSession;
  /** Kept to check the session again while the socket stays open. */
  token: string;
  /** When the session was last found valid (ms). */
  sessionCheckedAt = Date.now();
  /** When the socket went away (ms); 0 while connected. */
  disconnectedAt = 0;
  #socket: WebSocket | null = null;
  /**
   * Frames written since the socket last had nothing waiting to be sent: the send queue. Counted
   * without a callback per frame (a completion callback on every write costs more CPU than the
   * write itself when a post goes to thousands of sockets); the count starts again whenever the
   * socket has flushed everything, so it only grows while the client is not keeping up.
   */
  #inFlight = 0;
  #sent: DeadQueue;
  #sendQueueSize: number;

  constructor(id: string, session: AuthSession, token: string, options: ConnectionOptions) {
    this.id = id;
    this.userId = session.userId;
    this.session = session;
    this.token = token;
    this.#sent = new DeadQueue(options.replayWindow);
    this.#sendQueueSize = options.sendQueueSize;
  }

  get socket(): WebSocket | null {
    return this.#socket;
  }

  attach(socket: WebSocket): void {
    this.#socket = socket;
    this.#inFlight = 0;
    this.disconnectedAt = 0;
  }

  detach(): void {
    this.#socket = null;
    this.disconnectedAt = Date.now();
  }

  /**
   * Gives an event the next sequence number, keeps it for a resume and writes it. While the socket
   * is gone or its queue is half full, events that are stale by the time anyone could read them are
   * dropped instead, without using a sequence number.
   */
  sendEvent(event: string, frameFor: FrameFor): void {
    if (DROPPABLE_EVENTS.has(event) && (!this.#socket || this.#queued(this.#socket) >= this.#sendQueueSize / 2)) return;
    this.#write(frameFor(this.#sent.push(frameFor)));
  }

  /** A reply to a client request: not sequenced and not replayed. */
  sendResponse(frame: string): void {
    this.#write(frame);
  }

  /** Re-sends everything from `seq` on; false when part of it is no longer held. */
  replayFrom(seq: number): boolean {
    const frames = this.#sent.since(seq);
    if (!frames) return false;
    for (const frame of frames) this.#write(frame);
    return true;
  }

  /** Starts over under a new id at sequence 0 (the client lost events and must refetch). */
  restart(id: string): void {
    this.id = id;
    this.#sent.reset();
  }

  #write(frame: string): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (this.#queued(socket) >= this.#sendQueueSize) {
      socket.close(CLOSE_SEND_QUEUE_FULL, 'send queue full');
      return;
    }
    this.#inFlight++;
    socket.send(frame);
  }

  #queued(socket: WebSocket): number {
    if (socket.bufferedAmount === 0) this.#inFlight = 0;
    return this.#inFlight;
  }
}
