// The /api/v4 router and the shape every route module has.
import Router from '@koa/router';
import type { ConfigService } from '../config/config-service.ts';
import type { Services } from '../app/services.ts';
import type { Logger } from '../logger.ts';
import type { PluginService } from '../plugins/management/plugin-service.ts';
import type { PluginMarketplace } from '../plugins/management/plugin-marketplace.ts';
import type { PluginRuntime } from '../plugins/runtime/plugin-runtime.ts';
import type { ParleyState } from './context.ts';

export type ApiRouter = Router<ParleyState>;

/** What route modules are given: services and config, never the store. */
export interface RouteDeps {
  services: Services;
  config: ConfigService;
  logger: Logger;
  plugins: PluginService;
  marketplace: PluginMarketplace;
  pluginRuntime: PluginRuntime;
}

export function createApiRouter(): ApiRouter {
  return new Router<ParleyState>({ prefix: '/api/v4' });
}
