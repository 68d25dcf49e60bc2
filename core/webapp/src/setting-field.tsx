// One plugin setting of a manifest's settings_schema as a labelled control, for each of
// Mattermost's setting types.
import type { ReactNode } from 'react';
import type { PluginSetting } from '@parley/plugin-api/manifest';

interface FieldProps {
  setting: PluginSetting;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Unique prefix for element ids on the page. */
  idPrefix: string;
  /** Shown but not editable (a setting fixed by an environment variable). */
  disabled?: boolean;
  /** Extra description, after the help text (why the setting is disabled). */
  note?: string;
}

export function SettingField({ setting, value, onChange, idPrefix, disabled, note }: FieldProps) {
  const id = `${idPrefix}-${setting.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const label = setting.display_name || setting.key;
  const helpId = `${id}-help`;
  const hasHelp = typeof setting.help_text === 'string' && setting.help_text !== '';
  const help = (
    <>
      {hasHelp && <p className="help" id={helpId}>{setting.help_text}</p>}
      {note && <p className="note" id={`${id}-note`}>{note}</p>}
    </>
  );
  const describedBy = [hasHelp ? helpId : '', note ? `${id}-note` : ''].filter(Boolean).join(' ') || undefined;
  const text = value === undefined || value === null ? '' : String(value);

  switch (setting.type) {
    case 'bool':
      return (
        <Choices legend={label} name={id} disabled={disabled} describedBy={describedBy} help={help} options={[{ display_name: 'True', value: 'true' }, { display_name: 'False', value: 'false' }]} value={String(value === true)} onChange={(v) => onChange(v === 'true')} />
      );
    case 'radio':
      return <Choices legend={label} name={id} disabled={disabled} describedBy={describedBy} help={help} options={setting.options ?? []} value={text} onChange={onChange} />;
    case 'dropdown':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select id={id} disabled={disabled} value={text} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy}>
            {(setting.options ?? []).map((option) => (
              <option key={option.value} value={option.value}>
                {option.display_name}
              </option>
            ))}
          </select>
          {help}
        </div>
      );
    case 'longtext':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <textarea id={id} disabled={disabled} value={text} placeholder={setting.placeholder} rows={5} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} />
          {help}
        </div>
      );
    case 'generated':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <div className="generated">
            <input id={id} disabled={disabled} value={text} placeholder={setting.placeholder} readOnly aria-describedby={describedBy} />
            <button type="button" disabled={disabled} onClick={() => onChange(randomSecret())} aria-describedby={setting.regenerate_help_text ? `${id}-regenerate-help` : undefined} aria-label={`Regenerate ${label}`}>
              Regenerate
            </button>
          </div>
          {setting.regenerate_help_text && (
            <p className="help" id={`${id}-regenerate-help`}>
              {setting.regenerate_help_text}
            </p>
          )}
          {help}
        </div>
      );
    case 'custom':
      return (
        <div className="field">
          <p className="label-text">{label}</p>
          <p className="note">This is a custom setting: it needs the plugin's own web interface, which Parley's System Console does not load. Its value is kept as it is.</p>
          {help}
        </div>
      );
    default:
      // text, number and username
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            disabled={disabled}
            type={setting.type === 'number' ? 'number' : setting.secret ? 'password' : 'text'}
            autoComplete="off"
            value={text}
            placeholder={setting.placeholder}
            onChange={(e) => onChange(e.target.value)}
            aria-describedby={describedBy}
          />
          {help}
        </div>
      );
  }
}

interface ChoicesProps {
  legend: string;
  name: string;
  options: Array<{ display_name: string; value: string }>;
  value: string;
  onChange: (value: string) => void;
  describedBy: string | undefined;
  help: ReactNode;
  disabled: boolean | undefined;
}

/** Radio buttons in a fieldset: arrow keys move between them, Space picks one. */
function Choices({ legend, name, options, value, onChange, describedBy, help, disabled }: ChoicesProps) {
  return (
    <fieldset className="field" disabled={disabled} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.display_name}
        </label>
      ))}
      {help}
    </fieldset>
  );
}

/** A new value for a generated setting: 32 URL-safe random characters, as Mattermost makes them. */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}
