// Checks the values saved in PluginSettings.Plugins[<id>] against the plugin's settings_schema,
// by setting type, as the System Console would. Keys are compared ignoring case (Mattermost
// lower-cases them); keys the schema does not name are the plugin's own (SavePluginConfig).
import { allSettings, type PluginSetting, type SettingsSchema } from '@parley/plugin-api/manifest';

/** Why `values` do not fit `schema` (one line per bad setting), or an empty list. */
export function pluginSettingProblems(schema: SettingsSchema | undefined, values: Record<string, unknown>): string[] {
  const settings = new Map(allSettings(schema).map((s) => [s.key.toLowerCase(), s]));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const setting = settings.get(key.toLowerCase());
    if (!setting || value === null) continue;
    const problem = valueProblem(setting, value);
    if (problem) problems.push(`setting "${setting.key}" ${problem}`);
  }
  return problems;
}

function valueProblem(setting: PluginSetting, value: unknown): string | undefined {
  switch (setting.type) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      // The System Console saves numbers as strings; both are accepted.
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))
        ? undefined
        : 'must be a number';
    case 'radio':
    case 'dropdown': {
      const allowed = (setting.options ?? []).map((o) => o.value);
      return allowed.includes(value as string) ? undefined : `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'custom':
      return undefined;
    default:
      return typeof value === 'string' ? undefined : 'must be a string';
  }
}
