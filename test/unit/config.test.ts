import { expect } from 'chai';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../core/src/config/load-config.ts';
import { ConfigService } from '../../core/src/config/config-service.ts';
import { parseListenAddress } from '../../core/src/config/listen-address.ts';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(content: unknown, file = path.join(dir, 'config.json')): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  }

  function loadError(env: Record<string, string>): ConfigError {
    try {
      loadConfig({ MM_DATA_DIR: dir, ...env }, dir);
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      return err as ConfigError;
    }
    throw new Error('loadConfig accepted a bad configuration');
  }

  it('uses the defaults when there is no config file', async () => {
    const loaded = loadConfig({}, dir);
    expect(loaded.dataDir).to.equal(path.join(dir, 'data'));
    expect(loaded.configPath).to.equal(path.join(dir, 'data', 'config.json'));
    expect(loaded.config.ServiceSettings.ListenAddress).to.equal(':8065');
    expect(loaded.config.TeamSettings.SiteName).to.equal('Parley');
    expect(loaded.envLocked.size).to.equal(0);
  });

  it('takes config.json over the defaults and the environment over config.json', async () => {
    await writeConfig({ TeamSettings: { SiteName: 'From File', MaxUsersPerTeam: 70 } });
    const loaded = loadConfig({ MM_DATA_DIR: dir, MM_TEAMSETTINGS_SITENAME: 'From Env', MM_RATELIMITSETTINGS_ENABLE: 'true' }, '/');
    expect(loaded.config.TeamSettings).to.include({ SiteName: 'From Env', MaxUsersPerTeam: 70, EnableOpenServer: false });
    expect(loaded.config.RateLimitSettings.Enable).to.equal(true);
    expect(loaded.fileConfig.TeamSettings.SiteName).to.equal('From File');
    expect([...loaded.envLocked]).to.have.members(['TeamSettings.SiteName', 'RateLimitSettings.Enable']);
  });

  it('returns a frozen configuration', async () => {
    const { config } = loadConfig({ MM_DATA_DIR: dir }, dir);
    expect(Object.isFrozen(config.ServiceSettings)).to.equal(true);
  });

  it('reads config.json from MM_DATA_DIR, relative to the working directory, or from MM_CONFIG', async () => {
    await writeConfig({ TeamSettings: { SiteName: 'Relative' } }, path.join(dir, 'state', 'config.json'));
    expect(loadConfig({ MM_DATA_DIR: 'state' }, dir).config.TeamSettings.SiteName).to.equal('Relative');
    await writeConfig({ TeamSettings: { SiteName: 'Explicit' } }, path.join(dir, 'elsewhere.json'));
    const explicit = loadConfig({ MM_DATA_DIR: 'state', MM_CONFIG: 'elsewhere.json' }, dir);
    expect(explicit.config.TeamSettings.SiteName).to.equal('Explicit');
    expect(explicit.dataDir).to.equal(path.join(dir, 'state'));
  });

  it('accepts MM_SERVICESETTINGS_LISTENADDRESS as host:port or :port', async () => {
    const hostPort = loadConfig({ MM_DATA_DIR: dir, MM_SERVICESETTINGS_LISTENADDRESS: '127.0.0.1:9065' }, dir);
    expect(parseListenAddress(hostPort.config.ServiceSettings.ListenAddress)).to.deep.equal({ host: '127.0.0.1', port: 9065 });
    const portOnly = loadConfig({ MM_DATA_DIR: dir, MM_SERVICESETTINGS_LISTENADDRESS: ':9066' }, dir);
    expect(parseListenAddress(portOnly.config.ServiceSettings.ListenAddress)).to.deep.equal({ host: undefined, port: 9066 });
    expect(parseListenAddress('[::1]:80')).to.deep.equal({ host: '::1', port: 80 });
    expect(() => parseListenAddress(':70000')).to.throw(/above 65535/);
  });

  it('stops with a message naming the setting and the env var for a badly typed env value', async () => {
    const err = loadError({ MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS: 'many' });
    expect(err.message).to.include('ServiceSettings.MaximumLoginAttempts').and.include('MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS');
    const bool = loadError({ MM_TEAMSETTINGS_ENABLEOPENSERVER: 'yes' });
    expect(bool.message).to.include('TeamSettings.EnableOpenServer').and.include('MM_TEAMSETTINGS_ENABLEOPENSERVER');
  });

  it('stops with a message naming the setting and the env var for an out-of-range env value', async () => {
    const err = loadError({ MM_SERVICESETTINGS_LISTENADDRESS: 'everywhere' });
    expect(err.message).to.include('ServiceSettings.ListenAddress').and.include('MM_SERVICESETTINGS_LISTENADDRESS');
    const range = loadError({ MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS: '0' });
    expect(range.message).to.include('ServiceSettings.MaximumLoginAttempts').and.include('MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS');
  });

  it('makes the server exit at start-up with EX_CONFIG and the message on stderr', async function () {
    // The child loads the whole server before it reads its settings: on a loaded machine that takes
    // well over the usual test time, so the bound is generous (a hang, not slowness, is what fails).
    this.timeout(90_000);
    const main = fileURLToPath(new URL('../../core/src/main.ts', import.meta.url));
    const run = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, MM_DATA_DIR: dir, MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS: 'many' },
      encoding: 'utf8',
      timeout: 80_000,
    });
    expect(run.status).to.equal(78);
    expect(run.stderr).to.include('ServiceSettings.MaximumLoginAttempts').and.include('MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS');
  });

  it('stops with a message naming the file and the setting for a bad config.json', async () => {
    await writeConfig({ PasswordSettings: { MinimumLength: 2 } });
    const err = loadError({});
    expect(err.message).to.include(path.join(dir, 'config.json')).and.include('PasswordSettings.MinimumLength');
    await writeConfig('{ not json');
    expect(loadError({}).message).to.include('cannot read config file');
  });
});

describe('ConfigService', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('persists changes to config.json without the environment\'s overrides and tells listeners', async () => {
    const service = new ConfigService(loadConfig({ MM_DATA_DIR: dir, MM_TEAMSETTINGS_SITENAME: 'Env Name' }, dir));
    const seen: string[] = [];
    service.onChange((next, previous) => {
      seen.push(`${previous.TeamSettings.MaxUsersPerTeam}->${next.TeamSettings.MaxUsersPerTeam}`);
    });
    service.patch({ TeamSettings: { MaxUsersPerTeam: 99 } });
    const stored = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    expect(stored.TeamSettings).to.include({ MaxUsersPerTeam: 99, SiteName: 'Parley' });
    expect(service.get().TeamSettings.SiteName).to.equal('Env Name');
    expect(seen).to.deep.equal(['50->99']);
  });

  it('counts a change applied once the work its listeners return is done, failed work included', async () => {
    const service = new ConfigService(loadConfig({ MM_DATA_DIR: dir }, dir), { persist: false });
    const finish: Array<() => void> = [];
    service.onChange(() => new Promise<void>((resolve) => finish.push(resolve)));
    service.onChange(() => Promise.reject(new Error('a listener that failed')));
    service.patch({ TeamSettings: { MaxUsersPerTeam: 99 } });
    service.patch({ TeamSettings: { MaxUsersPerTeam: 98 } });
    let applied = false;
    const done = service.applied().then(() => (applied = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(applied, 'applied before its listeners finished').to.equal(false);
    finish[1]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(applied, 'applied before the first change finished').to.equal(false);
    finish[0]();
    await done;
    expect(applied).to.equal(true);
  });
});
