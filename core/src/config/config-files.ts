// Files kept beside config.json and named by settings (SamlSettings.IdpCertificateFile, ...), as
// Mattermost's file config store keeps them: written atomically, readable by the owner only.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigService } from './config-service.ts';

const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export class ConfigFiles {
  #config: ConfigService;

  constructor(config: ConfigService) {
    this.#config = config;
  }

  /** The file's text, or null when the name is empty or no such file is kept. */
  read(name: string): string | null {
    const file = this.#path(name);
    if (!file || !existsSync(file)) return null;
    return readFileSync(file, 'utf8');
  }

  has(name: string): boolean {
    const file = this.#path(name);
    return file !== null && existsSync(file);
  }

  write(name: string, data: string): void {
    const file = this.#path(name);
    if (!file) throw new Error(`not a config file name: ${name}`);
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
  }

  remove(name: string): void {
    const file = this.#path(name);
    if (file) rmSync(file, { force: true });
  }

  /** Only a plain name inside the config folder: a setting can never point the server at another file. */
  #path(name: string): string | null {
    return PLAIN_NAME.test(name) ? path.join(this.#config.directory(), name) : null;
  }
}
