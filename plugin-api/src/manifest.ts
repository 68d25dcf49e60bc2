// The plugin manifest (plugin.json): Mattermost's fields where they exist, plus what a sandbox
// needs — the server module and the permissions the plugin asks for. Validated with ajv for its
// shape and by hand for the rules a JSON schema cannot say clearly (cross-field ones).
//
// Every field of Mattermost's Manifest is accepted with its type checked, so Mattermost bundles
// install. A field neither Mattermost nor Parley defines is dropped with a warning instead of
// refusing the plugin (Mattermost ignores such fields too), except inside `permissions`: that part
// is Parley's own, and a permission this server does not know must not be silently ignored.
import { Ajv, type ErrorObject } from 'ajv';
import semver from 'semver';
import type { PluginAPI } from './api.ts';
import { MEDIA_PERMISSIONS, UI_SCHEMA, uiProblems, type MediaPermission, type UiContract } from './ui-contract.ts';

export { UI_CONTRACT_VERSION, MEDIA_PERMISSIONS, routeSurface } from './ui-contract.ts';

/** A setting type of Mattermost's settings_schema. @since 0.1.0 */
export type SettingType = 'bool' | 'dropdown' | 'generated' | 'radio' | 'text' | 'longtext' | 'number' | 'username' | 'custom';

/** Every setting type, in Mattermost's order. @since 0.1.0 */
export const SETTING_TYPES = [
  'bool',
  'dropdown',
  'generated',
  'radio',
  'text',
  'longtext',
  'number',
  'username',
  'custom',
] as const satisfies ReadonlyArray<SettingType>;

/** One plugin setting shown in the System Console. @since 0.1.0 */
export interface PluginSetting {
  /** The key under PluginSettings.Plugins[id]; unique in the schema, ignoring case. */
  key: string;
  display_name?: string;
  type: SettingType;
  help_text?: string;
  /** Only for generated, text, longtext, number, username and custom settings. */
  placeholder?: string;
  /** Only for generated settings: the help text of the Regenerate button. */
  regenerate_help_text?: string;
  /** Must suit the type: a boolean for bool, a number for number, one option's value for radio and dropdown, a string otherwise. */
  default?: unknown;
  /** Only for radio and dropdown settings, which need at least one; both fields non-empty. */
  options?: Array<{ display_name: string; value: string }>;
  /** Mattermost hides the setting on the other kind of installation. */
  hosting?: 'cloud' | 'on-prem';
  secret?: boolean;
}

/**
 * A group of settings in the System Console (Mattermost 9.7+).
 * @since 0.1.0
 */
export interface SettingsSection {
  /** Unique among the sections. */
  key: string;
  title?: string;
  subtitle?: string;
  settings?: PluginSetting[];
  header?: string;
  footer?: string;
  /** The web app draws the section with a component the plugin registers. */
  custom?: boolean;
  /** With `custom`: show the section's settings when the component is missing. */
  fallback?: boolean;
}

/** @since 0.1.0 */
export interface SettingsSchema {
  header?: string;
  footer?: string;
  settings?: PluginSetting[];
  sections?: SettingsSection[];
}

/**
 * Every setting of a schema: its top-level settings, then those of each section.
 * @since 0.1.0
 */
export function allSettings(schema: SettingsSchema | undefined): PluginSetting[] {
  return [...(schema?.settings ?? []), ...(schema?.sections ?? []).flatMap((section) => section.settings ?? [])];
}

/**
 * API groups a plugin may call: the groups of PluginAPI, each granted only when the manifest asks for it.
 * @since 0.1.0
 */
export type PermissionGroup = keyof PluginAPI;

/** Every permission group. @since 0.1.0 */
export const PERMISSION_GROUPS = [
  'posts',
  'channels',
  'users',
  'teams',
  'bots',
  'commands',
  'dialogs',
  'store',
  'kv',
  'config',
  'websocket',
  'cluster',
  'oauth',
  'http',
  'crypto',
  'log',
  'media',
  'scheduler',
] as const satisfies ReadonlyArray<PermissionGroup>;

// Fails to compile when PluginAPI gains a group this list (the manifest schema's) lacks.
const everyGroupListed: Exclude<PermissionGroup, (typeof PERMISSION_GROUPS)[number]> extends never ? true : never = true;
void everyGroupListed;

/**
 * Methods granted on their own, apart from their group, because they act with a user's authority:
 * `commands.execute` runs slash commands as users. Its group's permission does not grant it.
 * @since 0.1.0
 */
export const METHOD_PERMISSIONS = ['commands.execute'] as const;

/** A method granted on its own. @since 0.1.0 */
export type MethodPermission = (typeof METHOD_PERMISSIONS)[number];

/** What `permissions.api` may list: API groups and methods granted on their own. @since 0.1.0 */
export type ApiPermission = PermissionGroup | MethodPermission;

/** The permission a call of `method` (`group.name`) needs: its own when it has one, else its group's. @since 0.1.0 */
export function permissionFor(method: string): string {
  return (METHOD_PERMISSIONS as readonly string[]).includes(method) ? method : method.slice(0, Math.max(0, method.indexOf('.')));
}

/** What the plugin may do: API groups and the hosts its outbound HTTP may reach. @since 0.1.0 */
export interface PluginPermissions {
  api: ApiPermission[];
  /**
   * Host names (optionally with :port, or `*.example.com` for any subdomain, or `*` for any host)
   * outbound HTTP may reach; lower-cased by validateManifest. Needs the "http" group, which needs at least one host.
   */
  http_hosts?: string[];
  /**
   * Core path prefixes the plugin serves through serveHttp (`/hooks`, `/api/v4/commands`), with the
   * full path in `request.path`. Honoured only for prepackaged plugins and those an admin lists in
   * PluginSettings.TrustedPlugins; a route of the core itself always wins.
   */
  core_routes?: string[];
  /** Media the plugin's views may ask the browser for (ui-contract.ts); the console shows them to the admin. */
  media?: MediaPermission[];
}

/** plugin.json. @since 0.1.0 */
export interface Manifest {
  /** 3-190 characters of letters, digits, `-`, `_` and `.`; lower-cased on load, as Mattermost does. */
  id: string;
  /** Non-blank. */
  name: string;
  description?: string;
  /** Strict semantic version (1.2.3, 1.2.3-beta.1). */
  version: string;
  /** The oldest server version the plugin runs on (semantic version). */
  min_server_version?: string;
  /** http(s) URL. */
  homepage_url?: string;
  /** http(s) URL. */
  support_url?: string;
  /** http(s) URL. */
  release_notes_url?: string;
  /** An SVG inside the bundle, relative to its root. */
  icon_path?: string;
  /** At least one of the two fields. */
  server?: {
    /** The ES module built by `parley-plugin build`, relative to the bundle root; the one Parley runs. */
    executable?: string;
    /**
     * Mattermost's native executables by platform (`linux-amd64` → path in the bundle). Accepted so
     * that Mattermost bundles install; Parley never runs them.
     */
    executables?: Record<string, string>;
  };
  /**
   * Mattermost's web app part. Accepted and reported (GET /api/v4/plugins, plugin_enabled), but
   * Parley neither runs nor serves webapp bundles.
   */
  webapp?: {
    /** The bundle's JavaScript file, relative to the bundle root. */
    bundle_path: string;
  };
  settings_schema?: SettingsSchema;
  /** What the plugin shows in the web client, without any plugin code in the user's page (ui-contract.ts). */
  ui?: UiContract;
  /** Absent in plugin.json (as in Mattermost manifests): `{api: []}`, no API group. */
  permissions: PluginPermissions;
  props?: Record<string, unknown>;
  /** Mattermost's deprecated required server configuration; accepted and ignored. */
  required_configuration?: Record<string, unknown>;
}

/**
 * How validateManifest reports what it accepted with reservations.
 * @since 0.1.0
 */
export interface ManifestOptions {
  /** Called for each field of an accepted manifest that was dropped because neither Mattermost nor Parley defines it. */
  onWarning?: (warning: ManifestProblem) => void;
}

/** One thing wrong with a manifest: the field (`settings_schema.settings[0].type`) and why. @since 0.1.0 */
export interface ManifestProblem {
  field: string;
  message: string;
}

/** A manifest that cannot be used; the message names every bad field. @since 0.1.0 */
export class ManifestError extends Error {
  override name = 'ManifestError';
  /** Each bad field with its reason, in the order found. */
  readonly problems: ReadonlyArray<ManifestProblem>;

  constructor(problems: ReadonlyArray<ManifestProblem>, message = `invalid plugin manifest: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`) {
    super(message);
    this.problems = problems;
  }
}

const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** `/hooks`, `/api/v4/commands`: segments of URL-safe characters, no trailing slash, no `.` or `..` segments. */
const CORE_ROUTE = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._~-]+)+$/;
const HTTP_HOST = new RegExp(`^(?:\\*\\.)?${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::(?:[1-9][0-9]{0,4}))?$`, 'i');

/** Custom string formats of the schema, each with the message shown when a value breaks it. */
const FORMATS: Record<string, { validate: (value: string) => boolean; message: string }> = {
  'plugin-id': {
    validate: (value) => /^[a-zA-Z0-9-_.]{3,190}$/.test(value),
    message: 'must be 3 to 190 characters, each a letter, a digit, "-", "_" or "."',
  },
  'non-blank': { validate: (value) => value.trim() !== '', message: 'must not be blank' },
  semver: { validate: isStrictSemver, message: 'must be a semantic version such as 1.2.3' },
  'http-url': { validate: isHttpUrl, message: 'must be an http:// or https:// URL' },
  'bundle-path': { validate: isBundlePath, message: 'must be a relative path inside the bundle (not absolute, no "..")' },
  'http-host': {
    validate: (value) => value === '*' || (HTTP_HOST.test(value) && Number(value.split(':')[1] ?? 1) <= 65535),
    message: 'must be a host name, host:port, *.domain, or * (any host)',
  },
  'core-route': { validate: (value) => CORE_ROUTE.test(value), message: 'must be an absolute path of plain segments, such as /hooks or /api/v4/commands' },
};

const str = (format?: string) => (format ? ({ type: 'string', format } as const) : ({ type: 'string' } as const));

const SETTINGS_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['key', 'type'],
    properties: {
      key: { type: 'string', minLength: 1 },
      display_name: str(),
      type: { type: 'string', enum: SETTING_TYPES },
      help_text: str(),
      placeholder: str(),
      regenerate_help_text: str(),
      default: {},
      options: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['display_name', 'value'],
          properties: { display_name: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
        },
      },
      hosting: { type: 'string', enum: ['cloud', 'on-prem'] },
      secret: { type: 'boolean' },
    },
  },
} as const;

/** The JSON schema of plugin.json (ajv draft-07, with the custom formats listed in FORMATS). @since 0.1.0 */
export const MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'version', 'permissions'],
  properties: {
    id: str('plugin-id'),
    name: str('non-blank'),
    description: str(),
    version: str('semver'),
    min_server_version: str('semver'),
    homepage_url: str('http-url'),
    support_url: str('http-url'),
    release_notes_url: str('http-url'),
    icon_path: str('bundle-path'),
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        executable: str('bundle-path'),
        executables: { type: 'object', additionalProperties: str('bundle-path') },
      },
    },
    webapp: {
      type: 'object',
      additionalProperties: false,
      required: ['bundle_path'],
      properties: { bundle_path: str('bundle-path') },
    },
    settings_schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        header: str(),
        footer: str(),
        settings: SETTINGS_SCHEMA,
        sections: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['key'],
            properties: {
              key: { type: 'string', minLength: 1 },
              title: str(),
              subtitle: str(),
              settings: SETTINGS_SCHEMA,
              header: str(),
              footer: str(),
              custom: { type: 'boolean' },
              fallback: { type: 'boolean' },
            },
          },
        },
      },
    },
    permissions: {
      type: 'object',
      additionalProperties: false,
      required: ['api'],
      properties: {
        api: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...PERMISSION_GROUPS, ...METHOD_PERMISSIONS] } },
        http_hosts: { type: 'array', uniqueItems: true, items: str('http-host') },
        core_routes: { type: 'array', uniqueItems: true, items: str('core-route') },
        media: { type: 'array', uniqueItems: true, items: { type: 'string', enum: MEDIA_PERMISSIONS } },
      },
    },
    ui: UI_SCHEMA,
    props: { type: 'object' },
    required_configuration: { type: 'object' },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format.validate);
const validateShape = ajv.compile(MANIFEST_SCHEMA);

/**
 * Checks a parsed plugin.json and returns it as a Manifest, with `id` and `permissions.http_hosts`
 * lower-cased and fields nobody defines dropped (the input is not modified). Throws ManifestError
 * naming every bad field.
 * @since 0.1.0
 */
export function validateManifest(value: unknown, options: ManifestOptions = {}): Manifest {
  let candidate: unknown;
  try {
    candidate = structuredClone(value);
  } catch {
    throw new ManifestError([{ field: '(root)', message: 'must be JSON data' }]);
  }
  if (isObject(candidate)) normalize(candidate);
  const problems: ManifestProblem[] = [];
  const warnings: ManifestProblem[] = [];
  for (const error of validateShape(candidate) ? [] : (validateShape.errors ?? [])) {
    if (isIgnorable(error)) warnings.push(dropField(candidate, error));
    else problems.push(describeAjvError(error));
  }
  if (isObject(candidate)) problems.push(...crossFieldProblems(candidate));
  if (problems.length > 0) throw new ManifestError(dedupe(problems));
  for (const warning of warnings) options.onWarning?.(warning);
  return candidate as unknown as Manifest;
}

/** An unknown field outside `permissions` and `ui` (Parley's own, read strictly), which Mattermost would ignore. */
function isIgnorable(error: ErrorObject): boolean {
  const strict = ['/permissions', '/ui'].some((root) => error.instancePath === root || error.instancePath.startsWith(`${root}/`));
  return error.keyword === 'additionalProperties' && !strict;
}

/** Removes the unknown field an additionalProperties error names, and says so. */
function dropField(candidate: unknown, error: ErrorObject): ManifestProblem {
  const name: string = error.params.additionalProperty;
  const parent = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  const holder = parent.reduce<unknown>((node, part) => (isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined), candidate);
  if (isObject(holder)) delete holder[name];
  const field = fieldName(error.instancePath);
  return { field: field === '(root)' ? name : `${field}.${name}`, message: 'is not a field of Mattermost or Parley manifests; ignored' };
}

/**
 * Parses the text of a plugin.json and validates it (see validateManifest).
 * @since 0.1.0
 */
export function parseManifest(text: string, options: ManifestOptions = {}): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ManifestError([{ field: '(root)', message: `plugin.json is not valid JSON (${(err as Error).message})` }]);
  }
  return validateManifest(value, options);
}

/**
 * Refuses a plugin whose `min_server_version` is newer than `serverVersion`, with a ManifestError
 * that says which version it needs.
 * @since 0.1.0
 */
export function checkServerCompatibility(manifest: Manifest, serverVersion: string): void {
  const required = manifest.min_server_version;
  if (required === undefined || semver.gte(serverVersion, required)) return;
  throw new ManifestError(
    [{ field: 'min_server_version', message: `requires server version ${required} or newer` }],
    `plugin ${manifest.id} ${manifest.version} requires server version ${required} or newer; this server is ${serverVersion}`,
  );
}

function normalize(candidate: Record<string, unknown>): void {
  if (typeof candidate.id === 'string') candidate.id = candidate.id.toLowerCase();
  // Mattermost manifests have no permissions: such a plugin gets none.
  if (candidate.permissions === undefined) candidate.permissions = { api: [] };
  const permissions = candidate.permissions;
  if (isObject(permissions) && Array.isArray(permissions.http_hosts)) {
    permissions.http_hosts = permissions.http_hosts.map((host: unknown) => (typeof host === 'string' ? host.toLowerCase() : host));
  }
}

function describeAjvError(error: ErrorObject): ManifestProblem {
  const parent = fieldName(error.instancePath);
  const child = (name: string) => (parent === '(root)' ? name : `${parent}.${name}`);
  switch (error.keyword) {
    case 'required':
      return { field: child(error.params.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { field: child(error.params.additionalProperty), message: 'is not a known field' };
    case 'format':
      return { field: parent, message: FORMATS[error.params.format].message };
    case 'enum':
      return { field: parent, message: `must be one of ${error.params.allowedValues.join(', ')}` };
    case 'minLength':
      return { field: parent, message: 'must not be empty' };
    case 'uniqueItems':
      return { field: parent, message: 'must not list an entry twice' };
    case 'type':
      return { field: parent, message: `must be ${error.params.type === 'array' || error.params.type === 'object' ? 'an' : 'a'} ${error.params.type}` };
    default:
      return { field: parent, message: error.message ?? 'is invalid' };
  }
}

/** `/settings_schema/settings/0/type` → `settings_schema.settings[0].type`. */
function fieldName(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`), '');
}

const PLACEHOLDER_TYPES = new Set<unknown>(['generated', 'text', 'longtext', 'number', 'username', 'custom']);
const OPTION_TYPES = new Set<unknown>(['radio', 'dropdown']);

function crossFieldProblems(manifest: Record<string, unknown>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const schema = isObject(manifest.settings_schema) ? manifest.settings_schema : {};
  // Top-level and section settings share one namespace, PluginSettings.Plugins[id].
  const settings: Array<{ at: string; setting: unknown }> = listAt(schema.settings, 'settings_schema.settings').map(({ at, item }) => ({ at, setting: item }));
  const sectionKeys = new Set<string>();
  for (const { at, item: section } of listAt(schema.sections, 'settings_schema.sections')) {
    if (!isObject(section)) continue;
    if (typeof section.key === 'string' && section.key !== '') {
      if (sectionKeys.has(section.key)) problems.push({ field: `${at}.key`, message: `repeats the section key "${section.key}"` });
      sectionKeys.add(section.key);
    }
    settings.push(...listAt(section.settings, `${at}.settings`).map(({ at: settingAt, item }) => ({ at: settingAt, setting: item })));
  }
  const keys = new Set<string>();
  settings.forEach(({ at, setting }) => {
    if (!isObject(setting)) return;
    const field = (name: string) => `${at}.${name}`;
    const { type, key } = setting;
    if (typeof key === 'string' && key !== '') {
      if (keys.has(key.toLowerCase())) problems.push({ field: field('key'), message: `repeats the key "${key}" (keys are compared ignoring case)` });
      keys.add(key.toLowerCase());
    }
    // What else is allowed depends on the type: with an unknown type, only the type is reported.
    if (!(SETTING_TYPES as ReadonlyArray<unknown>).includes(type)) return;
    if (setting.options !== undefined && !OPTION_TYPES.has(type)) {
      problems.push({ field: field('options'), message: 'is only allowed for radio and dropdown settings' });
    }
    if (OPTION_TYPES.has(type) && !(Array.isArray(setting.options) && setting.options.length > 0)) {
      problems.push({ field: field('options'), message: `a ${type} setting needs at least one option` });
    }
    if (setting.placeholder !== undefined && !PLACEHOLDER_TYPES.has(type)) {
      problems.push({ field: field('placeholder'), message: 'is only allowed for generated, text, longtext, number, username and custom settings' });
    }
    if (setting.regenerate_help_text !== undefined && type !== 'generated') {
      problems.push({ field: field('regenerate_help_text'), message: 'is only allowed for generated settings' });
    }
    const defaultProblem = setting.default === undefined ? undefined : badDefault(type, setting.default, setting.options);
    if (defaultProblem) problems.push({ field: field('default'), message: defaultProblem });
  });
  const server = manifest.server;
  if (isObject(server) && server.executable === undefined && server.executables === undefined) {
    problems.push({ field: 'server', message: 'needs an executable (or Mattermost\'s executables)' });
  }
  if (isObject(manifest.ui)) problems.push(...uiProblems(manifest.ui));
  const permissions = manifest.permissions;
  if (isObject(permissions) && Array.isArray(permissions.api)) {
    const hosts = Array.isArray(permissions.http_hosts) ? permissions.http_hosts : [];
    // http.fetch reaches these hosts, and so do the token requests of the oauth group.
    for (const group of ['http', 'oauth']) {
      if (permissions.api.includes(group) && hosts.length === 0) problems.push({ field: 'permissions.http_hosts', message: `the "${group}" API group needs at least one host` });
    }
    if (!permissions.api.includes('http') && !permissions.api.includes('oauth') && hosts.length > 0) {
      problems.push({ field: 'permissions.http_hosts', message: 'hosts are only reachable with the "http" or "oauth" API group in permissions.api' });
    }
  }
  return problems;
}

/** The items of a list in the manifest with their field names; nothing when it is not a list. */
function listAt(list: unknown, field: string): Array<{ at: string; item: unknown }> {
  return Array.isArray(list) ? list.map((item, index) => ({ at: `${field}[${index}]`, item })) : [];
}

function badDefault(type: unknown, value: unknown, options: unknown): string | undefined {
  switch (type) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false for a bool setting';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number for a number setting';
    case 'radio':
    case 'dropdown':
      // Without options the options field is what is wrong, not the default.
      if (!Array.isArray(options) || options.length === 0) return undefined;
      return options.some((option) => isObject(option) && option.value === value) ? undefined : `must be the value of one of the ${type} setting's options`;
    case 'custom':
      return undefined;
    default:
      return typeof value === 'string' ? undefined : `must be a string for a ${String(type)} setting`;
  }
}

function dedupe(problems: ManifestProblem[]): ManifestProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.field}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function isStrictSemver(value: string): boolean {
  const parsed = semver.parse(value);
  if (parsed === null) return false;
  return (parsed.build.length > 0 ? `${parsed.version}+${parsed.build.join('.')}` : parsed.version) === value;
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function isBundlePath(value: string): boolean {
  if (value === '' || value.startsWith('/') || value.includes('\\') || value.includes('\0') || /^[a-zA-Z]:/.test(value)) return false;
  const segments = value.split('/');
  return segments.every((segment) => segment !== '..') && segments.at(-1) !== '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
