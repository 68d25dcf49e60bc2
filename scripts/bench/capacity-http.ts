// The load generator's HTTP side: keep-alive connections with a bounded pool per server node
// (http1-client.ts: lighter per request than node:http's client, which matters when the generator
// shares two cores with the server), timing each request from send to the last byte of its answer.
// With several server nodes each request names the node its user is pinned to, as a load balancer
// with sticky sessions would.
import { Http1Pool, NO_ANSWER } from './http1-client.ts';
import { CONNECTION_FAILED, TIMED_OUT, type RequestRecorder } from './capacity-requests.ts';

/** An answer that took longer counts as a timeout (a failure for the health rule). */
export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_SOCKETS = 256;
/** Idle sockets are closed after this, well before the server's keep-alive timeout (65 s). */
const IDLE_SOCKET_MS = 30_000;
const PING = { route: 'GET /system/ping', path: '/api/v4/system/ping' };

export interface Reply {
  /** The HTTP status; 0 when nothing was sent (the phase is over) or no answer came. */
  status: number;
  /** The body, when it was asked for and the request succeeded. */
  body: string | null;
}

const UNSENT: Reply = { status: 0, body: null };

export interface Payload {
  type: string;
  data: string | Buffer;
}

export class HttpLoad {
  /** One pool per node, by node number, and each node's Host header. */
  #pools: Http1Pool[];
  #hosts: string[];
  /** Where outcomes go; null while the users are being brought online (not measured). */
  recorder: RequestRecorder | null = null;
  /** The baseline: every request becomes GET /system/ping, so only the transport is measured. */
  pingOnly = false;
  /** Between phases nothing is sent: requests resolve at once with status 0. */
  open = true;

  constructor(nodeUrls: readonly string[]) {
    const nodes = nodeUrls.map((baseUrl) => new URL(baseUrl));
    this.#hosts = nodes.map((url) => url.host);
    this.#pools = nodes.map((url) => new Http1Pool({ host: url.hostname, port: Number(url.port), maxSockets: MAX_SOCKETS, timeoutMs: REQUEST_TIMEOUT_MS, idleMs: IDLE_SOCKET_MS }));
  }

  json(node: number, route: string, method: string, path: string, auth: string, value?: unknown, read = false): Promise<Reply> {
    return this.send(node, route, method, path, auth, value === undefined ? undefined : { type: 'application/json', data: JSON.stringify(value) }, read);
  }

  /** Sends `method /api/v4{path}` to node `node` with the caller's `Authorization` header value. */
  send(node: number, route: string, method: string, path: string, auth: string, payload?: Payload, read = false): Promise<Reply> {
    if (!this.open) return Promise.resolve(UNSENT);
    let target = `/api/v4${path}`;
    if (this.pingOnly) {
      route = PING.route;
      method = 'GET';
      target = PING.path;
      payload = undefined;
      read = false;
    }
    let head = `${method} ${target} HTTP/1.1\r\nHost: ${this.#hosts[node]}\r\nAuthorization: ${auth}\r\n`;
    if (payload) head += `Content-Type: ${payload.type}\r\nContent-Length: ${Buffer.byteLength(payload.data)}\r\n`;
    else if (method !== 'GET') head += 'Content-Length: 0\r\n';
    head += '\r\n';
    const recorder = this.recorder;
    const started = performance.now();
    return new Promise((resolve) => {
      // A refusal's body is read too: its error id tells what the load model got wrong.
      const keep = (status: number) => (read && status < 300) || (status >= 400 && status < 500);
      this.#pools[node].request(head, payload?.data, keep, ({ status, body }) => {
        const outcome = status === NO_ANSWER.timedOut ? TIMED_OUT : status === NO_ANSWER.failed ? CONNECTION_FAILED : status;
        const refused = outcome >= 400 && outcome < 500;
        recorder?.record(route, performance.now() - started, outcome, refused ? (body ?? '') : '');
        resolve(outcome > 0 ? { status: outcome, body: refused ? null : body } : UNSENT);
      });
    });
  }

  close(): void {
    for (const pool of this.#pools) pool.close();
  }
}
