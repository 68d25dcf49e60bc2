// GET /system/ping as a load balancer and a monitoring system use it, and a server whose external
// PostgreSQL goes away and comes back: 503s that ask to retry meanwhile, then service again.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import type { HealthStatus } from '../../core/src/app/health-service.ts';

/** Long enough for the monitor's backoff (at most 5 s between probes) to see the database again. */
const WAIT_BOUND_MS = 20_000;

/** Polls `probe` until it returns true; fails once WAIT_BOUND_MS passed. */
async function eventually(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + WAIT_BOUND_MS; Date.now() < deadline; ) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('system health', () => {
  let ts: TestServer;
  let proxy: TcpProxy;
  let databaseUrl: string;
  let admin: Client4;

  before(async () => {
    databaseUrl = await freshDatabase();
    const direct = new URL(databaseUrl);
    proxy = await startTcpProxy(direct.hostname, Number(direct.port));
    const proxied = new URL(databaseUrl);
    proxied.port = String(proxy.port);
    ts = await startTestServer({ databaseUrl: proxied.toString() });
    admin = (await createAdmin(ts)).client;
  });
  after(async () => {
    await ts.close();
    await proxy.close();
    await dropDatabase(databaseUrl);
  });

  async function ping(query = ''): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${ts.url}/api/v4/system/ping${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  }

  it('reports each part in the body and in headers when asked for the server status', async () => {
    const { status, body, headers } = await ping('?get_server_status=true');
    expect(status).to.equal(200);
    expect(body).to.include({ status: 'OK', database_status: 'OK', filestore_status: 'OK' });
    expect([headers.get('status'), headers.get('database_status'), headers.get('filestore_status')]).to.deep.equal(['OK', 'OK', 'OK']);
    const plain = await ping();
    expect(plain.status).to.equal(200);
    expect(plain.body).to.include({ status: 'OK' }).and.not.to.have.property('database_status');
  });

  it('answers 503 while the database is unreachable, 500 on ping, and serves again once it is back', async () => {
    await proxy.cut();
    try {
      const refused = await fetch(`${ts.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${admin.getToken()}` } });
      expect(refused.status).to.equal(503);
      expect(refused.headers.get('retry-after')).to.equal('5');
      expect(await refused.json()).to.include({ id: 'app.database.unavailable.app_error', status_code: 503, detailed_error: '' });

      // The monitor confirms the outage with a probe of its own; plain pings then report it without a query.
      await eventually('a plain ping reports the outage', async () => (await ping()).status === 500);
      expect((await ping()).body).to.include({ status: 'UNHEALTHY' });
      const detailed = await ping('?get_server_status=true');
      expect(detailed.status).to.equal(500);
      expect(detailed.body).to.include({ status: 'UNHEALTHY', database_status: 'UNHEALTHY', filestore_status: 'OK' });
      expect(detailed.headers.get('database_status')).to.equal('UNHEALTHY');
      const rest = await ping('?get_server_status=true&use_rest_semantics=true');
      expect(rest.status).to.equal(200);
      expect(rest.body).to.include({ status: 'UNHEALTHY', database_status: 'UNHEALTHY' });
      await admin.getMe().then(
        () => expect.fail('getMe succeeded while the database was unreachable'),
        (err: { status_code?: number }) => expect(err.status_code).to.equal(503),
      );
    } finally {
      await proxy.restore();
    }
    await eventually('the server serves again', async () => (await ping()).status === 200);
    expect((await admin.getMe()).roles).to.equal('system_admin system_user');
    expect((await ping('?get_server_status=true')).body).to.include({ status: 'OK', database_status: 'OK' });
  });

  it('keeps the database healthy when a query fails on its own (a duplicate username)', async () => {
    const me = await admin.getMe();
    await admin.createUser({ username: me.username, email: 'another@example.com', password: 'correct-horse-battery' } as UserProfile, '', '').then(
      () => expect.fail('a duplicate username was accepted'),
      (err: { status_code?: number }) => expect(err.status_code).to.equal(400),
    );
    expect((await ping()).status).to.equal(200);
    expect((await ping('?get_server_status=true')).body).to.include({ database_status: 'OK' });
  });

  it('answers 503 while a part is starting and 500 while one is unhealthy, unless asked for REST semantics', async () => {
    let widgets: HealthStatus = 'STARTING';
    ts.server.services.health.add({ name: 'widgets', known: () => widgets, probe: async () => widgets });
    try {
      const plain = await ping();
      expect(plain.status).to.equal(503);
      expect(plain.body).to.include({ status: 'STARTING' });
      const detailed = await ping('?get_server_status=true');
      expect(detailed.status).to.equal(503);
      expect(detailed.body).to.include({ status: 'STARTING', widgets_status: 'STARTING', database_status: 'OK' });
      expect(detailed.headers.get('widgets_status')).to.equal('STARTING');
      expect((await ping('?use_rest_semantics=true')).status).to.equal(200);

      widgets = 'UNHEALTHY';
      expect((await ping()).status).to.equal(500);
      expect((await ping('?get_server_status=true')).body).to.include({ status: 'UNHEALTHY', widgets_status: 'UNHEALTHY' });
    } finally {
      widgets = 'OK';
    }
    expect((await ping()).status).to.equal(200);
  });
});
