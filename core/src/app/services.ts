// Builds the application services from plain dependencies. Each service gets only what it uses.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { EventBus } from '../cluster/event-bus.ts';
import type { PluginHooks } from '../plugins/plugin-hooks.ts';
import { PermissionService } from './permission-service.ts';
import { SessionService } from './session-service.ts';
import { UserService } from './user-service.ts';
import { HealthService } from './health-service.ts';

export interface AppDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: EventBus;
  hooks: PluginHooks;
}

export interface Services {
  permissions: PermissionService;
  sessions: SessionService;
  users: UserService;
  health: HealthService;
}

export function createServices(deps: AppDeps): Services {
  const permissions = new PermissionService(deps.store);
  const sessions = new SessionService({ store: deps.store, config: deps.config });
  const users = new UserService({ ...deps, sessions });
  const health = new HealthService(deps.store);
  return { permissions, sessions, users, health };
}
