import { expect } from 'chai';
import { allSettings, checkServerCompatibility, ManifestError, parseManifest, validateManifest, type Manifest, type ManifestProblem } from '@parley/plugin-api/manifest';

const VALID = {
  id: 'com.example.valid',
  name: 'Valid',
  description: 'Uses every field',
  version: '1.2.3',
  min_server_version: '10.0.0',
  homepage_url: 'https://example.com/valid',
  support_url: 'http://support.example.com',
  release_notes_url: 'https://example.com/valid/releases/1.2.3',
  icon_path: 'assets/icon.svg',
  server: { executable: 'server/plugin.js', executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64', 'windows-amd64': 'server/dist/plugin-windows-amd64.exe' } },
  webapp: { bundle_path: 'webapp/dist/main.js' },
  settings_schema: {
    header: 'Header',
    footer: 'Footer',
    sections: [
      {
        key: 'Advanced',
        title: 'Advanced',
        subtitle: 'For the brave',
        header: 'Careful',
        footer: 'Done',
        custom: true,
        fallback: false,
        settings: [{ key: 'Depth', type: 'number', default: 3 }],
      },
    ],
    settings: [
      { key: 'Greeting', display_name: 'Greeting', type: 'text', placeholder: 'Hello', default: 'Hi' },
      { key: 'Enabled', type: 'bool', default: true },
      { key: 'Limit', type: 'number', default: 10 },
      { key: 'Mode', type: 'dropdown', default: 'fast', options: [{ display_name: 'Fast', value: 'fast' }, { display_name: 'Slow', value: 'slow' }] },
      { key: 'Secret', type: 'generated', regenerate_help_text: 'Makes a new one', secret: true },
      { key: 'Panel', type: 'custom', default: { any: 'thing' }, hosting: 'on-prem' },
    ],
  },
  permissions: {
    api: ['posts', 'kv', 'http'],
    http_hosts: ['api.example.com', 'example.com:8443', '*.example.org', 'localhost'],
    core_routes: ['/hooks'],
  },
  props: { anything: [1, 2] },
  required_configuration: { ServiceSettings: { EnableCommands: true } },
};

type Patch = (m: Record<string, any>) => void;

function manifestWith(patch: Patch): Record<string, any> {
  const manifest = structuredClone(VALID) as Record<string, any>;
  patch(manifest);
  return manifest;
}

function manifestError(value: unknown): ManifestError {
  try {
    validateManifest(value);
  } catch (err) {
    expect(err).to.be.instanceOf(ManifestError);
    return err as ManifestError;
  }
  expect.fail('validateManifest accepted the manifest');
}

const setting = (index: number, patch: Record<string, unknown>): Patch => (m) => Object.assign(m.settings_schema.settings[index], patch);
const section = (patch: Record<string, unknown>): Patch => (m) => Object.assign(m.settings_schema.sections[0], patch);

// Each case breaks one rule: [the field the error must name, why, the change].
const BROKEN: Array<[string, string, Patch]> = [
  ['id', 'the id is shorter than 3 characters', (m) => (m.id = 'ab')],
  ['id', 'the id is longer than 190 characters', (m) => (m.id = 'a'.repeat(191))],
  ['id', 'the id holds a slash', (m) => (m.id = 'com/example')],
  ['id', 'the id is missing', (m) => delete m.id],
  ['name', 'the name is missing', (m) => delete m.name],
  ['name', 'the name is blank', (m) => (m.name = '   ')],
  ['version', 'the version has a leading v', (m) => (m.version = 'v1.2.3')],
  ['version', 'the version is not full semver', (m) => (m.version = '1.2')],
  ['version', 'the version is a number', (m) => (m.version = 1)],
  ['min_server_version', 'min_server_version is not semver', (m) => (m.min_server_version = '10')],
  ['homepage_url', 'homepage_url is an ftp URL', (m) => (m.homepage_url = 'ftp://example.com')],
  ['support_url', 'support_url is not a URL', (m) => (m.support_url = 'support page')],
  ['release_notes_url', 'release_notes_url is a javascript: URL', (m) => (m.release_notes_url = 'javascript:alert(1)')],
  ['icon_path', 'icon_path is absolute', (m) => (m.icon_path = '/etc/icon.svg')],
  ['icon_path', 'icon_path climbs out of the bundle', (m) => (m.icon_path = '../icon.svg')],
  ['server.executable', 'server.executable climbs out through a folder', (m) => (m.server.executable = 'server/../../plugin.js')],
  ['server.executable', 'server.executable is absolute', (m) => (m.server.executable = '/usr/bin/node')],
  ['server.executable', 'server.executable uses backslashes', (m) => (m.server.executable = 'server\\plugin.js')],
  ['server', 'server has neither executable nor executables', (m) => (m.server = {})],
  ['server.executables', 'server.executables is a list', (m) => (m.server.executables = ['server/dist/plugin'])],
  ['server.executables.linux-amd64', 'an executable climbs out of the bundle', (m) => (m.server.executables['linux-amd64'] = '../plugin')],
  ['server.executables.darwin-arm64', 'an executable path is a number', (m) => (m.server.executables['darwin-arm64'] = 7)],
  ['webapp.bundle_path', 'webapp has no bundle_path', (m) => (m.webapp = {})],
  ['webapp.bundle_path', 'webapp.bundle_path is absolute', (m) => (m.webapp.bundle_path = '/srv/main.js')],
  ['webapp', 'webapp is a string', (m) => (m.webapp = 'webapp/dist/main.js')],
  ['props', 'props is a list', (m) => (m.props = [1])],
  ['required_configuration', 'required_configuration is a string', (m) => (m.required_configuration = 'EnableCommands')],
  ['settings_schema.settings[0].type', 'a setting type is unknown', setting(0, { type: 'color' })],
  ['settings_schema.settings[0].key', 'a setting has no key', (m) => delete m.settings_schema.settings[0].key],
  ['settings_schema.settings[0].options', 'a text setting has options', setting(0, { options: [{ display_name: 'A', value: 'a' }] })],
  ['settings_schema.settings[3].options', 'a dropdown setting has no options', (m) => delete m.settings_schema.settings[3].options],
  ['settings_schema.settings[3].options[1].value', 'an option value is empty', (m) => (m.settings_schema.settings[3].options[1].value = '')],
  ['settings_schema.settings[3].options[0].display_name', 'an option name is empty', (m) => (m.settings_schema.settings[3].options[0].display_name = '')],
  ['settings_schema.settings[1].placeholder', 'a bool setting has a placeholder', setting(1, { placeholder: 'yes?' })],
  ['settings_schema.settings[0].regenerate_help_text', 'a text setting has regenerate_help_text', setting(0, { regenerate_help_text: 'again' })],
  ['settings_schema.settings[1].default', 'a bool default is a string', setting(1, { default: 'true' })],
  ['settings_schema.settings[2].default', 'a number default is a string', setting(2, { default: '10' })],
  ['settings_schema.settings[3].default', 'a dropdown default is no option', setting(3, { default: 'medium' })],
  ['settings_schema.settings[0].default', 'a text default is a number', setting(0, { default: 5 })],
  ['settings_schema.settings[1].key', 'two keys differ only in case', setting(1, { key: 'GREETING' })],
  ['settings_schema.sections', 'sections is an object', (m) => (m.settings_schema.sections = {})],
  ['settings_schema.sections[0].key', 'a section has no key', (m) => delete m.settings_schema.sections[0].key],
  ['settings_schema.sections[1].key', 'two sections share a key', (m) => m.settings_schema.sections.push({ key: 'Advanced' })],
  ['settings_schema.sections[0].custom', 'a section custom flag is a string', section({ custom: 'yes' })],
  ['settings_schema.sections[0].fallback', 'a section fallback flag is a number', section({ fallback: 1 })],
  ['settings_schema.sections[0].title', 'a section title is a number', section({ title: 1 })],
  ['settings_schema.sections[0].settings[0].type', 'a section setting type is unknown', (m) => (m.settings_schema.sections[0].settings[0].type = 'color')],
  ['settings_schema.sections[0].settings[0].default', 'a section number default is a string', (m) => (m.settings_schema.sections[0].settings[0].default = 'deep')],
  ['settings_schema.sections[0].settings[0].key', 'a section setting repeats a top-level key', (m) => (m.settings_schema.sections[0].settings[0].key = 'limit')],
  ['permissions.read_files', 'permissions has a field Parley does not define', (m) => (m.permissions.read_files = true)],
  ['permissions', 'permissions is a list', (m) => (m.permissions = ['kv'])],
  ['permissions.api', 'permissions.api is missing', (m) => delete m.permissions.api],
  ['permissions.api[3]', 'permissions.api names an unknown group', (m) => m.permissions.api.push('files')],
  ['permissions.api', 'permissions.api lists a group twice', (m) => m.permissions.api.push('kv')],
  ['permissions.http_hosts[0]', 'a host is a URL', (m) => (m.permissions.http_hosts[0] = 'https://api.example.com')],
  ['permissions.http_hosts[0]', 'a host is a wildcard with a port', (m) => (m.permissions.http_hosts[0] = '*:443')],
  ['permissions.core_routes[0]', 'a core route is relative', (m) => (m.permissions.core_routes[0] = 'hooks')],
  ['permissions.core_routes[0]', 'a core route ends with a slash', (m) => (m.permissions.core_routes[0] = '/hooks/')],
  ['permissions.core_routes[0]', 'a core route climbs with ..', (m) => (m.permissions.core_routes[0] = '/api/../hooks')],
  ['permissions.core_routes[0]', 'a core route carries a query', (m) => (m.permissions.core_routes[0] = '/hooks?x=1')],
  ['permissions.http_hosts[0]', 'a host has a port above 65535', (m) => (m.permissions.http_hosts[0] = 'example.com:70000')],
  ['permissions.http_hosts[0]', 'a host has a wildcard inside', (m) => (m.permissions.http_hosts[0] = 'api.*.example.com')],
  ['permissions.http_hosts', 'the http group has no hosts', (m) => (m.permissions.http_hosts = [])],
  ['permissions.http_hosts', 'hosts are listed without the http group', (m) => (m.permissions.api = ['kv'])],
];

describe('plugin manifest', () => {
  it('accepts a manifest that uses every field and returns it unchanged', async () => {
    expect(validateManifest(VALID)).to.deep.equal(VALID);
  });

  it('accepts a minimal manifest', async () => {
    const minimal = { id: 'abc', name: 'A', version: '0.0.1', permissions: { api: [] } };
    expect(validateManifest(minimal)).to.deep.equal(minimal);
  });

  it('accepts a Mattermost starter-template manifest with webapp and native executables', async () => {
    const mattermost = {
      id: 'com.mattermost.plugin-starter-template',
      name: 'Plugin Starter Template',
      description: 'This plugin serves as a starting point for writing a Mattermost plugin.',
      homepage_url: 'https://github.com/mattermost/mattermost-plugin-starter-template',
      support_url: 'https://github.com/mattermost/mattermost-plugin-starter-template/issues',
      icon_path: 'assets/starter-template-icon.svg',
      version: '0.1.0',
      min_server_version: '6.2.1',
      server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64', 'darwin-arm64': 'server/dist/plugin-darwin-arm64' } },
      webapp: { bundle_path: 'webapp/dist/main.js' },
      settings_schema: { header: '', footer: '', settings: [] },
    };
    expect(validateManifest(mattermost)).to.deep.equal({ ...mattermost, permissions: { api: [] } });
  });

  it('drops fields nobody defines, at any depth, and reports each as a warning', async () => {
    const warnings: ManifestProblem[] = [];
    const input = manifestWith((m) => {
      m.requiredConfig = { ServiceSettings: {} };
      m.server.runtime = 'deno';
      m.settings_schema.settings[0].validation = 'email';
      m.settings_schema.sections[0].icon = 'gear';
    });
    const manifest = validateManifest(input, { onWarning: (warning) => warnings.push(warning) });
    expect(manifest).to.deep.equal(VALID);
    expect(warnings.map((w) => w.field)).to.have.members(['requiredConfig', 'server.runtime', 'settings_schema.settings[0].validation', 'settings_schema.sections[0].icon']);
    expect(warnings[0].message).to.match(/ignored/);
    expect(input.requiredConfig).to.deep.equal({ ServiceSettings: {} });
  });

  it('reports no warnings for a manifest it refuses', async () => {
    const warnings: ManifestProblem[] = [];
    expect(() => validateManifest({ ...VALID, id: 'x', extra: 1 }, { onWarning: (warning) => warnings.push(warning) })).to.throw(ManifestError);
    expect(warnings).to.deep.equal([]);
  });

  it('lists top-level settings, then those of each section', async () => {
    expect(allSettings(validateManifest(VALID).settings_schema).map((s) => s.key)).to.deep.equal(['Greeting', 'Enabled', 'Limit', 'Mode', 'Secret', 'Panel', 'Depth']);
  });

  it('accepts * as an http host: any host, for integrations that call URLs their users configure', async () => {
    expect(validateManifest(manifestWith((m) => (m.permissions.http_hosts = ['*']))).permissions.http_hosts).to.deep.equal(['*']);
  });

  it('accepts pre-release and build versions', async () => {
    expect(validateManifest({ ...VALID, version: '2.0.0-beta.1+build.7' }).version).to.equal('2.0.0-beta.1+build.7');
  });

  it('lower-cases the id and the http hosts without changing its input', async () => {
    const input = manifestWith((m) => {
      m.id = 'Com.Example.MixedCase';
      m.permissions.http_hosts = ['API.Example.com'];
    });
    const manifest = validateManifest(input);
    expect(manifest.id).to.equal('com.example.mixedcase');
    expect(manifest.permissions.http_hosts).to.deep.equal(['api.example.com']);
    expect(input.id).to.equal('Com.Example.MixedCase');
  });

  for (const [field, why, patch] of BROKEN) {
    it(`names ${field} when ${why}`, async () => {
      const error = manifestError(manifestWith(patch));
      expect(error.problems.map((p) => p.field)).to.deep.equal([field]);
      expect(error.message).to.contain(`${field}: `);
    });
  }

  it('names every bad field in one error when several rules are broken', async () => {
    const error = manifestError(manifestWith((m) => {
      m.id = 'x';
      m.version = 'latest';
      m.permissions.api = ['root'];
    }));
    expect(error.problems.map((p) => p.field)).to.have.members(['id', 'version', 'permissions.api[0]', 'permissions.http_hosts']);
    expect(error.message).to.match(/^invalid plugin manifest: /).and.contain('version: must be a semantic version');
  });

  it('refuses a manifest that is not an object', async () => {
    expect(manifestError([VALID]).problems).to.deep.equal([{ field: '(root)', message: 'must be an object' }]);
  });

  it('refuses plugin.json text that is not JSON', async () => {
    expect(() => parseManifest('{"id": "com.example",')).to.throw(ManifestError, /plugin\.json is not valid JSON/);
  });

  it('parses plugin.json text into a validated manifest', async () => {
    expect(parseManifest(JSON.stringify({ ...VALID, id: 'COM.EXAMPLE.VALID' }))).to.deep.equal(VALID);
  });
});

describe('server compatibility', () => {
  const manifest = (min: string): Manifest => validateManifest({ ...VALID, min_server_version: min });

  it('refuses a plugin whose min_server_version is newer than the server, naming both versions', async () => {
    expect(() => checkServerCompatibility(manifest('11.0.0'), '10.5.0')).to.throw(
      ManifestError,
      'plugin com.example.valid 1.2.3 requires server version 11.0.0 or newer; this server is 10.5.0',
    );
  });

  it('accepts a plugin whose min_server_version equals or precedes the server version', async () => {
    checkServerCompatibility(manifest('10.5.0'), '10.5.0');
    checkServerCompatibility(manifest('9.11.2'), '10.5.0');
  });

  it('accepts a plugin without min_server_version', async () => {
    const { min_server_version: _, ...rest } = VALID;
    checkServerCompatibility(validateManifest(rest), '0.0.1');
  });
});

describe('the manifest\'s UI contract (ui)', () => {
  const base = { id: 'com.example.ui', name: 'UI', version: '1.0.0', permissions: { api: [] } };
  const ui = {
    version: 1,
    channel_header_buttons: [{ id: 'start', label: 'Start a run', icon: 'public/run.svg', action: { type: 'route', path: '/ui/start' } }],
    post_menu_actions: [{ id: 'attach', label: 'Attach to a run', action: { type: 'dialog', path: '/ui/attach', dialog: { title: 'Attach' } } }],
    app_bar_items: [{ id: 'open', label: 'Runs', action: { type: 'view', view: 'runs' } }],
    slash_command_hooks: [{ id: 'subscribe', command: '/jira subscribe', action: { type: 'view', view: 'runs' } }],
    post_types: [{ type: 'custom_run_update', blocks: [{ text: '**{{props.title}}**' }, { badge: { text: '{{props.status}}', color: 'success' } }, { progress: { value: '{{props.done}}', max: '{{props.total}}' } }, { buttons: [{ id: 'ack', label: 'Acknowledge', action: { type: 'route', path: '/ui/ack' } }] }] }],
    views: [{ id: 'runs', path: 'public/views/runs.html', placement: 'rhs', title: 'Runs' }],
  };
  const problems = (manifest: unknown): readonly ManifestProblem[] => {
    try {
      validateManifest(manifest);
      return [];
    } catch (err) {
      return (err as ManifestError).problems;
    }
  };

  it('accepts every surface, view, post type and media permission', async () => {
    const manifest = { ...base, ui, permissions: { api: [], media: ['microphone', 'display-capture'] } };
    expect(validateManifest(manifest)).to.deep.equal(manifest);
  });

  it('refuses unknown fields inside ui, where Mattermost manifests have none to lose', async () => {
    expect(problems({ ...base, ui: { ...ui, sidebar_widgets: [] } })).to.deep.equal([{ field: 'ui.sidebar_widgets', message: 'is not a known field' }]);
  });

  it('refuses actions missing what their type needs, views that do not exist, repeated ids and files outside public/', async () => {
    const broken = {
      version: 1,
      channel_header_buttons: [
        { id: 'a', label: 'A', action: { type: 'route' } },
        { id: 'a', label: 'B', action: { type: 'view', view: 'nowhere' } },
        { id: 'c', label: 'C', icon: 'assets/c.svg', action: { type: 'dialog', path: '/x' } },
      ],
      views: [{ id: 'v', path: 'views/v.html', placement: 'page', title: 'V' }],
    };
    expect(problems({ ...base, ui: broken }).map((p) => p.field)).to.have.members([
      'ui.channel_header_buttons[0].action.path',
      'ui.channel_header_buttons[1].id',
      'ui.channel_header_buttons[1].action.view',
      'ui.channel_header_buttons[2].action.dialog',
      'ui.channel_header_buttons[2].icon',
      'ui.views[0].path',
    ]);
  });

  it('refuses an unknown contract version, media it does not know and post types outside custom_', async () => {
    expect(problems({ ...base, ui: { version: 2 } }).map((p) => p.field)).to.deep.equal(['ui.version']);
    expect(problems({ ...base, permissions: { api: [], media: ['geolocation'] } }).map((p) => p.field)).to.deep.equal(['permissions.media[0]']);
    expect(problems({ ...base, ui: { version: 1, post_types: [{ type: 'system_join', blocks: [{ text: 'x' }] }] } }).map((p) => p.field)).to.deep.equal(['ui.post_types[0].type']);
  });
});
