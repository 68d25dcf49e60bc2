// The server's one outbound HTTP path against real loopback servers: which hops it refuses, which
// redirects it follows, and how it stops oversized or slow answers.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressError, outboundRequest, readBody, type EgressPolicy, type OutboundRequest } from '../../core/src/egress/outbound-http.ts';

interface Seen {
  url: string;
  headers: Record<string, unknown>;
}

/** A loopback server answering by path; it records what reached it. */
async function startServer(answer: (path: string, reply: (status: number, headers?: Record<string, string>, body?: string) => void) => void): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    answer(req.url ?? '', (status, headers = {}, body = '') => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const request = (extra: Partial<OutboundRequest> = {}): OutboundRequest => ({ timeoutMs: 5000, maxResponseBytes: 1024, errorId: (reason) => `test.egress.${reason}`, ...extra });
const open: EgressPolicy = { allowedInternal: '127.0.0.1', allowHttp: true };

async function refusal(call: Promise<unknown>): Promise<EgressError> {
  try {
    await call;
  } catch (err) {
    expect(err).to.be.instanceOf(EgressError);
    return err as EgressError;
  }
  throw new Error('expected the request to be refused');
}

describe('outbound HTTP', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;

  before(async () => {
    other = await startServer((_path, reply) => reply(200, { 'content-type': 'text/plain' }, 'other'));
    target = await startServer((path, reply) => {
      if (path === '/ok') reply(200, { 'content-type': 'text/plain', 'set-cookie': 'a=1' }, 'hello');
      else if (path === '/to-other') reply(302, { location: `http://127.0.0.1:${other.port}/x` });
      else if (path === '/to-metadata') reply(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      else if (path === '/to-ftp') reply(302, { location: 'ftp://example.com/x' });
      else if (path === '/loop') reply(307, { location: '/loop' });
      else if (path === '/big') reply(200, { 'content-length': '2048' }, 'x'.repeat(2048));
      else if (path === '/chunked-big') reply(200, {}, 'y'.repeat(2048));
      else if (path === '/hang') return;
      else reply(404);
    });
  });
  after(async () => {
    await stop(target.server);
    await stop(other.server);
  });
  beforeEach(async () => {
    target.seen.length = 0;
    other.seen.length = 0;
  });

  it('refuses a loopback address unless AllowedUntrustedInternalConnections allows it, before connecting', async () => {
    const err = await refusal(outboundRequest(new URL(`http://127.0.0.1:${target.port}/ok`), request(), { allowedInternal: '', allowHttp: true }));
    expect(err).to.include({ id: 'test.egress.private_address', status: 403, reason: 'private_address' });
    expect(err.message).to.include('AllowedUntrustedInternalConnections');
    expect(target.seen).to.deep.equal([]);
    const response = await outboundRequest(new URL(`http://127.0.0.1:${target.port}/ok`), request(), open);
    expect(response).to.include({ status: 200 });
    expect(response.headers['content-type']).to.equal('text/plain');
    expect((await readBody(response)).toString()).to.equal('hello');
  });

  it('refuses IPv6 spellings of loopback and of the metadata address, whatever the allow-list says of other hosts', async () => {
    for (const url of [`http://[::7f00:1]:${target.port}/`, `http://[::ffff:0:7f00:1]:${target.port}/`, `http://[::1]:${target.port}/`, 'http://[::ffff:a9fe:a9fe]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::]/', 'http://[fe80::1]/']) {
      const err = await refusal(outboundRequest(new URL(url), request(), { allowedInternal: '10.0.0.0/8 hooks.internal', allowHttp: true }));
      expect(err.reason, url).to.equal('private_address');
    }
    expect(target.seen).to.deep.equal([]);
  });

  it('refuses a host name resolving to loopback unless the name or its address is allowed', async () => {
    expect((await refusal(outboundRequest(new URL(`http://localhost:${target.port}/ok`), request(), { allowedInternal: '', allowHttp: true }))).reason).to.equal('private_address');
    const byName = await outboundRequest(new URL(`http://localhost:${target.port}/ok`), request(), { allowedInternal: 'localhost', allowHttp: true });
    expect((await readBody(byName)).toString()).to.equal('hello');
  });

  it('refuses plain http unless the policy allows it, except on a trusted origin', async () => {
    const url = new URL(`http://127.0.0.1:${target.port}/ok`);
    const err = await refusal(outboundRequest(url, request(), { allowedInternal: '127.0.0.1', allowHttp: false }));
    expect(err).to.include({ reason: 'insecure_url', status: 403 });
    expect(target.seen).to.deep.equal([]);
    const trusted = await outboundRequest(url, request(), { allowedInternal: '', allowHttp: false, trustedOrigins: [url.origin] });
    expect(trusted.status).to.equal(200);
    trusted.body.destroy();
  });

  it('hands a redirect to the caller unless asked to follow, and never follows one for a POST', async () => {
    const url = new URL(`http://127.0.0.1:${target.port}/to-other`);
    const handed = await outboundRequest(url, request(), open);
    expect(handed.status).to.equal(302);
    handed.body.destroy();
    const posted = await outboundRequest(url, request({ method: 'POST', body: 'x', maxRedirects: 3 }), open);
    expect(posted.status).to.equal(302);
    posted.body.destroy();
    expect(other.seen).to.deep.equal([]);
  });

  it("follows redirects checking every hop, and gives another origin none of the caller's headers", async () => {
    const followed = await outboundRequest(new URL(`http://127.0.0.1:${target.port}/to-other`), request({ maxRedirects: 3, headers: { authorization: 'secret' } }), open);
    expect(followed.url.href).to.equal(`http://127.0.0.1:${other.port}/x`);
    expect((await readBody(followed)).toString()).to.equal('other');
    expect(target.seen[0].headers).to.include({ authorization: 'secret' });
    expect(other.seen[0].headers).not.to.have.property('authorization');

    const allowedOnlyByName: EgressPolicy = { allowedInternal: 'localhost', allowHttp: true };
    const err = await refusal(outboundRequest(new URL(`http://localhost:${target.port}/to-other`), request({ maxRedirects: 3 }), allowedOnlyByName));
    expect(err.reason).to.equal('private_address');
    expect((await refusal(outboundRequest(new URL(`http://localhost:${target.port}/to-metadata`), request({ maxRedirects: 3 }), allowedOnlyByName))).reason).to.equal('private_address');
    expect((await refusal(outboundRequest(new URL(`http://127.0.0.1:${target.port}/to-ftp`), request({ maxRedirects: 3 }), open))).reason).to.equal('scheme_not_allowed');
    expect(other.seen).to.have.length(1);
  });

  it('trusts only the exact trusted origin: a redirect to another one is checked', async () => {
    const url = new URL(`http://127.0.0.1:${target.port}/to-other`);
    const err = await refusal(outboundRequest(url, request({ maxRedirects: 3 }), { allowedInternal: '', allowHttp: true, trustedOrigins: [url.origin] }));
    expect(err.reason).to.equal('private_address');
    const insecure = await refusal(outboundRequest(url, request({ maxRedirects: 3 }), { allowedInternal: '127.0.0.1', allowHttp: false, trustedOrigins: [url.origin] }));
    expect(insecure.reason).to.equal('insecure_url');
    expect(other.seen).to.deep.equal([]);
  });

  it('stops after the allowed number of redirects', async () => {
    const err = await refusal(outboundRequest(new URL(`http://127.0.0.1:${target.port}/loop`), request({ maxRedirects: 3 }), open));
    expect(err).to.include({ reason: 'too_many_redirects', status: 502 });
    expect(target.seen).to.have.length(4);
  });

  it('stops a response past maxResponseBytes, announced or not, and one past the deadline', async () => {
    expect((await refusal(outboundRequest(new URL(`http://127.0.0.1:${target.port}/big`), request(), open))).reason).to.equal('response_too_large');
    const chunked = await outboundRequest(new URL(`http://127.0.0.1:${target.port}/chunked-big`), request(), open);
    expect((await refusal(readBody(chunked))).reason).to.equal('response_too_large');
    const slow = await refusal(outboundRequest(new URL(`http://127.0.0.1:${target.port}/hang`), request({ timeoutMs: 200 }), open));
    expect(slow).to.include({ reason: 'timeout', status: 504, id: 'test.egress.timeout' });
  });

  it('answers a HEAD whose announced length passes maxResponseBytes, since no body comes', async () => {
    const head = await outboundRequest(new URL(`http://127.0.0.1:${target.port}/big`), request({ method: 'HEAD' }), open);
    expect(head.headers['content-length']).to.equal('2048');
    expect(await readBody(head)).to.have.length(0);
  });

  it('names an unresolvable host', async () => {
    const err = await refusal(outboundRequest(new URL('http://no-such-host.invalid/'), request(), open));
    expect(err).to.include({ reason: 'unresolvable_host', status: 502 });
  });
});
