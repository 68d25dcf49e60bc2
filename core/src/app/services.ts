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
import { PreferenceService } from './preference-service.ts';
import { StatusService } from './status-service.ts';
import { ChannelService } from './channel-service.ts';
import { TeamService } from './team-service.ts';
import { PostService } from './post-service.ts';
import { ReactionService } from './reaction-service.ts';

export interface AppDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: EventBus;
  hooks: PluginHooks;
  /** Root of what the server keeps locally (MM_DATA_DIR). */
  dataDir: string;
}

export interface Services {
  permissions: PermissionService;
  sessions: SessionService;
  users: UserService;
  health: HealthService;
  preferences: PreferenceService;
  statuses: StatusService;
  channels: ChannelService;
  teams: TeamService;
  posts: PostService;
  reactions: ReactionService;
}

export function createServices(deps: AppDeps): Services {
  const permissions = new PermissionService(deps.store);
  const sessions = new SessionService({ store: deps.store, config: deps.config });
  const users = new UserService({ ...deps, sessions });
  const health = new HealthService(deps);
  const preferences = new PreferenceService(deps);
  const statuses = new StatusService(deps);
  const channels = new ChannelService(deps);
  const teams = new TeamService({ ...deps, channels });
  const posts = new PostService({ ...deps, permissions });
  const reactions = new ReactionService({ ...deps, permissions, posts });
  return { permissions, sessions, users, health, preferences, statuses, channels, teams, posts, reactions };
}
