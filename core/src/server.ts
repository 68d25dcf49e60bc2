// Builds a whole Parley server from its dependencies without listening: HTTP API, WebSocket hub
// and the services behind them. main.ts and the test suites both use it.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { ConfigService } from './config/config-service.ts';
import type { Logger } from './logger.ts';
import type { Store } from './store/store.ts';
import { LocalEventBus, type EventBus } from './cluster/event-bus.ts';
import { noPluginHooks, type PluginHooks } from './plugins/plugin-hooks.ts';
import { createServices, type Services } from './app/services.ts';
import { createHttpApp } from './http/server.ts';
import { WebSocketHub, type HubTimings } from './ws/hub.ts';

export interface ServerDeps {
  config: ConfigService;
  logger: Logger;
  store: Store;
  events?: EventBus;
  hooks?: PluginHooks;
  /** WebSocket keep-alive and timeout settings (tests shorten them). */
  websocket?: Partial<HubTimings>;
}

export interface ParleyServer {
  http: Server;
  services: Services;
  events: EventBus;
  /** Stops accepting requests, closes WebSockets and waits for requests in flight. */
  close(): Promise<void>;
}

export function createServer(deps: ServerDeps): ParleyServer {
  const events = deps.events ?? new LocalEventBus();
  const hooks = deps.hooks ?? noPluginHooks();
  const services = createServices({ store: deps.store, config: deps.config, logger: deps.logger, events, hooks });
  const app = createHttpApp({ services, config: deps.config, logger: deps.logger });
  const http = createHttpServer(app.callback());
  http.keepAliveTimeout = 65_000;
  const store = deps.store;
  const hub = new WebSocketHub({
    sessions: services.sessions,
    statuses: services.statuses,
    membership: {
      channelMemberIds: (channelId) => store.channels.memberUserIds(channelId),
      teamMemberIds: (teamId) => store.teams.activeMemberUserIds(teamId),
      isChannelMember: async (channelId, userId) => (await store.channels.findMember(channelId, userId)) !== null,
    },
    events,
    config: deps.config,
    logger: deps.logger.child({ source: 'websocket' }),
    timings: deps.websocket,
  });
  hub.attach(http);
  return {
    http,
    services,
    events,
    close: async () => {
      await hub.close();
      await new Promise<void>((resolve, reject) => {
        http.close((err) => (err ? reject(err) : resolve()));
        http.closeIdleConnections();
      });
    },
  };
}
