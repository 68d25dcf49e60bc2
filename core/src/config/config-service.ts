// The live configuration: read by everyone, replaced (never mutated) by system admins through the
// API, persisted to config.json without the environment's overrides, and announced to listeners.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../errors/app-error.ts';
import { MASKED_SECRET, SECRET_SETTINGS, type Config } from './config-schema.ts';
import { ConfigError, deepFreeze, envName, validated, type LoadedConfig } from './load-config.ts';

/**
 * Told of every change once it is in force. Work a listener returns (a promise) is what the change
 * takes to apply — such as plugins told their settings changed — and applied() waits for it.
 */
export type ConfigListener = (next: Readonly<Config>, previous: Readonly<Config>) => void | Promise<void>;
/** Checks a candidate configuration beyond its JSON schema (e.g. plugin settings); throws an AppError to refuse it. */
export type ConfigValidator = (candidate: Readonly<Config>, current: Readonly<Config>) => void;

type Sections = Record<string, Record<string, unknown>>;

export class ConfigService {
  #current: Readonly<Config>;
  #file: Readonly<Config>;
  #envLocked: ReadonlySet<string>;
  #configPath: string;
  #persist: boolean;
  #listeners = new Set<ConfigListener>();
  #validators = new Set<ConfigValidator>();
  /** The listeners' work for the changes so far (settled, never rejected). */
  #applying: Promise<unknown> = Promise.resolve();

  /** `persist: false` keeps changes in memory only (tests that must not write files). */
  constructor(loaded: LoadedConfig, options: { persist?: boolean } = {}) {
    this.#current = loaded.config;
    this.#file = loaded.fileConfig;
    this.#envLocked = loaded.envLocked;
    this.#configPath = loaded.configPath;
    this.#persist = options.persist ?? true;
  }

  /** The configuration in force; frozen, so hold it only as long as one operation needs it. */
  get(): Readonly<Config> {
    return this.#current;
  }

  /** The folder config.json lives in, where Mattermost's config files (SAML certificates) are kept too. */
  directory(): string {
    return path.dirname(this.#configPath);
  }

  envLocked(): ReadonlySet<string> {
    return this.#envLocked;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: ConfigListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves once what the changes so far take to apply is done: as Mattermost answers a
   * configuration change only after its listeners ran (its plugins' OnConfigurationChange among them),
   * so that what the caller does next sees the new settings in force everywhere.
   */
  async applied(): Promise<void> {
    await this.#applying;
  }

  /** Runs `validator` on every change before it is applied; returns the unregister function. */
  addValidator(validator: ConfigValidator): () => void {
    this.#validators.add(validator);
    return () => this.#validators.delete(validator);
  }

  /** The configuration as an admin sees it: secrets replaced by Mattermost's mask. */
  sanitized(): Config {
    const copy = structuredClone(this.#current) as unknown as Sections;
    for (const [section, setting] of SECRET_SETTINGS) {
      if (copy[section][setting]) copy[section][setting] = MASKED_SECRET;
    }
    return copy as unknown as Config;
  }

  /** Replaces the whole configuration (PUT /config); omitted sections or settings take defaults. */
  replace(candidate: unknown): Readonly<Config> {
    if (!isPlainObject(candidate)) throw AppError.invalidParam('config', 'the body must be a JSON object');
    return this.#apply(candidate as Sections, true);
  }

  /** Changes only the settings present in `patch` (PUT /config/patch). */
  patch(patch: unknown): Readonly<Config> {
    if (!isPlainObject(patch)) throw AppError.invalidParam('config', 'the body must be a JSON object');
    const merged = structuredClone(this.#current) as unknown as Sections;
    for (const [section, settings] of Object.entries(patch as Sections)) {
      if (!isPlainObject(settings) || !(section in merged)) {
        merged[section] = settings as Record<string, unknown>; // let validation name the bad section
        continue;
      }
      Object.assign(merged[section], settings);
    }
    return this.#apply(merged, false);
  }

  #apply(candidate: Sections, wholeReplacement: boolean): Readonly<Config> {
    const next = structuredClone(candidate);
    for (const [section, setting] of SECRET_SETTINGS) {
      if (next[section]?.[setting] === MASKED_SECRET) {
        next[section][setting] = (this.#current as unknown as Sections)[section][setting];
      }
    }
    if (wholeReplacement) this.#keepEnvLockedWhenOmitted(next);
    this.#refuseEnvLockedChanges(next);
    let config: Config;
    try {
      config = validated(next, 'request');
    } catch (err) {
      if (err instanceof ConfigError) {
        throw new AppError('model.config.is_valid.app_error', 400, err.message.replace(/^invalid configuration \(request\): /, 'Invalid configuration: '));
      }
      throw err;
    }
    for (const validator of this.#validators) validator(config, this.#current);
    const fileConfig = structuredClone(config) as unknown as Sections;
    for (const locked of this.#envLocked) {
      const [section, setting] = locked.split('.');
      fileConfig[section][setting] = (this.#file as unknown as Sections)[section][setting];
    }
    if (this.#persist) writeJsonAtomically(this.#configPath, fileConfig);
    const previous = this.#current;
    this.#current = deepFreeze(config);
    this.#file = deepFreeze(fileConfig as unknown as Config);
    const work: Array<void | Promise<void>> = [];
    for (const listener of this.#listeners) work.push(listener(this.#current, previous));
    this.#applying = Promise.allSettled([this.#applying, ...work]);
    return this.#current;
  }

  #keepEnvLockedWhenOmitted(next: Sections): void {
    for (const locked of this.#envLocked) {
      const [section, setting] = locked.split('.');
      // An omitted section would otherwise fall back to defaults and silently drop the override.
      if (next[section] === undefined) next[section] = {};
      if (!isPlainObject(next[section])) continue;
      if (!(setting in next[section])) next[section][setting] = (this.#current as unknown as Sections)[section][setting];
    }
  }

  #refuseEnvLockedChanges(next: Sections): void {
    for (const locked of this.#envLocked) {
      const [section, setting] = locked.split('.');
      const wanted = next[section]?.[setting];
      const current = (this.#current as unknown as Sections)[section][setting];
      // Lists and maps arrive as fresh copies (a patch merges into a clone, PUT /config sends them
      // back): only a different value is a change.
      if (wanted !== undefined && !isDeepStrictEqual(wanted, current)) {
        throw new AppError(
          'app.config.update.environment_override.app_error',
          400,
          `${locked} is set by the environment variable ${envName(section, setting)} and cannot be changed through the API.`,
          { details: `setting=${locked}` },
        );
      }
    }
  }
}

function writeJsonAtomically(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
