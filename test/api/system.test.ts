import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

  it('answers a signed-in user every key of Mattermost\'s ClientConfig, each a string', async () => {
    // The keys of @mattermost/types' ClientConfig, read from its declaration: Mattermost's apps read
    // a missing key as "off", so each one must be there.
    const declaration = await readFile(createRequire(import.meta.url).resolve('@mattermost/types/config').replace(/\.js$/, '.d.ts'), 'utf8');
    const body = /^export type ClientConfig = \{\n([\s\S]*?)\n\};/m.exec(declaration)?.[1] ?? '';
    const keys = [...body.matchAll(/^\s{4}(\w+)\??:/gm)].map((match) => match[1]);
    expect(keys.length).to.be.greaterThan(200);
    // Another test signs up the first user; open sign-up lets this one in whatever ran before.
    ts.config.patch({ TeamSettings: { EnableOpenServer: true } });
    const { client } = await createAdmin(ts).finally(() => ts.config.patch({ TeamSettings: { EnableOpenServer: false } }));
    const config = (await client.getClientConfig()) as unknown as Record<string, unknown>;
    const optional = new Set(['ExperimentalClientSideCertEnable', 'ExperimentalClientSideCertCheck', 'ExperimentalRemoteClusterService', 'PostAcknowledgements', 'EnableCustomTermsOfService', 'CustomTermsOfServiceReAcceptancePeriod']);
    expect(keys.filter((key) => !(key in config) && !optional.has(key))).to.deep.equal([]);
    expect(Object.entries(config).filter(([, value]) => typeof value !== 'string')).to.deep.equal([]);
    expect(config).to.include({ EnableFileAttachments: 'true', EnableUserTypingMessages: 'true', EnableLinkPreviews: 'false', SendPushNotifications: 'false' });
  });
});
