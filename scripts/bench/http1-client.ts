// A minimal HTTP/1.1 keep-alive client for the load generator: one request at a time per socket,
// written with one write, the answer read straight from the socket's bytes (status line,
// Content-Length or chunked body). node:http's client and agent cost the generator more CPU per
// request than the server's ping costs the server (measured: 2-3x this client's), and the generator
// shares the machine's two cores with the server it measures. It speaks only what the bench needs:
// no redirects, no 1xx answers (it never sends Expect), no TLS, no pipelining.
import net from 'node:net';

/** How a request ended: an HTTP status, or one of these when no (whole) answer came. */
export const NO_ANSWER = { timedOut: -1, failed: -2 } as const;

export interface Http1Answer {
  status: number;
  /** The body as text, when the caller's `keep` asked for it. */
  body: string | null;
}

interface PendingRequest {
  head: string;
  body: Buffer | string | undefined;
  /** Whether the body of an answer with this status is wanted. */
  keep: (status: number) => boolean;
  done: (answer: Http1Answer) => void;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const NO_BODY = /^(1\d\d|204|304)$/;

/** One keep-alive connection and the answer it is reading. */
class Connection {
  readonly socket: net.Socket;
  request: PendingRequest | null = null;
  startedAt = 0;
  idleSince = performance.now();
  #chunks: Buffer[] = [];
  #buffered = 0;
  #status = 0;
  /** The body's length (Content-Length) when it is not chunked. */
  #remaining = 0;
  #chunked = false;
  #closeAfter = false;
  #onFree: (connection: Connection) => void;
  #onGone: (connection: Connection) => void;

  constructor(host: string, port: number, onFree: (c: Connection) => void, onGone: (c: Connection) => void) {
    this.#onFree = onFree;
    this.#onGone = onGone;
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (data: Buffer) => this.#read(data));
    this.socket.on('error', () => {}); // 'close' follows and ends the request
    this.socket.on('close', () => {
      this.#finish({ status: NO_ANSWER.failed, body: null });
      this.#onGone(this);
    });
  }

  send(request: PendingRequest): void {
    this.request = request;
    this.startedAt = performance.now();
    this.#chunks = [];
    this.#buffered = 0;
    this.#status = 0;
    if (request.body === undefined) this.socket.write(request.head);
    else {
      this.socket.cork();
      this.socket.write(request.head);
      this.socket.write(request.body);
      this.socket.uncork();
    }
  }

  /** Ends the request in flight with `answer`, and the socket with it unless the answer was whole. */
  abort(status: number): void {
    this.#finish({ status, body: null });
    this.socket.destroy();
  }

  #read(data: Buffer): void {
    if (!this.request) {
      this.socket.destroy(); // bytes nobody asked for: the stream is out of step
      return;
    }
    this.#chunks.push(data);
    this.#buffered += data.length;
    if (this.#status === 0 && !this.#readHead()) return;
    const body = this.#chunked ? this.#chunkedBody() : this.#buffered >= this.#remaining ? this.#take(this.#remaining) : null;
    if (!body) return;
    const request = this.request;
    const keep = request.keep(this.#status);
    this.#finish({ status: this.#status, body: keep ? body.toString('utf8') : null });
    if (this.#closeAfter) this.socket.destroy();
    else {
      this.idleSince = performance.now();
      this.#onFree(this);
    }
  }

  /** Reads the status line and headers once they are all in; false while they are not. */
  #readHead(): boolean {
    const all = this.#joined();
    const end = all.indexOf(HEAD_END);
    if (end < 0) return false;
    const head = all.toString('latin1', 0, end).toLowerCase();
    this.#status = Number(head.slice(9, 12));
    this.#closeAfter = head.includes('\r\nconnection: close');
    this.#chunked = head.includes('\r\ntransfer-encoding: chunked');
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    const bodiless = NO_BODY.test(String(this.#status));
    this.#remaining = bodiless || this.#chunked || !length ? 0 : Number(length[1]);
    // A body that runs to the end of the connection (neither length nor chunks; Node's servers never
    // answer so on a keep-alive request) is not read: the answer counts, the socket is dropped.
    if (!bodiless && !this.#chunked && !length) this.#closeAfter = true;
    this.#chunks = [all.subarray(end + HEAD_END.length)];
    this.#buffered = this.#chunks[0].length;
    return true;
  }

  /** The whole chunked body once its last chunk is in, else null (parsed again from the start: bench answers are small). */
  #chunkedBody(): Buffer | null {
    const all = this.#joined();
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = all.indexOf(CRLF, at);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(all.toString('latin1', at, lineEnd), 16);
      if (!Number.isFinite(size)) {
        this.#closeAfter = true;
        return Buffer.alloc(0);
      }
      if (size === 0) {
        // Trailers, if any, end with an empty line.
        return all.indexOf(HEAD_END, lineEnd) >= 0 || all.length >= lineEnd + 4 ? Buffer.concat(parts) : null;
      }
      const start = lineEnd + 2;
      if (all.length < start + size + 2) return null;
      parts.push(all.subarray(start, start + size));
      at = start + size + 2;
    }
  }

  #take(length: number): Buffer {
    return this.#joined().subarray(0, length);
  }

  #joined(): Buffer {
    if (this.#chunks.length !== 1) this.#chunks = [Buffer.concat(this.#chunks, this.#buffered)];
    return this.#chunks[0];
  }

  #finish(answer: Http1Answer): void {
    const request = this.request;
    if (!request) return;
    this.request = null;
    this.#chunks = [];
    this.#buffered = 0;
    request.done(answer);
  }
}

/** Keep-alive connections to one server, at most `maxSockets` at once; requests beyond wait their turn. */
export class Http1Pool {
  #host: string;
  #port: number;
  #maxSockets: number;
  #timeoutMs: number;
  #idle: Connection[] = [];
  #busy = new Set<Connection>();
  #waiting: PendingRequest[] = [];
  #waitingHead = 0;
  #sweeper: NodeJS.Timeout;
  #closed = false;

  constructor(options: { host: string; port: number; maxSockets: number; timeoutMs: number; idleMs: number }) {
    this.#host = options.host;
    this.#port = options.port;
    this.#maxSockets = options.maxSockets;
    this.#timeoutMs = options.timeoutMs;
    // One timer for all requests: a timer per request would cost as much as the request.
    this.#sweeper = setInterval(() => this.#sweep(options.idleMs), Math.min(1000, options.timeoutMs / 4));
    this.#sweeper.unref();
  }

  /** Sends `head` (the request line and headers, ending with an empty line) and `body`. */
  request(head: string, body: Buffer | string | undefined, keep: (status: number) => boolean, done: (answer: Http1Answer) => void): void {
    if (this.#closed) {
      done({ status: NO_ANSWER.failed, body: null });
      return;
    }
    const request = { head, body, keep, done };
    const connection = this.#idle.pop() ?? (this.#busy.size < this.#maxSockets ? this.#connect() : undefined);
    if (!connection) {
      this.#waiting.push(request);
      return;
    }
    this.#busy.add(connection);
    connection.send(request);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#sweeper);
    for (const connection of [...this.#idle, ...this.#busy]) connection.abort(NO_ANSWER.failed);
    for (const request of this.#waiting.splice(this.#waitingHead)) request.done({ status: NO_ANSWER.failed, body: null });
  }

  #connect(): Connection {
    return new Connection(this.#host, this.#port, (c) => this.#free(c), (c) => this.#gone(c));
  }

  #free(connection: Connection): void {
    const next = this.#nextWaiting();
    if (next) connection.send(next);
    else {
      this.#busy.delete(connection);
      this.#idle.push(connection);
    }
  }

  #gone(connection: Connection): void {
    this.#busy.delete(connection);
    const idle = this.#idle.indexOf(connection);
    if (idle >= 0) this.#idle.splice(idle, 1);
    if (this.#closed) return;
    const next = this.#nextWaiting();
    if (next) this.request(next.head, next.body, next.keep, next.done);
  }

  #nextWaiting(): PendingRequest | undefined {
    if (this.#waitingHead >= this.#waiting.length) return undefined;
    const next = this.#waiting[this.#waitingHead++];
    if (this.#waitingHead > 1024 && this.#waitingHead * 2 > this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#waitingHead);
      this.#waitingHead = 0;
    }
    return next;
  }

  /** Times out requests that waited too long for their answer, and closes sockets idle for `idleMs`. */
  #sweep(idleMs: number): void {
    const now = performance.now();
    for (const connection of [...this.#busy]) if (connection.request && now - connection.startedAt > this.#timeoutMs) connection.abort(NO_ANSWER.timedOut);
    for (const connection of [...this.#idle]) if (now - connection.idleSince > idleMs) connection.socket.destroy();
  }
}
