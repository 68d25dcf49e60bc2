import { expect } from 'chai';
import http from 'node:http';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';

const ALLOWED_ORIGIN = 'https://chat.example.com';

/** A GET from a chosen loopback source address: the way to be "another IP" on one machine. */
function getFrom(url: string, localAddress: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers }));
    });
    request.on('error', reject);
  });
}

describe('request protection', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  const logLines: Record<string, unknown>[] = [];

  before(async () => {
    ts = await startTestServer({
      config: { ServiceSettings: { AllowCorsFrom: ALLOWED_ORIGIN, MaximumPayloadSizeBytes: 2048 } },
      logSink: { write: (line) => logLines.push(JSON.parse(line)) },
    });
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });

  describe('rate limiting', () => {
    afterEach(() => {
      ts.config.patch({ RateLimitSettings: { Enable: false, VaryByRemoteAddr: true, VaryByUser: false } });
    });

    const ping = () => fetch(`${ts.url}/api/v4/system/ping`);

    it('answers 429 with X-RateLimit headers and Retry-After once the burst is used', async () => {
      ts.config.patch({ RateLimitSettings: { Enable: true, PerSec: 1, MaxBurst: 2 } });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await ping();
        expect(response.status).to.equal(200);
        expect(response.headers.get('x-ratelimit-limit')).to.equal('3');
        remaining.push(response.headers.get('x-ratelimit-remaining')!);
      }
      expect(remaining).to.deep.equal(['2', '1', '0']);
      const limited = await ping();
      expect(limited.status).to.equal(429);
      expect(limited.headers.get('x-ratelimit-remaining')).to.equal('0');
      expect(Number(limited.headers.get('x-ratelimit-reset'))).to.be.within(1, 3);
      expect(limited.headers.get('retry-after')).to.equal('1');
      expect(await limited.json()).to.include({ id: 'api.context.rate_limit_exceeded.app_error', status_code: 429 });
    });

    it('keeps a separate budget per remote address', async () => {
      ts.config.patch({ RateLimitSettings: { Enable: true, PerSec: 1, MaxBurst: 0 } });
      const url = `${ts.url}/api/v4/system/ping`;
      expect((await getFrom(url, '127.0.0.1')).status).to.equal(200);
      expect((await getFrom(url, '127.0.0.1')).status).to.equal(429);
      expect((await getFrom(url, '127.0.0.2')).status).to.equal(200);
    });

    it('keeps a separate budget per user with VaryByUser', async () => {
      const alice = await createUser(ts, admin.client);
      const bob = await createUser(ts, admin.client);
      ts.config.patch({ RateLimitSettings: { Enable: true, PerSec: 1, MaxBurst: 1, VaryByRemoteAddr: false, VaryByUser: true } });
      await alice.client.getMe();
      await alice.client.getMe();
      const error = await alice.client.getMe().then(
        () => undefined,
        (err: { status_code: number }) => err,
      );
      expect(error?.status_code).to.equal(429);
      expect((await bob.client.getMe()).id).to.equal(bob.user.id);
    });
  });

  describe('CORS', () => {
    it('answers an allowed preflight with the CORS headers', async () => {
      const response = await fetch(`${ts.url}/api/v4/users/me`, {
        method: 'OPTIONS',
        headers: { Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, content-type' },
      });
      expect(response.status).to.equal(204);
      expect(response.headers.get('access-control-allow-origin')).to.equal(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).to.include('PUT');
      expect(response.headers.get('access-control-allow-headers')).to.equal('authorization, content-type');
    });

    it('gives a disallowed origin\'s preflight no CORS headers', async () => {
      const response = await fetch(`${ts.url}/api/v4/users/me`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'PUT' },
      });
      expect(response.headers.get('access-control-allow-origin')).to.equal(null);
      expect(response.headers.get('access-control-allow-methods')).to.equal(null);
    });

    it('marks simple requests from an allowed origin and exposes the request id', async () => {
      const response = await fetch(`${ts.url}/api/v4/system/ping`, { headers: { Origin: ALLOWED_ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).to.equal(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-expose-headers')).to.include('X-Request-ID');
      expect(response.headers.get('vary')).to.include('Origin');
    });

    it('sends no CORS headers to a disallowed origin', async () => {
      const response = await fetch(`${ts.url}/api/v4/system/ping`, { headers: { Origin: 'https://evil.example.com' } });
      expect(response.headers.get('access-control-allow-origin')).to.equal(null);
    });
  });

  describe('request bodies', () => {
    const postLogin = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${ts.url}/api/v4/users/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);

    it('answers 413 to a body above MaximumPayloadSizeBytes', async () => {
      const response = await postLogin(JSON.stringify({ login_id: 'x'.repeat(3000), password: 'y' }));
      expect(response.status).to.equal(413);
      expect(await response.json()).to.include({ id: 'api.context.request_body_too_large.app_error' });
    });

    it('answers 413 to an oversized chunked body that declares no length', async () => {
      const chunk = new TextEncoder().encode(' '.repeat(1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 4) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const response = await postLogin(stream as unknown as BodyInit);
      expect(response.status).to.equal(413);
    });

    it('answers 400 api.context.invalid_body_param.app_error to malformed JSON', async () => {
      const response = await postLogin('{"login_id": ');
      expect(response.status).to.equal(400);
      expect(await response.json()).to.include({ id: 'api.context.invalid_body_param.app_error', status_code: 400 });
    });
  });

  describe('request ids', () => {
    it('sends X-Request-ID, equal to request_id in error bodies', async () => {
      const response = await fetch(`${ts.url}/api/v4/users/me`);
      expect(response.status).to.equal(401);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).to.have.length(26);
      expect((await response.json()).request_id).to.equal(requestId);
      const ok = await fetch(`${ts.url}/api/v4/system/ping`);
      expect(ok.headers.get('x-request-id')).to.have.length(26).and.not.equal(requestId);
    });

    it('writes JSON log lines that carry the request id', async () => {
      const response = await fetch(`${ts.url}/api/v4/users/me`);
      const requestId = response.headers.get('x-request-id');
      const lines = logLines.filter((line) => line.request_id === requestId);
      expect(lines.map((line) => line.msg)).to.include.members(['request refused', 'request']);
      const summary = lines.find((line) => line.msg === 'request')!;
      expect(summary).to.include({ method: 'GET', url: '/api/v4/users/me', status_code: 401 });
    });
  });
});
