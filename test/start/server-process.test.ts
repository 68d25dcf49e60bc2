// `npm start` as an admin runs it: a real server process with its embedded PostgreSQL in the data
// directory, stopped by a signal and started again on the same data.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { freeLoopbackPort } from '../../core/src/store/embedded-database.ts';

const MAIN = path.resolve(import.meta.dirname, '../../core/src/main.ts');

interface Running {
  child: ChildProcess;
  output: () => string;
}

function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (output.includes('"msg":"Parley is listening"')) {
        child.stdout!.off('data', onData);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

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
    const first = await startServer(env);
    const client = new Client4();
    client.setUrl(`http://127.0.0.1:${port}`);
    await client.createUser({ username: 'firstadmin', email: 'firstadmin@example.com', password: 'correct-horse-battery' } as UserProfile, '', '');
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(first.output()).to.include('"msg":"stopped"');

    const second = await startServer(env);
    try {
      const user = await client.login('firstadmin', 'correct-horse-battery');
      expect(user.roles).to.equal('system_admin system_user');
    } finally {
      const stopped = exitOf(second.child);
      second.child.kill('SIGINT');
      expect(await stopped).to.equal(0);
    }
  });

  it('refuses to start with a message naming the setting when an environment override is invalid', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env, MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS: 'many' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    expect(await exitOf(child)).to.equal(78);
    expect(stderr).to.include('MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS');
  });
});
