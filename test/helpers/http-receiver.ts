// A real HTTP server on loopback standing in for an integration (a slash command's or an outgoing
// webhook's endpoint): it records every request and answers as the test says.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ReceiverAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Responder = (request: ReceivedRequest) => ReceiverAnswer | Promise<ReceiverAnswer>;

export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly url: string;
  #server: Server;
  #respond: Responder = () => ({ status: 200, body: '' });

  private constructor(server: Server) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Listens on 127.0.0.1 on a free port; answers 200 with an empty body until told otherwise. */
  static async start(): Promise<HttpReceiver> {
    let receiver: HttpReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        receiver!.requests.push(request);
        const answer = await receiver!.#respond(request);
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new HttpReceiver(server);
    return receiver;
  }

  /** How the following requests are answered. */
  answerWith(respond: Responder): void {
    this.#respond = respond;
  }

  /** Answers with this JSON body. */
  answerJson(body: unknown, status = 200): void {
    this.answerWith(() => ({ status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
  }

  /** The URL of `path` on this receiver. */
  urlOf(path: string): string {
    return `${this.url}${path}`;
  }

  /** The requests made to `path` (path and query as requested). */
  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.url === path);
  }

  get last(): ReceivedRequest {
    const request = this.requests.at(-1);
    if (!request) throw new Error('the receiver got no request');
    return request;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
