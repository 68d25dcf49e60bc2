// Plugins for the System Console suites: one with a setting of every Mattermost type that reports
// the settings it was last given (GET /plugins/<id>/seen), and a plain one to upload.
import type { TestServer } from './test-server.ts';
import type { PluginSpec } from './plugin-bundles.ts';

export const DEMO_ID = 'com.example.console-demo';
export const DEMO_NAME = 'Console Demo';

/** Keeps what api.config.get() answered at activation and at every configuration change. */
const REPORTS_ITS_SETTINGS = `export default (api) => {
  let seen = {};
  const load = async () => { seen = await api.config.get(); };
  return {
    onActivate: load,
    onConfigurationChange: load,
    serveHttp() {
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(seen) };
    },
  };
};`;

export function demoPlugin(version = '1.0.0'): PluginSpec {
  return {
    id: DEMO_ID,
    version,
    server: REPORTS_ITS_SETTINGS,
    manifest: {
      name: DEMO_NAME,
      description: 'Shows every kind of plugin setting in the System Console.',
      permissions: { api: ['config'] },
      settings_schema: {
        header: 'Settings of the console demo.',
        footer: 'Saved settings reach the plugin at once.',
        settings: [
          { key: 'Greeting', display_name: 'Greeting', type: 'text', default: 'hello', help_text: 'What the plugin says.' },
          { key: 'Loud', display_name: 'Loud', type: 'bool', default: false },
          { key: 'Colour', display_name: 'Colour', type: 'dropdown', default: 'blue', options: [{ display_name: 'Blue', value: 'blue' }, { display_name: 'Green', value: 'green' }] },
          { key: 'Size', display_name: 'Size', type: 'radio', default: 'small', options: [{ display_name: 'Small', value: 'small' }, { display_name: 'Large', value: 'large' }] },
          { key: 'Notes', display_name: 'Notes', type: 'longtext', placeholder: 'Anything' },
          { key: 'Limit', display_name: 'Limit', type: 'number', default: 5 },
          { key: 'Owner', display_name: 'Owner', type: 'username' },
          { key: 'Secret', display_name: 'Webhook secret', type: 'generated', regenerate_help_text: 'Makes a new secret; the old one stops working.' },
          { key: 'Layout', display_name: 'Layout', type: 'custom' },
        ],
        sections: [{ key: 'advanced', title: 'Advanced', subtitle: 'For the curious.', settings: [{ key: 'Retries', display_name: 'Retries', type: 'number', default: 3 }] }],
      },
    },
  };
}

/** What the running demo plugin was last told its settings are. */
export async function settingsSeenByDemo(ts: TestServer): Promise<Record<string, unknown>> {
  const response = await fetch(`${ts.url}/plugins/${DEMO_ID}/seen`);
  if (response.status !== 200) throw new Error(`the demo plugin answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
