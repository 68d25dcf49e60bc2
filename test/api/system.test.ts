import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';

describe('system API', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts.close();
  });

  it('answers ping with status OK and the database status when asked', async () => {
    const ping = await ts.client().ping(true);
    expect(ping.status).to.equal('OK');
    expect(ping.database_status).to.equal('OK');
  });

  it('reports the file store UNHEALTHY when its directory cannot be used', async () => {
    const notADirectory = path.join(ts.dataDir, 'a-file');
    await writeFile(notADirectory, 'not a directory');
    ts.config.patch({ FileSettings: { Directory: notADirectory } });
    try {
      const ping = await ts.client().ping(true);
      expect(ping).to.include({ status: 'UNHEALTHY', filestore_status: 'UNHEALTHY', database_status: 'OK' });
    } finally {
      ts.config.patch({ FileSettings: { Directory: '' } });
    }
    expect((await ts.client().ping(true)).filestore_status).to.equal('OK');
  });

  it('serves the client config in the old format without a session', async () => {
    const config = await ts.client().getClientConfig();
    expect(config.SiteName).to.equal('Parley');
    expect(config.EnableOpenServer).to.equal('false');
    expect(config).not.to.have.property('EnableUserAccessTokens');
  });

  it('renders unknown API paths as a 404 AppError with a request id', async () => {
    const response = await fetch(`${ts.url}/api/v4/no/such/route`);
    expect(response.status).to.equal(404);
    const body = await response.json();
    expect(body).to.include({ id: 'api.context.404.app_error', status_code: 404 });
    expect(body.request_id).to.have.length(26);
    expect(response.headers.get('x-request-id')).to.equal(body.request_id);
  });

  it('lets the first user in as system admin who can read the config', async () => {
    const { client, user } = await createAdmin(ts);
    expect(user.roles).to.equal('system_admin system_user');
    const config = await client.getConfig();
    expect(config.ServiceSettings.SiteURL).to.equal('');
  });
});
