// The load generator's HTTP/1.1 client (scripts/bench/http1-client.ts) against a real node:http
// server on loopback: the answers a Node server gives (sized, chunked, empty, closing), bodies both
// ways, keep-alive reuse, more requests than sockets, and requests that get no answer.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Http1Pool, NO_ANSWER, type Http1Answer } from '../../scripts/bench/http1-client.ts';

const KEEP_ALL = () => true;

describe('load generator HTTP/1.1 client', function () {
  let server: http.Server;
  let port: number;
  /** Sockets the server accepted, to tell reuse from new connections. */
  let accepted: number;
  /** Requests that are held unanswered until the test releases them. */
  const held: http.ServerResponse[] = [];
  let onHeld: (() => void) | null = null;
  let pool: Http1Pool;

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        if (path === '/echo') res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, type: req.headers['content-type'] ?? null, body }));
        else if (path === '/chunked') {
          res.write('first part, ');
          setImmediate(() => res.end('second part'));
        } else if (path === '/empty') res.writeHead(204).end();
        else if (path === '/close') res.setHeader('Connection', 'close').end('bye');
        else if (path === '/refuse') res.writeHead(403).end('{"id":"api.context.permissions.app_error"}');
        else if (path === '/hold') {
          held.push(res);
          onHeld?.();
        }
        else res.writeHead(404).end();
      });
    });
    server.on('connection', () => accepted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    accepted = 0;
    pool = new Http1Pool({ host: '127.0.0.1', port, maxSockets: 2, timeoutMs: 400, idleMs: 30_000 });
  });

  afterEach(() => {
    onHeld = null;
    pool.close();
    for (const res of held.splice(0)) res.end();
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function send(method: string, path: string, body?: string, keep: (status: number) => boolean = KEEP_ALL, target = pool): Promise<Http1Answer> {
    let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer t0k3n\r\n`;
    if (body !== undefined) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve) => target.request(`${head}\r\n`, body, keep, resolve));
  }

  it('sends the headers and body it is given and reads a sized answer', async () => {
    const answer = await send('POST', '/echo', '{"message":"héllo"}');
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body!)).to.deep.equal({ method: 'POST', auth: 'Bearer t0k3n', type: 'application/json', body: '{"message":"héllo"}' });
  });

  it('reads a chunked answer whole', async () => {
    const answer = await send('GET', '/chunked');
    expect(answer).to.deep.equal({ status: 200, body: 'first part, second part' });
  });

  it('reads an empty answer and an error answer, keeping a body only when asked', async () => {
    expect(await send('GET', '/empty')).to.deep.equal({ status: 204, body: '' });
    expect(await send('GET', '/refuse', undefined, (status) => status >= 400)).to.deep.equal({ status: 403, body: '{"id":"api.context.permissions.app_error"}' });
    expect(await send('GET', '/echo', undefined, () => false)).to.deep.equal({ status: 200, body: null });
  });

  it('reuses a kept-alive socket, and opens a new one after an answer that closes it', async () => {
    for (let i = 0; i < 5; i++) expect((await send('GET', '/echo')).status).to.equal(200);
    expect(accepted).to.equal(1);
    expect(await send('GET', '/close')).to.deep.equal({ status: 200, body: 'bye' });
    expect((await send('GET', '/echo')).status).to.equal(200);
    expect(accepted).to.equal(2);
  });

  it('queues requests beyond its sockets and answers them all in turn', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send('POST', '/echo', JSON.stringify({ i }))));
    expect(answers.map((a) => JSON.parse(JSON.parse(a.body!).body).i)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(accepted).to.equal(2);
  });

  it('times out a request that gets no answer, and the next request still gets its answer', async () => {
    const answer = await send('GET', '/hold');
    expect(answer).to.deep.equal({ status: NO_ANSWER.timedOut, body: null });
    expect((await send('GET', '/echo')).status).to.equal(200);
  });

  it('fails a request whose server is not there, and requests still waiting when it closes', async () => {
    const gone = net.createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const deadPort = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const dead = new Http1Pool({ host: '127.0.0.1', port: deadPort, maxSockets: 1, timeoutMs: 5000, idleMs: 30_000 });
    try {
      expect(await send('GET', '/echo', undefined, KEEP_ALL, dead)).to.deep.equal({ status: NO_ANSWER.failed, body: null });
    } finally {
      dead.close();
    }
    const waiting = [send('GET', '/hold'), send('GET', '/hold'), send('GET', '/echo')];
    // Both sockets are taken by held requests, so the third waits in the queue.
    await new Promise<void>((resolve) => {
      onHeld = () => held.length === 2 && resolve();
    });
    pool.close();
    expect(await Promise.all(waiting)).to.deep.equal([0, 1, 2].map(() => ({ status: NO_ANSWER.failed, body: null })));
  });
});
