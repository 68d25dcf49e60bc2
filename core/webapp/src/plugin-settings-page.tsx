// A plugin's settings page, generated from its manifest's settings_schema: header, settings,
// sections, footer. Saved with PUT /config/patch into PluginSettings.Plugins[id]; the server checks
// the values against the schema and hands them to the running plugin (onConfigurationChange).
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { PluginManifest } from '@mattermost/types/plugins';
import type { AdminConfig } from '@mattermost/types/config';
import type { PluginSetting, SettingsSchema, SettingsSection } from '@parley/plugin-api/manifest';
import { client, errorText } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { ActionStatus, useAction } from './action-status.tsx';
import { SettingField } from './setting-field.tsx';
import { NavLink } from './nav-link.tsx';
import { PAGES } from './console-paths.ts';

type Values = Record<string, unknown>;

export function PluginSettingsPage({ pluginId }: { pluginId: string }) {
  const [manifest, setManifest] = useState<PluginManifest | null | undefined>(undefined);
  const [values, setValues] = useState<Values>({});
  const [loadError, setLoadError] = useState('');
  const save = useAction();

  useEffect(() => {
    Promise.all([client.getPlugins(), client.getConfig()]).then(
      ([plugins, config]) => {
        const found = [...plugins.active, ...plugins.inactive].find((m) => m.id === pluginId) ?? null;
        setManifest(found);
        if (found) setValues(initialValues(editable(schemaOf(found)), pluginValues(config, pluginId)));
      },
      (err: unknown) => setLoadError(`The plugin's settings could not be read: ${errorText(err)}`),
    );
  }, [pluginId]);

  if (loadError) return <p role="alert" className="error">{loadError}</p>;
  if (manifest === undefined) return <p role="status">Loading…</p>;
  if (manifest === null) {
    return (
      <>
        <PageHeading>Plugin not installed</PageHeading>
        <p>
          No plugin with the id {pluginId} is installed. See <NavLink to={PAGES.pluginManagement}>Plugin Management</NavLink>.
        </p>
      </>
    );
  }

  const schema = schemaOf(manifest);
  const name = manifest.name || manifest.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.busy) return;
    void save.run(async () => {
      // Plugins is one setting of its section, patched whole: start from the server's current map.
      const config = await client.getConfig();
      const plugins = { ...config.PluginSettings.Plugins };
      plugins[pluginId] = withValues(plugins[pluginId] ?? {}, editable(schema), values);
      await client.patchConfig({ PluginSettings: { Plugins: plugins } } as Partial<AdminConfig>);
      return `Settings saved: ${name} uses them now.`;
    });
  };
  const field = (setting: PluginSetting) => (
    <SettingField key={setting.key} setting={setting} idPrefix={`setting-${manifest.id}`} value={values[setting.key]} onChange={(value) => setValues((v) => ({ ...v, [setting.key]: value }))} />
  );

  return (
    <>
      <PageHeading>{name} settings</PageHeading>
      {schema.header && <p className="schema-header">{schema.header}</p>}
      <form onSubmit={submit} className="settings">
        {visible(schema.settings).map(field)}
        {(schema.sections ?? []).map((section) => (
          <SectionFields key={section.key} section={section} field={field} />
        ))}
        {schema.footer && <p className="schema-footer">{schema.footer}</p>}
        <div className="save-bar">
          <button type="submit" aria-disabled={save.busy || undefined}>
            {save.busy ? 'Saving…' : 'Save'}
          </button>
          <ActionStatus outcome={save.outcome} id="plugin-settings" />
        </div>
      </form>
    </>
  );
}

function SectionFields({ section, field }: { section: SettingsSection; field: (setting: PluginSetting) => ReactNode }) {
  const headingId = `section-${section.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const drawnByPlugin = section.custom && !section.fallback;
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{section.title || section.key}</h2>
      {section.subtitle && <p className="subtitle">{section.subtitle}</p>}
      {section.header && <p className="schema-header">{section.header}</p>}
      {drawnByPlugin ? <p className="note">This section is drawn by the plugin's own web interface, which Parley's System Console does not load.</p> : visible(section.settings).map(field)}
      {section.footer && <p className="schema-footer">{section.footer}</p>}
    </section>
  );
}

function schemaOf(manifest: PluginManifest): SettingsSchema {
  return (manifest.settings_schema ?? {}) as SettingsSchema;
}

/** Settings meant for a cloud installation are hidden on a server, as Mattermost does. */
function visible(settings: PluginSetting[] | undefined): PluginSetting[] {
  return (settings ?? []).filter((s) => s.hosting !== 'cloud');
}

/** The settings this page edits (custom ones keep their stored value; custom sections without fallback are the plugin's). */
function editable(schema: SettingsSchema): PluginSetting[] {
  const sections = (schema.sections ?? []).filter((s) => !s.custom || s.fallback).flatMap((s) => s.settings ?? []);
  return visible([...(schema.settings ?? []), ...sections]).filter((s) => s.type !== 'custom');
}

function pluginValues(config: AdminConfig, pluginId: string): Values {
  return (config.PluginSettings.Plugins?.[pluginId] ?? {}) as Values;
}

/** Stored values (keys compared ignoring case, as Mattermost lower-cases them) over the schema's defaults. */
function initialValues(settings: PluginSetting[], stored: Values): Values {
  const byLowerKey = new Map(Object.entries(stored).map(([key, value]) => [key.toLowerCase(), value]));
  const values: Values = {};
  for (const setting of settings) {
    const saved = byLowerKey.get(setting.key.toLowerCase());
    values[setting.key] = saved ?? setting.default ?? (setting.type === 'bool' ? false : '');
  }
  return values;
}

/** `stored` with the edited settings replaced (under the schema's own key) and the plugin's other keys kept. */
function withValues(stored: Values, settings: PluginSetting[], values: Values): Values {
  const next = { ...stored };
  for (const setting of settings) {
    for (const key of Object.keys(next)) if (key.toLowerCase() === setting.key.toLowerCase()) delete next[key];
    const value = values[setting.key];
    if (setting.type !== 'number' || typeof value !== 'string') next[setting.key] = value;
    // A number field holds text: saved as a number; left empty, the plugin gets the schema's default.
    else if (value.trim() !== '') next[setting.key] = Number(value);
  }
  return next;
}
