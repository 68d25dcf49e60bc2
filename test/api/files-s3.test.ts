import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { s3Client, s3FileSettings, startS3Server, storedLocally, type S3Server } from '../helpers/file-fixtures.ts';
import { fileStorageBehaviour } from '../helpers/file-storage-suite.ts';

const PREFIX = 'parley-test';

describe('files on S3 (s3rver on loopback)', () => {
  let s3: S3Server;
  let client: S3Client;

  before(async () => {
    s3 = await startS3Server();
    client = s3Client(s3);
  });
  after(async () => {
    client.destroy();
    await s3.close();
  });

  const stored = async (ts: TestServer) => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    // Everything the server writes lands in the bucket under the configured prefix, nothing on local disk.
    expect(keys.filter((k) => !k.startsWith(`${PREFIX}/`))).to.deep.equal([]);
    expect(await storedLocally(ts)).to.deep.equal([]);
    return keys.sort();
  };

  const settings = () => s3FileSettings(s3, PREFIX);

  fileStorageBehaviour({ start: () => startTestServer({ config: { FileSettings: settings() } }), stored });

  it('reports the bucket in the health check: unhealthy while it cannot be reached', async () => {
    const ts = await startTestServer({ config: { FileSettings: { ...settings(), AmazonS3Bucket: 'no-such-bucket' } } });
    try {
      expect(await ts.client().ping(true)).to.include({ filestore_status: 'UNHEALTHY' });
      ts.config.patch({ FileSettings: { AmazonS3Bucket: s3.bucket } });
      expect(await ts.client().ping(true)).to.include({ filestore_status: 'OK' });
    } finally {
      await ts.close();
    }
  });
});
