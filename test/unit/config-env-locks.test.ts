// Every setting an environment variable can fix, fixed one at a time: the rest of the configuration
// stays changeable through the API, and only a change to that very setting is refused.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, envName } from '../../core/src/config/load-config.ts';
import { ConfigService } from '../../core/src/config/config-service.ts';
import { CONFIG_SCHEMA } from '../../core/src/config/config-schema.ts';
import { AppError } from '../../core/src/errors/app-error.ts';

interface SettingSchema {
  type: string;
  default?: unknown;
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

/** Values the environment could carry for settings whose strings follow a pattern, as a deployment would set them. */
const PATTERNED: Record<string, string> = {
  'ServiceSettings.SiteURL': 'https://chat.example.com',
  'ServiceSettings.ListenAddress': '127.0.0.1:9065',
  'SqlSettings.DataSource': 'postgres://parley:secret@db.internal:5432/parley',
  'PluginSettings.MarketplaceURL': 'https://marketplace.example.com',
  'ClusterSettings.ClusterName': 'production',
  'ClusterSettings.RedisUrl': 'redis://redis.internal:6379/0',
  ...Object.fromEntries(
    ['GitLabSettings', 'GoogleSettings', 'Office365Settings', 'OpenIdSettings'].flatMap((section) =>
      ['AuthEndpoint', 'TokenEndpoint', 'UserAPIEndpoint', 'DiscoveryEndpoint'].map((setting) => [`${section}.${setting}`, `https://sso.example.com/${setting.toLowerCase()}`]),
    ),
  ),
  'Office365Settings.DirectoryId': 'contoso.onmicrosoft.com',
  'SamlSettings.IdpURL': 'https://idp.example.com/saml/sso',
  'SamlSettings.IdpMetadataURL': 'https://idp.example.com/saml/metadata',
  'SamlSettings.AssertionConsumerServiceURL': 'https://chat.example.com/login/sso/saml',
  'SamlSettings.IdpCertificateFile': 'saml-idp.crt',
  'SamlSettings.PublicCertificateFile': 'saml-public.crt',
  'SamlSettings.PrivateKeyFile': 'saml-private.key',
  'EmailSettings.FeedbackEmail': 'chat@example.com',
  'EmailSettings.SMTPPort': '587',
  'FileSettings.PublicLinkSalt': 'an-environment-salt-of-at-least-32-characters',
};
/** Other variables a setting's value needs to be valid (a cluster needs its Redis). */
const COMPANIONS: Record<string, Record<string, string>> = {
  'ClusterSettings.Enable': { MM_CLUSTERSETTINGS_REDISURL: 'redis://redis.internal:6379/0' },
};

/** An environment value for the setting that differs from its default. */
function envValue(name: string, setting: string, schema: SettingSchema): string {
  if (name in PATTERNED) return PATTERNED[name];
  switch (schema.type) {
    case 'boolean':
      return String(!schema.default);
    case 'integer': {
      const base = Number(schema.default) + 1;
      return String(schema.maximum !== undefined && base > schema.maximum ? Number(schema.default) - 1 : base);
    }
    case 'array':
      return name === 'PluginSettings.TrustedPlugins' ? 'com.example.one com.example.two' : '/etc/parley/one.pub /etc/parley/two.pub';
    case 'object':
      return name === 'PluginSettings.PluginStates' ? '{"com.example.env":{"Enable":true}}' : '{"com.example.env":{"Greeting":"hi"}}';
    default:
      if (schema.enum) return schema.enum.find((v) => v !== schema.default) ?? String(schema.default);
      if (schema.pattern) throw new Error(`add a valid value for ${name} to PATTERNED`);
      return `${setting} env`;
  }
}

const SETTINGS = Object.entries(CONFIG_SCHEMA.properties).flatMap(([section, sectionSchema]) =>
  Object.entries((sectionSchema as { properties: Record<string, SettingSchema> }).properties).map(([setting, schema]) => ({
    section,
    setting,
    name: `${section}.${setting}`,
    schema,
  })),
);

function refusedAsLocked(change: () => unknown): AppError {
  try {
    change();
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).id).to.equal('app.config.update.environment_override.app_error');
    return err as AppError;
  }
  throw new Error('the change was accepted');
}

describe('settings fixed by the environment', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-env-locks-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const { section, setting, name, schema } of SETTINGS) {
    it(`keeps the rest of the configuration changeable when ${envName(section, setting)} is set`, async () => {
      const variable = envName(section, setting);
      const service = new ConfigService(loadConfig({ MM_DATA_DIR: dir, [variable]: envValue(name, setting, schema), ...COMPANIONS[name] }, dir), { persist: false });
      const pinned = structuredClone((service.get() as unknown as Record<string, Record<string, unknown>>)[section][setting]);

      // An unrelated setting, as PUT /config/patch sends it.
      const unrelated = name === 'TeamSettings.SiteName' ? { TeamSettings: { MaxUsersPerTeam: 77 } } : { TeamSettings: { SiteName: 'Changed' } };
      service.patch(unrelated);
      // Enabling a plugin, as POST /plugins/{id}/enable does.
      if (name !== 'PluginSettings.PluginStates') {
        service.patch({ PluginSettings: { PluginStates: { ...service.get().PluginSettings.PluginStates, 'com.example.enabled': { Enable: true } } } });
        expect(service.get().PluginSettings.PluginStates['com.example.enabled']).to.deep.equal({ Enable: true });
      }
      // The whole configuration sent back as GET /config showed it (secrets masked), as PUT /config does.
      service.replace(service.sanitized());

      const current = (service.get() as unknown as Record<string, Record<string, unknown>>)[section][setting];
      expect(current).to.deep.equal(pinned);
      const other = schema.type === 'boolean' ? !current : schema.type === 'integer' ? (current as number) - 1 : schema.type === 'array' ? [] : schema.type === 'object' ? {} : '';
      const err = refusedAsLocked(() => service.patch({ [section]: { [setting]: other } }));
      expect(err.message).to.include(name).and.include(variable);
    });
  }
});
