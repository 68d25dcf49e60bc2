// @parley/core's public face, for whoever embeds a Parley server in their own process (the test
// suites, a custom launcher): build it from its dependencies with createServer, listen yourself.
// main.ts is the stock launcher built on the same pieces.
export { createServer, type ParleyServer, type ServerDeps } from './server.ts';
export { loadConfig, ConfigError, type LoadedConfig } from './config/load-config.ts';
export { ConfigService } from './config/config-service.ts';
export { Logger, silentLogger, type LogLevel } from './logger.ts';
export { Store, type StoreOptions } from './store/store.ts';
export type { HubTimings } from './ws/hub.ts';
export type { SupervisorTimings } from './plugins/runtime/plugin-supervisor.ts';
export type { PluginHooks } from './app/plugin-hooks.ts';
