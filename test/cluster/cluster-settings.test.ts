import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../core/src/config/load-config.ts';
import { MASKED_SECRET } from '../../core/src/config/config-schema.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';

describe('cluster settings', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-test-cluster-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to enable cluster mode without a Redis URL, naming the setting and its variable', () => {
    expect(() => loadConfig({ MM_DATA_DIR: dir, MM_CLUSTERSETTINGS_ENABLE: 'true' }, dir))
      .to.throw(ConfigError)
      .with.property('message')
      .that.includes('ClusterSettings.RedisUrl must not be empty (check MM_CLUSTERSETTINGS_REDISURL)');
  });

  it('refuses a Redis URL that is not a redis:// or rediss:// URL', () => {
    expect(() => loadConfig({ MM_DATA_DIR: dir, MM_CLUSTERSETTINGS_REDISURL: 'http://cache:6379' }, dir))
      .to.throw(ConfigError)
      .with.property('message')
      .that.includes('ClusterSettings.RedisUrl');
  });

  it('keeps a single node out of any cluster by default', () => {
    expect(loadConfig({ MM_DATA_DIR: dir }, dir).config.ClusterSettings).to.deep.equal({ Enable: false, ClusterName: '', RedisUrl: '' });
  });

  describe('over the API', () => {
    let ts: TestServer;

    before(async () => {
      ts = await startTestServer({ config: { ClusterSettings: { RedisUrl: 'redis://:secret@cache.internal:6379/0' } } });
    });
    after(async () => {
      await ts.close();
    });

    it('masks the Redis URL, which may hold a password, in GET /config', async () => {
      const { client } = await createAdmin(ts);
      const config = (await client.getConfig()) as unknown as { ClusterSettings: Record<string, unknown> };
      expect(config.ClusterSettings).to.deep.equal({ Enable: false, ClusterName: '', RedisUrl: MASKED_SECRET });
    });
  });
});
