// The call's own WebSocket, which survives a dropped connection as Mattermost Calls' client does: it
// opens again and asks the server to resume the connection (`connection_id` + `sequence_number`, so
// the events sent meanwhile — the media service's signals among them — are replayed), and tells its
// owner once the socket is bound to a connection again, under the same id or, when the server could
// not resume it (a restart), a new one. A ping every few seconds finds a socket that died without
// closing (a network blip the browser does not notice). It retries until its owner closes it: the
// owner decides how long a call may wait.
import { encode } from '@msgpack/msgpack';

/** Mattermost Calls' client pings every 5 s and counts an unanswered ping as a dropped connection. */
const PING_INTERVAL_MS = 5_000;
/** The first retry is quick (the server keeps the session only for its grace period); later ones back off. */
const FIRST_RETRY_MS = 100;
const RETRY_STEP_MS = 500;
const MAX_RETRY_MS = 3_000;
/** A socket opened but not bound yet (the server is still authenticating it) is asked again this soon. */
const BIND_CHECK_MS = 100;

export interface CallSocketHandlers {
  /** A server event (hello included), in the order they came. */
  onEvent(event: string, data: Record<string, unknown>): void;
  /** The first connection is ready: its id is the call session's. */
  onOpen(connectionId: string): void;
  /** The socket went away; it is being opened again (before its first connection too: the owner may give up). */
  onDropped(): void;
  /** Bound to a connection again after a drop: `connectionId` now, `previousId` before (the same when resumed). */
  onReconnected(connectionId: string, previousId: string): void;
}

interface ServerFrame {
  event?: string;
  seq?: number;
  seq_reply?: number;
  status?: string;
  data?: Record<string, unknown>;
}

export class CallSocket {
  #url: string;
  #handlers: CallSocketHandlers;
  #socket: WebSocket | undefined;
  #seq = 1;
  /** The sequence number of the next event the server will send: what a resume asks for. */
  #serverSeq = 0;
  #connectionId = '';
  /** The connection id before the drop being recovered from, '' while no drop is. */
  #droppedFrom = '';
  /** Whether the current socket is bound to a connection (a hello came, or a ping was answered). */
  #bound = false;
  /** The seq of the ping awaiting its answer, 0 when none is. */
  #pingSeq = 0;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = FIRST_RETRY_MS;
  #closed = false;

  constructor(url: string, handlers: CallSocketHandlers) {
    this.#url = url;
    this.#handlers = handlers;
    this.#open();
  }

  /** The id of the connection the socket is on now. */
  get connectionId(): string {
    return this.#connectionId;
  }

  get isOpen(): boolean {
    return this.#bound && this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a request; a binary frame is MessagePack, as Mattermost's clients send the SDP. Nothing is sent while the socket is down. */
  send(action: string, data: Record<string, unknown>, binary = false): void {
    if (!this.isOpen) return;
    const frame = { seq: this.#seq++, action, data };
    this.#socket!.send(binary ? encode(frame) : JSON.stringify(frame));
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#socket?.close();
  }

  #open(): void {
    const resume = this.#connectionId ? `?connection_id=${this.#connectionId}&sequence_number=${this.#serverSeq}` : '';
    const socket = new WebSocket(`${this.#url}${resume}`);
    this.#socket = socket;
    this.#bound = false;
    socket.addEventListener('open', () => {
      // A resumed connection gets no hello: the answer to a ping says it is bound.
      if (this.#droppedFrom) this.#ping();
    });
    socket.addEventListener('message', (message) => {
      if (this.#socket === socket && typeof message.data === 'string') this.#receive(JSON.parse(message.data) as ServerFrame);
    });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#dropped();
    });
  }

  #receive(frame: ServerFrame): void {
    if (frame.seq_reply !== undefined) {
      if (frame.seq_reply === this.#pingSeq) this.#pong(frame.status === 'OK');
      return;
    }
    if (!frame.event) return;
    if (typeof frame.seq === 'number') this.#serverSeq = frame.seq + 1;
    const data = frame.data ?? {};
    if (frame.event === 'hello') this.#bind(String(data.connection_id ?? ''));
    this.#handlers.onEvent(frame.event, data);
  }

  #pong(ok: boolean): void {
    this.#pingSeq = 0;
    if (ok) this.#bind(this.#connectionId);
    // Refused: the server has not finished authenticating this socket yet (its hello or resume is on the way).
    else if (!this.#bound) this.#retryTimer = setTimeout(() => this.#ping(), BIND_CHECK_MS);
  }

  /** The socket is on connection `connectionId` (a hello named it, or the resumed one answered). */
  #bind(connectionId: string): void {
    if (this.#bound && connectionId === this.#connectionId) return;
    this.#bound = true;
    this.#connectionId = connectionId;
    clearTimeout(this.#retryTimer);
    this.#retryDelay = FIRST_RETRY_MS;
    this.#startPinging();
    const previous = this.#droppedFrom;
    this.#droppedFrom = '';
    if (previous) this.#handlers.onReconnected(connectionId, previous);
    else this.#handlers.onOpen(connectionId);
  }

  #ping(): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#pingSeq = this.#seq++;
    this.#socket.send(JSON.stringify({ seq: this.#pingSeq, action: 'ping', data: {} }));
  }

  #startPinging(): void {
    clearInterval(this.#pingTimer);
    this.#pingTimer = setInterval(() => {
      if (this.#pingSeq === 0) return this.#ping();
      // The last ping is still unanswered: the connection is gone even if the browser has not said so
      // (and its closing handshake could take long to fail), so it is given up at once.
      const dead = this.#socket;
      this.#socket = undefined;
      dead?.close();
      this.#dropped();
    }, PING_INTERVAL_MS);
  }

  #dropped(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#retryTimer);
    this.#pingSeq = 0;
    if (this.#closed) return;
    const wasBound = this.#bound;
    this.#bound = false;
    // Told once per drop: when a bound socket goes, or when the first one never got a connection.
    if ((wasBound && !this.#droppedFrom) || !this.#connectionId) {
      this.#droppedFrom = this.#connectionId;
      this.#handlers.onDropped();
    }
    this.#retryTimer = setTimeout(() => this.#open(), this.#retryDelay);
    this.#retryDelay = Math.min(this.#retryDelay + RETRY_STEP_MS, MAX_RETRY_MS);
  }
}
