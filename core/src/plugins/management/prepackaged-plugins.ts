// The plugins shipped with the server (Mattermost's "prepackaged plugins"): bundles in the server's
// prepackaged directory, built from plugins/ by `npm run build:plugins`. At start-up, with
// PluginSettings.AutomaticPrepackagedPlugins, each is installed when missing (and enabled the first
// time the server sees it) or upgraded when the installed version is older. An admin stays in
// charge: a plugin they disabled stays disabled, one they removed is not brought back, and one they
// upgraded to a newer version is kept.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import type { PluginService } from './plugin-service.ts';

export interface PrepackagedDeps {
  service: PluginService;
  config: ConfigService;
  logger: Logger;
  /** The folder holding the shipped `.tar.gz` bundles. */
  dir: string;
}

export async function installPrepackagedPlugins(deps: PrepackagedDeps): Promise<void> {
  const settings = deps.config.get().PluginSettings;
  if (!settings.Enable || !settings.AutomaticPrepackagedPlugins) return;
  const entries = await readdir(deps.dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    deps.logger.warn('no prepackaged plugins: their folder does not exist (npm run build:plugins creates it)', { dir: deps.dir });
    return [];
  });
  for (const name of entries.filter((entry) => entry.endsWith('.tar.gz')).sort()) {
    const file = path.join(deps.dir, name);
    try {
      const installed = await deps.service.installPrepackaged(file);
      if (installed) deps.logger.info('prepackaged plugin installed', { plugin_id: installed.id, version: installed.version });
    } catch (err) {
      // One bad bundle must not keep the server, or the other plugins, from starting.
      deps.logger.error('a prepackaged plugin could not be installed', { file, err });
    }
  }
}
