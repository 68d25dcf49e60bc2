// The embedded PostgreSQL dies under a running server (a crash, the OOM killer): the server says so
// once, answers 503 meanwhile, restarts the cluster on the same data and serves again — or, when the
// cluster cannot start, exits non-zero so a service manager restarts the whole server.
import { expect } from 'chai';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { freeLoopbackPort } from '../../core/src/store/embedded-database.ts';
import { logged, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const PASSWORD = 'correct-horse-battery';
/** The promise: serving again within 10 s of the postmaster's death. */
const RECOVERY_BOUND_MS = 10_000;
const POLL_MS = 25;

describe('embedded database supervision', function () {
  this.timeout(120_000);
  let dataDir: string;
  let url: string;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-supervision-'));
    const port = await freeLoopbackPort();
    url = `http://127.0.0.1:${port}`;
    server = await startServerProcess({ MM_DATA_DIR: dataDir, MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`, MM_SQLSETTINGS_DATASOURCE: '' });
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const clusterDir = () => path.join(dataDir, 'postgres', 'cluster');

  async function killPostmaster(): Promise<void> {
    const pid = Number((await readFile(path.join(clusterDir(), 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
  }

  /** A client logged in as the first user (system admin), created before anything goes wrong. */
  async function admin(): Promise<{ client: Client4; token: string }> {
    const client = new Client4();
    client.setUrl(url);
    await client.createUser({ username: 'firstadmin', email: 'firstadmin@example.com', password: PASSWORD } as UserProfile, '', '');
    await client.login('firstadmin', PASSWORD);
    return { client, token: client.getToken() };
  }

  function getMe(token: string): Promise<Response> {
    return fetch(`${url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token}` } });
  }

  it('restarts a killed cluster on the same data, answering 503 until it serves again', async () => {
    const { client, token } = await admin();
    await killPostmaster();

    const statuses: number[] = [];
    let refusal: Record<string, unknown> | undefined;
    for (const deadline = Date.now() + RECOVERY_BOUND_MS; Date.now() < deadline; ) {
      const response = await getMe(token);
      statuses.push(response.status);
      if (response.status === 503) refusal ??= (await response.json()) as Record<string, unknown>;
      else await response.body?.cancel();
      if (response.status === 200 && refusal) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    expect([...new Set(statuses)].sort()).to.deep.equal([200, 503]);
    expect(statuses.at(-1)).to.equal(200);
    expect(refusal).to.include({ id: 'app.database.unavailable.app_error', status_code: 503 });

    // What was acknowledged before the death is still there.
    const again = new Client4();
    again.setUrl(url);
    expect((await again.login('firstadmin', PASSWORD)).roles).to.equal('system_admin system_user');
    expect((await client.getMe()).username).to.equal('firstadmin');

    const lines = server!.logLines();
    const died = lines.filter((line) => line.msg === 'embedded PostgreSQL died; restarting it on the same port and data directory');
    expect(died).to.have.length(1);
    expect(died[0]).to.include({ level: 'error', signal: 'SIGKILL' });
    expect(lines.filter((line) => line.msg === 'embedded PostgreSQL restarted')).to.have.length(1);
    // Each refused request is logged at debug at most, never as a failed request with a stack trace.
    expect(lines.filter((line) => line.msg === 'request failed')).to.deep.equal([]);

    server!.child.kill('SIGTERM');
    expect(await server!.exited).to.equal(0);
    expect(server!.logLines().map((line) => line.msg)).to.include.members(['shutting down', 'stopped']);
  });

  it('exits non-zero, saying why, when the killed cluster cannot start again', async () => {
    // The running postmaster read its configuration at start; the restart reads this broken one.
    await appendFile(path.join(clusterDir(), 'postgresql.conf'), '\nthis line is not a setting\n');
    await killPostmaster();
    expect(await server!.exited).to.equal(1);
    const gaveUp = server!.logLines().find((line) => line.msg === 'embedded PostgreSQL could not be restarted; exiting');
    expect(gaveUp).to.include({ level: 'error' });
    expect(String(gaveUp!.err)).to.match(/configuration file .* contains errors/);
    expect(server!.logLines().find((line) => line.msg === 'stopped')).to.include({ exit_code: 1 });
  });

  it('stops on SIGTERM, saying so, while the cluster is down', async () => {
    await appendFile(path.join(clusterDir(), 'postgresql.conf'), '\nthis line is not a setting\n');
    await killPostmaster();
    await logged(server!, 'embedded PostgreSQL died; restarting it on the same port and data directory');
    server!.child.kill('SIGTERM');
    expect(await server!.exited).to.equal(0);
    const messages = server!.logLines().map((line) => line.msg);
    expect(messages).to.include.members(['shutting down', 'stopped']);
    expect(messages).not.to.include('embedded PostgreSQL could not be restarted; exiting');
  });
});
