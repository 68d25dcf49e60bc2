// WebSocket clients for tests: Mattermost's own WebSocketClient (on Node's global WebSocket), and a
// raw socket that records every frame, for tests that need exact control over the wire.
import { expect } from 'chai';
import WebSocket from 'ws';
import { encode } from '@msgpack/msgpack';
import { WebSocketClient } from '@mattermost/client';
import type { TestServer } from './test-server.ts';

export interface WireEvent {
  event: string;
  data: Record<string, any>;
  broadcast: Record<string, any>;
  seq: number;
}

export interface WireResponse {
  status: 'OK' | 'FAIL';
  seq_reply: number;
  data?: Record<string, any>;
  error?: { id: string; message: string; status_code: number };
}

type Frame = Partial<WireEvent> & Partial<WireResponse>;

export function websocketUrl(ts: TestServer, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${ts.url.replace(/^http/, 'ws')}/api/v4/websocket${search ? `?${search}` : ''}`;
}

/** Resolves when `check` passes, polling every `intervalMs`; fails with the last assertion error after `timeoutMs`. */
export async function eventually(check: () => unknown, timeoutMs = 3000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** A socket that keeps every frame it receives, in order. */
export class RawSocket {
  readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  /** Settles when the socket closes, with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  #seq = 0;
  #listeners = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      for (const listener of this.#listeners) listener();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a socket; `headers` may carry an Authorization header or a cookie. */
  static async open(ts: TestServer, options: { query?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<RawSocket> {
    const socket = new WebSocket(websocketUrl(ts, options.query), { headers: options.headers });
    const raw = new RawSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return raw;
  }

  /** Opens a socket and authenticates it with a challenge; resolves once the hello has arrived. */
  static async authenticated(ts: TestServer, token: string, query?: Record<string, string>): Promise<RawSocket> {
    const raw = await RawSocket.open(ts, { query });
    const reply = await raw.request('authentication_challenge', { token });
    expect(reply.status).to.equal('OK');
    await raw.waitFor((f) => f.event === 'hello');
    return raw;
  }

  events(): WireEvent[] {
    return this.frames.filter((f): f is WireEvent => typeof f.event === 'string');
  }

  /** The first frame (received so far or later) that matches. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const found = this.frames.find(match);
        if (!found) return false;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve(found);
        return true;
      };
      const check = () => void look();
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      if (!look()) this.#listeners.add(check);
    });
  }

  waitForEvent(event: string, timeoutMs?: number): Promise<WireEvent> {
    return this.waitFor((f) => f.event === event, timeoutMs) as Promise<WireEvent>;
  }

  /**
   * Sends `{seq, action, data}` with the next seq and resolves with the reply; `binary` sends it as
   * Mattermost's clients send some requests, MessagePack-encoded in a binary frame.
   */
  async request(action: string, data?: unknown, framing: 'json' | 'binary' = 'json'): Promise<WireResponse> {
    const seq = ++this.#seq;
    if (framing === 'binary') this.sendBinary({ seq, action, data });
    else this.send({ seq, action, data });
    return (await this.waitFor((f) => f.seq_reply === seq)) as WireResponse;
  }

  /** A text frame: a string as it is, anything else as JSON. */
  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** A binary frame: bytes as they are, anything else MessagePack-encoded (a Uint8Array inside becomes a bin value). */
  sendBinary(message: unknown): void {
    this.socket.send(message instanceof Uint8Array ? message : encode(message));
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}

/** Mattermost's WebSocketClient recording what it sees; reconnects quickly and without jitter. */
export class RecordingClient {
  readonly client: WebSocketClient;
  readonly events: WireEvent[] = [];
  reconnects = 0;
  missedMessages = 0;

  constructor(options: { headers?: Record<string, string> } = {}) {
    this.client = new WebSocketClient({
      minWebSocketRetryTime: 50,
      reconnectJitterRange: 0,
      newWebSocketFn: (url: string) => new (globalThis.WebSocket as unknown as NodeWebSocket)(url, { headers: options.headers }) as globalThis.WebSocket,
    });
    this.client.addMessageListener((msg) => this.events.push(msg as unknown as WireEvent));
    this.client.addReconnectListener(() => this.reconnects++);
    this.client.addMissedMessageListener(() => this.missedMessages++);
  }

  /** Connects (authenticating with a challenge when `token` is given) and waits for the hello. */
  async connect(ts: TestServer, token?: string): Promise<WireEvent> {
    this.client.initialize(websocketUrl(ts), token);
    let hello: WireEvent | undefined;
    await eventually(() => {
      hello = this.events.find((e) => e.event === 'hello');
      expect(hello, 'hello').to.exist;
    });
    return hello!;
  }

  /** The connection id the client will present when it reconnects. */
  get connectionId(): string {
    return (this.client as unknown as { connectionId: string }).connectionId;
  }

  /** Closes the client's socket as a network drop would; the client then reconnects by itself. */
  dropSocket(): void {
    (this.client as unknown as { conn: globalThis.WebSocket }).conn.close();
  }

  close(): void {
    this.client.close();
  }
}

/** Node's global WebSocket accepts headers as an undici extension the DOM typings do not know. */
type NodeWebSocket = new (url: string, init: { headers?: Record<string, string> }) => unknown;
