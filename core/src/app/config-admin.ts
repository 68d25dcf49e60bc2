// The configuration as system admins read and change it through the API (Mattermost's /config
// routes): only with manage_system, secrets masked on the way out. The candidate itself is checked
// by the configuration's own schema (config/config-schema.ts), which is its decoder.
import type { ConfigService } from '../config/config-service.ts';
import type { Config } from '../config/config-schema.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export class ConfigAdmin {
  #config: ConfigService;
  #permissions: PermissionService;

  constructor(deps: { config: ConfigService; permissions: PermissionService }) {
    this.#config = deps.config;
    this.#permissions = deps.permissions;
  }

  read(actor: Actor): Config {
    this.#permissions.requireSystem(actor, 'manage_system');
    return this.#config.sanitized();
  }

  /** Mattermost's map of the settings environment variables fix: {Section: {Setting: true}}. */
  environment(actor: Actor): Record<string, Record<string, boolean>> {
    this.#permissions.requireSystem(actor, 'manage_system');
    const locked: Record<string, Record<string, boolean>> = {};
    for (const name of this.#config.envLocked()) {
      const [section, setting] = name.split('.');
      (locked[section] ??= {})[setting] = true;
    }
    return locked;
  }

  /** PUT /config: the whole configuration; omitted settings take their defaults. Answers once the change is applied. */
  async replace(actor: Actor, candidate: unknown): Promise<Config> {
    this.#permissions.requireSystem(actor, 'manage_system');
    this.#config.replace(candidate);
    await this.#config.applied();
    return this.#config.sanitized();
  }

  /** PUT /config/patch: only the settings given. Answers once the change is applied. */
  async patch(actor: Actor, patch: unknown): Promise<Config> {
    this.#permissions.requireSystem(actor, 'manage_system');
    this.#config.patch(patch);
    await this.#config.applied();
    return this.#config.sanitized();
  }
}
