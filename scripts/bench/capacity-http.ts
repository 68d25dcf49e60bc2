// The load generator's HTTP side: node:http over one keep-alive agent with a bounded socket pool
// (lighter per request than fetch, which matters when the generator shares two cores with the
// server), timing each request from send to the last byte of its answer. With several server nodes
// each request names the node its user is pinned to, as a load balancer with sticky sessions would.
import http from 'node:http';
import { CONNECTION_FAILED, TIMED_OUT, type RequestRecorder } from './capacity-requests.ts';

/** An answer that took longer counts as a timeout (a failure for the health rule). */
export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_SOCKETS = 256;
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
  #agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  /** Each node's address, by node number. */
  #nodes: { host: string; port: number }[];
  /** Where outcomes go; null while the users are being brought online (not measured). */
  recorder: RequestRecorder | null = null;
  /** The baseline: every request becomes GET /system/ping, so only the transport is measured. */
  pingOnly = false;
  /** Between phases nothing is sent: requests resolve at once with status 0. */
  open = true;

  constructor(nodeUrls: readonly string[]) {
    this.#nodes = nodeUrls.map((baseUrl) => {
      const url = new URL(baseUrl);
      return { host: url.hostname, port: Number(url.port) };
    });
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
    const headers: http.OutgoingHttpHeaders = { Authorization: auth };
    if (payload) {
      headers['Content-Type'] = payload.type;
      headers['Content-Length'] = Buffer.byteLength(payload.data);
    }
    const recorder = this.recorder;
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (status: number, body: string | null) => {
        if (settled) return;
        settled = true;
        const refused = status >= 400 && status < 500;
        recorder?.record(route, performance.now() - started, status, refused ? (body ?? '') : '');
        resolve(status > 0 ? { status, body: refused ? null : body } : UNSENT);
      };
      let timedOut = false;
      const req = http.request(
        { agent: this.#agent, ...this.#nodes[node], method, path: target, headers, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const status = res.statusCode ?? 0;
          // A refusal's body is read too: its error id tells what the load model got wrong.
          const keep = (read && status < 300) || (status >= 400 && status < 500);
          let body = '';
          if (keep) res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          else res.resume();
          res.once('end', () => settle(status, keep ? body : null));
          res.once('error', () => settle(timedOut ? TIMED_OUT : CONNECTION_FAILED, null));
        },
      );
      req.once('timeout', () => {
        timedOut = true;
        req.destroy();
      });
      req.once('error', () => settle(timedOut ? TIMED_OUT : CONNECTION_FAILED, null));
      req.end(payload?.data);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
