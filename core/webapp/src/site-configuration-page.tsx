// Site Configuration: the settings an admin needs on day one (site URL, sign-up, multi-factor
// authentication, plugin uploads, the marketplace and the keys trusted to sign bundles). Saved with PUT /config/patch; settings an
// environment variable fixes (GET /config/environment) are shown disabled with the variable's name.
// Its form (SettingsPage) serves the other console pages of server settings too.
import { useEffect, useState, type FormEvent } from 'react';
import type { AdminConfig } from '@mattermost/types/config';
import type { PluginSetting } from '@parley/plugin-api/manifest';
import { client, errorText } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { ActionStatus, useAction } from './action-status.tsx';
import { SettingField } from './setting-field.tsx';
import { ListEditor } from './list-editor.tsx';

export interface SiteSetting {
  section: string;
  key: string;
  label: string;
  /** secret: shown masked by the server, typed in a password field, sent only when changed. */
  type: 'bool' | 'text' | 'list' | 'secret' | 'number' | 'dropdown';
  help: string;
  /** The choices of a dropdown. */
  options?: Array<{ display_name: string; value: string }>;
}

export type SettingGroups = Array<{ title: string; settings: SiteSetting[] }>;

const GROUPS: SettingGroups = [
  {
    title: 'Site',
    settings: [{ section: 'ServiceSettings', key: 'SiteURL', label: 'Site URL', type: 'text', help: 'The address people use to reach this server, such as https://chat.example.com. Links in notifications and plugin callbacks are built from it.' }],
  },
  {
    title: 'Sign-up',
    settings: [
      { section: 'TeamSettings', key: 'EnableUserCreation', label: 'Enable account creation', type: 'bool', help: 'False: only system admins can create accounts.' },
      { section: 'TeamSettings', key: 'EnableOpenServer', label: 'Enable open server', type: 'bool', help: 'True: anyone can sign up without an invitation.' },
    ],
  },
  {
    title: 'Multi-factor authentication',
    settings: [
      { section: 'ServiceSettings', key: 'EnableMultifactorAuthentication', label: 'Enable multi-factor authentication', type: 'bool', help: 'True: users can turn on sign-in codes from an authenticator app in their account menu.' },
      { section: 'ServiceSettings', key: 'EnforceMultifactorAuthentication', label: 'Enforce multi-factor authentication', type: 'bool', help: 'True: people who sign in with a password must set MFA up before using the server. Needs the setting above.' },
    ],
  },
  {
    title: 'Plugins',
    settings: [
      { section: 'PluginSettings', key: 'EnableUploads', label: 'Plugin uploads', type: 'bool', help: 'True: system admins can upload plugin bundles (.tar.gz) in Plugin Management.' },
      { section: 'PluginSettings', key: 'EnableMarketplace', label: 'Enable the marketplace', type: 'bool', help: 'True: the Marketplace page lists plugins and installs them with one click.' },
      { section: 'PluginSettings', key: 'EnableRemoteMarketplace', label: 'Use the remote marketplace', type: 'bool', help: 'True: the Marketplace page includes the plugins of the marketplace at the URL below.' },
      { section: 'PluginSettings', key: 'MarketplaceURL', label: 'Marketplace URL', type: 'text', help: 'A marketplace speaking Mattermost’s marketplace API, such as your own parley-marketplace.' },
      { section: 'PluginSettings', key: 'SignaturePublicKeyFiles', label: 'Trusted public key files', type: 'list', help: 'Paths, on the server, of the Ed25519 public keys (PEM) whose signatures are trusted. Relative paths are under the data directory.' },
      { section: 'PluginSettings', key: 'RequirePluginSignature', label: 'Require plugin signatures', type: 'bool', help: 'True: an uploaded bundle without a valid signature from a trusted key is refused.' },
    ],
  },
];

type Values = Record<string, unknown>;
type Sections = Record<string, Record<string, unknown>>;

const nameOf = (s: SiteSetting) => `${s.section}.${s.key}`;
const envName = (s: SiteSetting) => `MM_${s.section}_${s.key}`.toUpperCase();

export function SiteConfigurationPage() {
  return <SettingsPage title="Site Configuration" idPrefix="site" groups={GROUPS} />;
}

/** A System Console page of server settings in groups, saved together with PUT /config/patch. */
export function SettingsPage({ title, idPrefix, groups }: { title: string; idPrefix: string; groups: SettingGroups }) {
  const [loaded, setLoaded] = useState<Values | null>(null);
  const [values, setValues] = useState<Values>({});
  const [locked, setLocked] = useState<Sections>({});
  const [loadError, setLoadError] = useState('');
  const save = useAction();

  useEffect(() => {
    // Settings fixed by the environment; a server that cannot tell leaves every field editable and refuses changes itself.
    const environment = client.getEnvironmentConfig().catch(() => ({}));
    Promise.all([client.getConfig(), environment]).then(
      ([config, env]) => {
        const current = valuesOf(config, groups);
        setLoaded(current);
        setValues(current);
        setLocked(env as Sections);
      },
      (err: unknown) => setLoadError(`The configuration could not be read: ${errorText(err)}`),
    );
  }, []);

  if (loadError) return <p role="alert" className="error">{loadError}</p>;
  if (!loaded) return <p role="status">Loading…</p>;

  const isLocked = (s: SiteSetting) => locked[s.section]?.[s.key] === true;
  // A setting this server's configuration does not have (yet) cannot be saved: shown, not editable.
  const isUnknown = (s: SiteSetting) => loaded[nameOf(s)] === undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.busy) return;
    void save.run(async () => {
      const patch: Sections = {};
      for (const setting of groups.flatMap((g) => g.settings)) {
        const value = setting.type === 'list' ? (values[nameOf(setting)] as string[]).map((v) => v.trim()).filter(Boolean) : values[nameOf(setting)];
        if (isLocked(setting) || isUnknown(setting) || JSON.stringify(value) === JSON.stringify(loaded[nameOf(setting)])) continue;
        (patch[setting.section] ??= {})[setting.key] = value;
      }
      if (Object.keys(patch).length === 0) return 'Nothing changed: there is nothing to save.';
      const saved = valuesOf(await client.patchConfig(patch as Partial<AdminConfig>), groups);
      setLoaded(saved);
      setValues(saved);
      return 'Configuration saved.';
    });
  };

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <form onSubmit={submit} className="settings">
        {groups.map((group) => (
          <section key={group.title} className="settings-section" aria-labelledby={`${idPrefix}-${group.title}`}>
            <h2 id={`${idPrefix}-${group.title}`}>{group.title}</h2>
            {group.settings.map((setting) => {
              const note = isLocked(setting)
                ? `Set by the environment variable ${envName(setting)}: change it there and restart the server.`
                : isUnknown(setting)
                  ? `This server's configuration has no ${nameOf(setting)} setting: it cannot be changed here.`
                  : undefined;
              const id = `${idPrefix}-${setting.section}-${setting.key}`;
              const set = (value: unknown) => setValues((v) => ({ ...v, [nameOf(setting)]: value }));
              return setting.type === 'list' ? (
                <ListEditor key={id} id={id} legend={setting.label} itemLabel="Public key file" values={values[nameOf(setting)] as string[]} onChange={set} help={setting.help} note={note} disabled={isLocked(setting)} placeholder="/etc/parley/keys/release.pub" />
              ) : (
                <SettingField
                  key={id}
                  idPrefix={idPrefix}
                  setting={asField(setting)}
                  value={values[nameOf(setting)]}
                  onChange={(value) => set(setting.type === 'number' && value !== '' ? Number(value) : value)}
                  disabled={isLocked(setting) || isUnknown(setting)}
                  note={note}
                />
              );
            })}
          </section>
        ))}
        <div className="save-bar">
          <button type="submit" aria-disabled={save.busy || undefined}>
            {save.busy ? 'Saving…' : 'Save'}
          </button>
          <ActionStatus outcome={save.outcome} id={`${idPrefix}-config`} />
        </div>
      </form>
    </>
  );
}

function asField(setting: SiteSetting): PluginSetting {
  const type = setting.type === 'bool' || setting.type === 'number' || setting.type === 'dropdown' ? setting.type : 'text';
  return { key: `${setting.section}-${setting.key}`, display_name: setting.label, type, secret: setting.type === 'secret', help_text: setting.help, options: setting.options };
}

function valuesOf(config: AdminConfig, groups: SettingGroups): Values {
  const sections = config as unknown as Sections;
  return Object.fromEntries(groups.flatMap((g) => g.settings).map((s) => [nameOf(s), structuredClone(sections[s.section]?.[s.key])]));
}
