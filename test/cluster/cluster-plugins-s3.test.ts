import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/test-server.ts';
import { createAdmin, uniqueName } from '../helpers/fixtures.ts';
import { eventually } from '../helpers/ws-client.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { s3Client, s3FileSettings, startS3Server, type S3Server } from '../helpers/file-fixtures.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';

const PREFIX = 'parley-cluster';
const PLUGIN_ID = 'com.example.on-s3';
const SAYS_HELLO = `export default () => ({ serveHttp() { return { body: 'hello from a node' }; } });`;

/**
 * Two nodes on one S3 server and one Redis, each with its own data directory: they share no folder,
 * so every plugin bundle a node installs from must come from the bucket.
 */
describe('cluster plugins on S3 (no shared folder)', () => {
  let redis: TestRedis;
  let s3: S3Server;
  let bucket: S3Client;
  let a: TestServer;
  let b: TestServer;
  let adminA: Client4;
  let adminB: Client4;
  let options: TestServerOptions;

  before(async () => {
    redis = await startRedis();
    s3 = await startS3Server();
    bucket = s3Client(s3);
    options = {
      env: { MM_CLUSTERSETTINGS_ENABLE: 'true', MM_CLUSTERSETTINGS_CLUSTERNAME: uniqueName('cluster'), MM_CLUSTERSETTINGS_REDISURL: redis.url },
      config: {
        PluginSettings: { EnableUploads: true },
        FileSettings: s3FileSettings(s3, PREFIX),
      },
    };
    a = await startTestServer(options);
    b = await startTestServer({ ...options, databaseUrl: a.databaseUrl });
    adminA = (await createAdmin(a)).client;
    adminB = b.client();
    adminB.setToken(adminA.getToken());
  });
  after(async () => {
    await b?.close();
    await a?.close();
    bucket?.destroy();
    await s3?.close();
    await redis?.stop();
  });

  const bucketKeys = async () => ((await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key ?? '').sort();
  const installedOn = async (admin: Client4) => {
    const { active, inactive } = await admin.getPlugins();
    return [...active, ...inactive].map((m) => m.id);
  };

  it('keeps an installed bundle in the bucket, and the other node installs it from there', async () => {
    await adminA.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: PLUGIN_ID, server: SAYS_HELLO }))], 'plugin.tar.gz') as never, false);
    expect(await bucketKeys()).to.include(`${PREFIX}/plugins/${PLUGIN_ID}.tar.gz`);
    await eventually(async () => expect(await installedOn(adminB)).to.include(PLUGIN_ID));
    // Each node unpacked it into its own plugin directory; neither wrote a bundle to a local folder.
    for (const node of [a, b]) {
      expect(existsSync(path.join(node.dataDir, 'plugins', PLUGIN_ID, 'plugin.json'))).to.equal(true);
      expect(existsSync(path.join(node.dataDir, 'files'))).to.equal(false);
    }
    await adminB.enablePlugin(PLUGIN_ID);
    expect(await (await fetch(`${b.url}/plugins/${PLUGIN_ID}/`)).text()).to.equal('hello from a node');
  });

  it('gives a node that joins later, on an empty data directory, the plugins in the bucket', async () => {
    const c = await startTestServer({ ...options, databaseUrl: a.databaseUrl });
    try {
      const adminC = c.client();
      adminC.setToken(adminA.getToken());
      expect(await installedOn(adminC)).to.include(PLUGIN_ID);
    } finally {
      await c.close();
    }
  });

  it('keeps the installed version, and answers 500, when the bucket refuses the new bundle', async () => {
    const id = 'com.example.kept';
    const upload = (version: string) => adminA.uploadPlugin(new File([new Uint8Array(pluginBundle({ id, version }))], 'plugin.tar.gz') as never, true);
    await upload('1.0.0');
    a.config.patch({ FileSettings: { AmazonS3Bucket: 'no-such-bucket' } });
    try {
      await expectClientError(upload('2.0.0'), 500, 'app.plugin.store_bundle.app_error');
    } finally {
      a.config.patch({ FileSettings: { AmazonS3Bucket: s3.bucket } });
    }
    expect((await adminA.getPlugins()).inactive.find((m) => m.id === id)?.version).to.equal('1.0.0');
    expect(JSON.parse(await readFile(path.join(a.dataDir, 'plugins', id, 'plugin.json'), 'utf8')).version).to.equal('1.0.0');
    await adminA.removePlugin(id);
  });

  it('removes the bundle from the bucket and the plugin from every node when an admin removes it on one', async () => {
    await adminB.removePlugin(PLUGIN_ID);
    expect(await bucketKeys()).not.to.include(`${PREFIX}/plugins/${PLUGIN_ID}.tar.gz`);
    await eventually(async () => {
      expect(await installedOn(adminA)).not.to.include(PLUGIN_ID);
      expect(existsSync(path.join(a.dataDir, 'plugins', PLUGIN_ID))).to.equal(false);
    });
  });
});
