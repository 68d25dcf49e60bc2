import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { AdminConfig } from '@mattermost/types/config';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

const MASK = '********************************';
const DATA_SOURCE = 'postgres://parley:s3cret@db.internal:5432/parley';

type Settings = Record<string, Record<string, unknown>>;

function patchConfig(client: Client4, patch: Settings): Promise<AdminConfig> {
  return client.patchConfig(patch as unknown as Partial<AdminConfig>);
}

describe('config API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let user: LoggedIn;

  before(async () => {
    ts = await startTestServer({
      env: { MM_TEAMSETTINGS_SITENAME: 'Pinned Name' },
      config: { SqlSettings: { DataSource: DATA_SOURCE } },
    });
    admin = await createAdmin(ts);
    user = await createUser(ts, admin.client);
  });
  after(async () => {
    await ts.close();
  });

  it('masks SqlSettings.DataSource in GET /config', async () => {
    const config = await admin.client.getConfig();
    expect(config.SqlSettings.DataSource).to.equal(MASK);
    expect(JSON.stringify(config)).not.to.include('s3cret');
  });

  it('applies PUT /config/patch live', async () => {
    const returned = await patchConfig(admin.client, { PasswordSettings: { MinimumLength: 20 } });
    expect(returned.PasswordSettings.MinimumLength).to.equal(20);
    expect((await ts.client().getClientConfig()).PasswordMinimumLength).to.equal('20');
    const username = uniqueName();
    await expectClientError(
      admin.client.createUser({ username, email: `${username}@example.com`, password: 'only-sixteen-chr' } as UserProfile, '', ''),
      400,
      'model.user.is_valid.pwd.app_error',
    );
    await patchConfig(admin.client, { PasswordSettings: { MinimumLength: 8 } });
  });

  it('applies PUT /config live and keeps the masked secret when it is sent back', async () => {
    const config = await admin.client.getConfig();
    config.PrivacySettings.ShowFullName = false;
    const returned = await admin.client.updateConfig(config);
    expect(returned.PrivacySettings.ShowFullName).to.equal(false);
    expect(returned.SqlSettings.DataSource).to.equal(MASK);
    expect(ts.config.get().SqlSettings.DataSource).to.equal(DATA_SOURCE);
    expect(ts.config.get().PrivacySettings.ShowFullName).to.equal(false);
    await patchConfig(admin.client, { PrivacySettings: { ShowFullName: true } });
  });

  it('rejects an invalid value with 400 naming the setting, and keeps the old config', async () => {
    const err = await expectClientError(patchConfig(admin.client, { ServiceSettings: { MaximumLoginAttempts: 0 } }), 400, 'model.config.is_valid.app_error');
    expect(err.message).to.include('ServiceSettings.MaximumLoginAttempts');
    const wrongType = await expectClientError(patchConfig(admin.client, { TeamSettings: { EnableOpenServer: 'yes' } }), 400, 'model.config.is_valid.app_error');
    expect(wrongType.message).to.include('TeamSettings.EnableOpenServer');
    const unknown = await expectClientError(patchConfig(admin.client, { TeamSettings: { NoSuchSetting: true } }), 400, 'model.config.is_valid.app_error');
    expect(unknown.message).to.include('TeamSettings.NoSuchSetting');
    expect(ts.config.get().ServiceSettings.MaximumLoginAttempts).to.equal(10);
  });

  it('refuses to change a setting fixed by an MM_* environment variable, naming the variable', async () => {
    const err = await expectClientError(patchConfig(admin.client, { TeamSettings: { SiteName: 'Other' } }), 400, 'app.config.update.environment_override.app_error');
    expect(err.message).to.include('TeamSettings.SiteName').and.include('MM_TEAMSETTINGS_SITENAME');
    expect((await admin.client.getConfig()).TeamSettings.SiteName).to.equal('Pinned Name');
  });

  it('lists the settings fixed by MM_* environment variables in GET /config/environment', async () => {
    expect(await admin.client.getEnvironmentConfig()).to.deep.equal({ TeamSettings: { SiteName: true } });
    await expectClientError(user.client.getEnvironmentConfig(), 403);
  });

  it('accepts a config that repeats the environment\'s value or omits its section', async () => {
    await patchConfig(admin.client, { TeamSettings: { SiteName: 'Pinned Name', MaxUsersPerTeam: 60 } });
    const config = await admin.client.getConfig();
    const { TeamSettings: _omitted, ...withoutTeam } = config;
    await admin.client.updateConfig(withoutTeam as AdminConfig);
    expect(ts.config.get().TeamSettings.SiteName).to.equal('Pinned Name');
  });

  it('forbids non-admins to read or change the config', async () => {
    await expectClientError(user.client.getConfig(), 403);
    await expectClientError(patchConfig(user.client, { TeamSettings: { EnableOpenServer: true } }), 403);
    await expectClientError(user.client.updateConfig({} as AdminConfig), 403);
    await expectClientError(ts.client().getConfig(), 401);
    expect(ts.config.get().TeamSettings.EnableOpenServer).to.equal(false);
  });
});

describe('config API with a list setting fixed by the environment', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  before(async () => {
    ts = await startTestServer({ env: { MM_PLUGINSETTINGS_SIGNATUREPUBLICKEYFILES: '/etc/parley/key.pub' } });
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts.close();
  });

  it('changes an unrelated section and the whole configuration, and refuses only a change of that list', async () => {
    expect((await patchConfig(admin.client, { TeamSettings: { SiteName: 'Renamed' } })).TeamSettings.SiteName).to.equal('Renamed');
    const config = await admin.client.getConfig();
    config.PrivacySettings.ShowFullName = false;
    expect((await admin.client.updateConfig(config)).PrivacySettings.ShowFullName).to.equal(false);
    const err = await expectClientError(patchConfig(admin.client, { PluginSettings: { SignaturePublicKeyFiles: ['/tmp/other.pub'] } }), 400, 'app.config.update.environment_override.app_error');
    expect(err.message).to.include('MM_PLUGINSETTINGS_SIGNATUREPUBLICKEYFILES');
    expect(ts.config.get().PluginSettings.SignaturePublicKeyFiles).to.deep.equal(['/etc/parley/key.pub']);
  });
});
