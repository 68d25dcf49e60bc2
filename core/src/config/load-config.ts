// The one place that reads process.env: defaults ← config.json ← MM_<SECTION>_<SETTING> overrides,
// validated with ajv, frozen.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { CONFIG_SCHEMA, type Config, type SectionName } from './config-schema.ts';

/** Where the server keeps things and which settings the environment pinned. */
export interface LoadedConfig {
  config: Readonly<Config>;
  /** The config as it is (or would be) stored in config.json, without environment overrides. */
  fileConfig: Readonly<Config>;
  /** `Section.Setting` names fixed by an environment variable. */
  envLocked: ReadonlySet<string>;
  configPath: string;
  dataDir: string;
}

/** A configuration that cannot be used: the message names the setting and where it came from. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateConfig = ajv.compile(CONFIG_SCHEMA);

type Env = Record<string, string | undefined>;

/** Loads the configuration from the environment and the optional config file. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): LoadedConfig {
  const dataDir = path.resolve(cwd, env.MM_DATA_DIR || './data');
  const configPath = path.resolve(cwd, env.MM_CONFIG || path.join(dataDir, 'config.json'));
  const fromFile = readConfigFile(configPath);
  const fileConfig = validated(structuredClone(fromFile), `config file ${configPath}`);
  const envLocked = new Set<string>();
  const merged = structuredClone(fileConfig) as unknown as Record<string, Record<string, unknown>>;
  for (const [sectionName, sectionSchema] of Object.entries(CONFIG_SCHEMA.properties)) {
    const settings = (sectionSchema as { properties: Record<string, { type: string }> }).properties;
    for (const [setting, schema] of Object.entries(settings)) {
      const name = envName(sectionName, setting);
      const raw = env[name];
      if (raw === undefined) continue;
      merged[sectionName][setting] = parseEnvValue(`${sectionName}.${setting}`, name, raw, schema.type);
      envLocked.add(`${sectionName}.${setting}`);
    }
  }
  const config = validated(merged, 'environment');
  return { config: deepFreeze(config), fileConfig: deepFreeze(fileConfig), envLocked, configPath, dataDir };
}

/** Validates a whole configuration, filling in defaults; throws ConfigError naming every bad setting. */
export function validated(candidate: unknown, source: string): Config {
  if (!validateConfig(candidate)) {
    throw new ConfigError(`invalid configuration (${source}): ${describeErrors(validateConfig.errors ?? [], source)}`);
  }
  return candidate as Config;
}

/** The environment variable that overrides a setting, Mattermost's naming. */
export function envName(section: SectionName | string, setting: string): string {
  return `MM_${section.toUpperCase()}_${setting.toUpperCase()}`;
}

function readConfigFile(configPath: string): unknown {
  if (!existsSync(configPath)) return {};
  try {
    return JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read config file ${configPath}: ${(err as Error).message}`);
  }
}

function parseEnvValue(setting: string, name: string, raw: string, type: string): unknown {
  if (type === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new ConfigError(`invalid configuration (environment): ${setting} must be true or false, got "${raw}" (check ${name})`);
  }
  if (type === 'integer') {
    if (/^-?\d+$/.test(raw.trim())) return Number(raw.trim());
    throw new ConfigError(`invalid configuration (environment): ${setting} must be an integer, got "${raw}" (check ${name})`);
  }
  // Mattermost's convention for list settings in the environment: values separated by spaces.
  if (type === 'array') return raw.split(/\s+/).filter(Boolean);
  if (type === 'object') {
    try {
      return JSON.parse(raw);
    } catch {
      throw new ConfigError(`invalid configuration (environment): ${setting} must be a JSON object (check ${name})`);
    }
  }
  return raw;
}

function describeErrors(errors: ErrorObject[], source: string): string {
  return errors
    // An if/then rule's own error only repeats the failed "then" setting's.
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const parts = e.instancePath.split('/').filter(Boolean);
      if (e.keyword === 'additionalProperties') parts.push(String(e.params.additionalProperty));
      const setting = parts.join('.') || '(root)';
      const hint = source === 'environment' && parts.length === 2 ? ` (check ${envName(parts[0], parts[1])})` : '';
      const message =
        e.keyword === 'additionalProperties' ? 'is not a known setting' : e.keyword === 'minLength' && e.params.limit === 1 ? 'must not be empty' : e.message;
      return `${setting} ${message}${hint}`;
    })
    .join('; ');
}

/** Freezes an object graph so nobody can change the configuration behind the service's back. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
