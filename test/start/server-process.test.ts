// `npm start` as an admin runs it: a real server process with its embedded PostgreSQL in the data
// directory, stopped by a signal and started again on the same data.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { freeLoopbackPort } from '../../core/src/store/embedded-database.ts';
import { MAIN, startServerProcess } from '../helpers/server-process.ts';

describe('server process', function () {
  this.timeout(90_000);
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-start-'));
    port = await freeLoopbackPort();
    env = { MM_DATA_DIR: dataDir, MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`, MM_SQLSETTINGS_DATASOURCE: '' };
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on an embedded database, stops cleanly on SIGTERM and keeps its data across a restart', async () => {
    const first = await startServerProcess(env);
    const client = new Client4();
    client.setUrl(`http://127.0.0.1:${port}`);
    await client.createUser({ username: 'firstadmin', email: 'firstadmin@example.com', password: 'correct-horse-battery' } as UserProfile, '', '');
    first.child.kill('SIGTERM');
    expect(await first.exited).to.equal(0);
    expect(first.output()).to.include('"msg":"stopped"');

    const second = await startServerProcess(env);
    try {
      const user = await client.login('firstadmin', 'correct-horse-battery');
      expect(user.roles).to.equal('system_admin system_user');
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).to.equal(0);
    }
  });

  it('refuses to start with a message naming the setting when an environment override is invalid', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env, MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS: 'many' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    expect(await new Promise((resolve) => child.once('exit', resolve))).to.equal(78);
    expect(stderr).to.include('MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS');
  });
});
