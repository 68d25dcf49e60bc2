// Builds a whole Parley server from its dependencies without listening: HTTP API, WebSocket hub
// and the services behind them. main.ts and the test suites both use it.
import path from 'node:path';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { ConfigService } from './config/config-service.ts';
import type { Logger } from './logger.ts';
import type { Store } from './store/store.ts';
import type { EventBus } from './cluster/event-bus.ts';
import { joinCluster, type Cluster } from './cluster/cluster.ts';
import type { PluginHooks } from './app/plugin-hooks.ts';
import { createServices, type Services } from './app/services.ts';
import { startDndExpiry } from './app/dnd-expiry.ts';
import type { AppEvents } from './app/app-events.ts';
import { encodeAppEvent } from './wire/live-events.ts';
import { createHttpApp, type ApiRoute } from './http/server.ts';
import { WebSocketHub, type HubTimings } from './ws/hub.ts';
import { PluginHosts } from '@parley/sandbox';
import { PluginRegistry } from './plugins/management/plugin-registry.ts';
import { PluginTrust } from './plugins/management/plugin-trust.ts';
import { installPrepackagedPlugins } from './plugins/management/prepackaged-plugins.ts';
import { PluginSignatures } from './plugins/management/plugin-signatures.ts';
import { PluginMarketplace } from './plugins/management/plugin-marketplace.ts';
import { FirstAdminSetup } from './app/first-admin-setup.ts';
import { PluginAnnouncer } from './plugins/management/plugin-announcer.ts';
import { PluginService } from './plugins/management/plugin-service.ts';
import { BundleStore } from './plugins/management/bundle-store.ts';
import { InstallPipeline } from './plugins/management/install-pipeline.ts';
import { CoreRouteOwners } from './plugins/runtime/core-route-owners.ts';
import { PluginSupervisor, type PluginApiHandler, type SupervisorTimings } from './plugins/runtime/plugin-supervisor.ts';
import { PluginApiHost } from './plugins/runtime/plugin-api-host.ts';
import { HookDispatcher } from './plugins/runtime/hook-dispatcher.ts';
import { PluginCommands } from './plugins/runtime/plugin-commands.ts';
import { PluginCommandRunner } from './plugins/runtime/plugin-command-runner.ts';
import { PluginJobService } from './plugins/runtime/plugin-job-service.ts';
import { PluginScheduler } from './plugins/runtime/plugin-scheduler.ts';
import type { PluginRuntime } from './plugins/runtime/plugin-runtime.ts';
import { receivePluginClusterEvents } from './plugins/runtime/plugin-cluster-events.ts';
import { MediaSupervisor } from './media/media-supervisor.ts';
import { PluginMedia } from './plugins/runtime/plugin-media.ts';
import { singleNodeMedia } from './plugins/runtime/media-placement.ts';
import { ClusterMediaPlacement } from './plugins/runtime/cluster-media-placement.ts';
import { EphemeralPosts } from './plugins/runtime/ephemeral-post.ts';
import { IntegrationRequests } from './plugins/runtime/integration-requests.ts';
import { IntegrationActions } from './plugins/runtime/integration-actions.ts';
import { PluginLocks } from './plugins/runtime/plugin-locks.ts';
import { PluginStores, type StoreQuotas } from './plugins/runtime/plugin-stores.ts';
import { KEY_SECRET_NAME, PluginKeys } from './plugins/runtime/plugin-keys.ts';
import { ServerSecret } from './app/server-secret.ts';
import { fetchText } from './egress/fetch-text.ts';
import { smtpMail } from './mail/smtp-mail.ts';

export interface ServerDeps {
  config: ConfigService;
  logger: Logger;
  store: Store;
  /** The data directory: default home of installed plugins and the file store. */
  dataDir: string;
  hooks?: PluginHooks;
  /** WebSocket keep-alive and timeout settings (tests shorten them). */
  websocket?: Partial<HubTimings>;
  /** Plugin restart backoff and failure window (tests shorten them). */
  pluginTimings?: Partial<SupervisorTimings>;
  /** Quotas of the plugins' SQL stores (tests make them small). */
  storeQuotas?: Partial<StoreQuotas>;
  /** The folder of the plugin bundles shipped with the server; none when absent. */
  prepackagedDir?: string;
}

export interface ParleyServer {
  http: Server;
  /** The routes of the REST API, for tools that walk it (the route fuzz suite). */
  apiRoutes: readonly ApiRoute[];
  services: Services;
  events: EventBus;
  /** This node's link to the other nodes (ClusterSettings). */
  cluster: Cluster;
  plugins: {
    service: PluginService;
    supervisor: PluginSupervisor;
    /** Ephemeral posts (plugins', commands' and integrations' answers). */
    ephemeral: EphemeralPosts;
    /** Interactive messages and dialogs. */
    integrationActions: IntegrationActions;
    /** The plugins' cluster-wide locks. */
    locks: PluginLocks;
    /** The plugins' SQL schemas. */
    stores: PluginStores;
    /** The keys the server keeps for the plugins (api.crypto). */
    keys: PluginKeys;
    /** The media service as the plugins drive it (api.media). */
    media: PluginMedia;
    /** Runs slash commands (POST /commands/execute and api.commands.execute). */
    commandRunner: PluginCommandRunner;
    /** Starts the enabled plugins, then installs or upgrades the prepackaged ones. */
    start(): Promise<void>;
  };
  /** Stops the plugins, stops accepting requests, closes WebSockets and waits for requests in flight (a second at most). */
  close(): Promise<void>;
}

export function createServer(deps: ServerDeps): ParleyServer {
  const cluster = joinCluster(deps.config, deps.logger);
  const { events, peers } = cluster;
  const registry = new PluginRegistry({ config: deps.config, logger: deps.logger, dataDir: deps.dataDir });
  const trust = new PluginTrust({ registry, config: deps.config });
  const commands = new PluginCommands();
  // The API host needs the services, the services need the hooks, the hooks need the supervisor:
  // the supervisor gets a handler that forwards to the host built below the services.
  let pluginApi: PluginApiHost | undefined;
  const apiHost: PluginApiHandler = {
    handle: async (manifest, method, args) => {
      if (!pluginApi) throw { id: 'app.plugin.api.unavailable.app_error', message: 'The plugin API is not available yet.' };
      return pluginApi.handle(manifest, method, args);
    },
  };
  // The plugins shipped with the server (ours, trusted alike) share one host process, an isolate
  // each; every plugin an admin installs gets a process of its own, so a sandbox escape in one
  // would hold no other plugin's grants.
  const hosts = new PluginHosts({ compileCacheDir: path.join(deps.dataDir, 'plugin-host-cache') });
  const stores = new PluginStores({ url: deps.store.url, secrets: deps.store.systems, logger: deps.logger.child({ source: 'plugins' }), quotas: deps.storeQuotas });
  const keys = new PluginKeys({ store: deps.store, secret: new ServerSecret(deps.store.systems, KEY_SECRET_NAME) });
  const supervisor = new PluginSupervisor({
    config: deps.config,
    logger: deps.logger,
    installed: registry,
    apiHost,
    // A (re)started plugin registers its slash commands again: forget those of its previous run.
    startProcess: (options) => {
      pluginApi?.forgetPlugin(options.pluginId);
      return hosts.start(options, registry.get(options.pluginId)?.origin === 'prepackaged' ? PREPACKAGED_HOST : undefined);
    },
    prepare: (installed) => stores.prepare(installed.manifest, installed.path),
    timings: deps.pluginTimings,
  });
  const announcer = new PluginAnnouncer({ events, registry, supervisor, config: deps.config, logger: deps.logger.child({ source: 'plugins' }) });
  const jobs = new PluginJobService(deps.store.pluginJobs);
  const dispatcher = new HookDispatcher({ plugins: supervisor, config: deps.config, logger: deps.logger.child({ source: 'plugins' }) });
  const hooks = deps.hooks ?? dispatcher;
  // The services' events are encoded once, here at the edge, before the bus carries them to every node.
  const appEvents: AppEvents = { publish: (event) => events.publish(encodeAppEvent(event)) };
  const services = createServices({ store: deps.store, config: deps.config, logger: deps.logger, events: appEvents, peers, hooks, dataDir: deps.dataDir, fetchDocument: (url, options) => fetchText(url, { ...options, allowedInternal: deps.config.get().ServiceSettings.AllowedUntrustedInternalConnections }), sendMail: smtpMail(deps.config) });
  // Scheduled AD/LDAP syncs (EnableSync): each node asks every minute, one node of a cluster runs each.
  services.ldapSync.start();
  const bundles = new BundleStore(() => services.files.fileStore());
  const signatures = new PluginSignatures({ config: deps.config, dataDir: deps.dataDir });
  const pipeline = new InstallPipeline({ config: deps.config, logger: deps.logger, registry, bundles, signatures, supervisor, announcer });
  const removeData = async (pluginId: string) => {
    await stores.drop(pluginId);
    await keys.removePlugin(pluginId);
  };
  const pluginService = new PluginService({ config: deps.config, logger: deps.logger, permissions: services.permissions, registry, pipeline, bundles, supervisor, hosts, announcer, jobs, peers, removeData, greetInstaller: (id, userId) => dispatcher.installed(id, userId) });
  const marketplace = new PluginMarketplace({ config: deps.config, permissions: services.permissions, registry, plugins: pluginService });
  const firstAdminSetup = new FirstAdminSetup({ store: deps.store, permissions: services.permissions, installPlugin: (actor, id) => marketplace.install(actor, id, ''), events: appEvents });
  const routeOwners = new CoreRouteOwners({ installed: registry, trust });
  // Requests for a starting plugin's paths wait for it; the ping tells load balancers the node is not
  // ready while the plugins serving core paths (webhooks, slash commands) start. Other plugins, however
  // slow their onActivate, do not hold the node back.
  const pluginsReadiness = () => (supervisor.starting((id) => routeOwners.ownsCorePaths(id)) ? 'STARTING' : 'OK');
  services.health.add({ name: 'plugins', known: pluginsReadiness, probe: async () => pluginsReadiness() });
  const ephemeral = new EphemeralPosts(events, services.integrationSecrets, services.permissions);
  const integrationActions = new IntegrationActions({
    services,
    config: deps.config,
    events,
    logger: deps.logger.child({ source: 'integrations' }),
    requests: new IntegrationRequests({ config: deps.config, active: supervisor, dispatcher }),
    ephemeral,
    active: supervisor,
  });
  const locks = new PluginLocks(deps.store.pluginLocks);
  // The media service (the SFU) runs while a plugin with the media permission has configured it.
  const clusterNode = cluster.nodeId;
  const media: PluginMedia = new PluginMedia({
    supervisor: new MediaSupervisor({
      logger: deps.logger.child({ source: 'media' }),
      onEvent: (event) => void media.received(event),
      onReset: () => media.reset(),
      onRestored: () => void media.restored(),
      compileCacheDir: path.join(deps.dataDir, 'media-cache'),
    }),
    deliver: (pluginId, event) => dispatcher.mediaSignal(pluginId, event),
    deliverVoice: (pluginId, event) => dispatcher.mediaVoice(pluginId, event),
    deliverRestarted: (pluginId) => dispatcher.mediaServiceRestarted(pluginId),
    // In a cluster each call runs on the service of one node, the one whose plugin created it.
    placement: clusterNode === null ? singleNodeMedia : (host) => new ClusterMediaPlacement({ nodeId: clusterNode, peers, pins: deps.store.mediaPins, logger: deps.logger.child({ source: 'media' }) }, host),
  });
  // What a stopped plugin held through this node is released at once, not when its time runs out.
  supervisor.observe({
    changed: () => {},
    // The first run after an admin installed the plugin: its onInstall greets them.
    activated: (pluginId) => {
      const installer = pluginService.takeInstaller(pluginId);
      if (installer) dispatcher.installed(pluginId, installer);
    },
    deactivated: (pluginId) => {
      void locks.releaseAll(pluginId);
      void stores.stopped(pluginId);
      void media.pluginStopped(pluginId);
    },
  });
  const commandRunner = new PluginCommandRunner({ services, config: deps.config, ephemeral, logger: deps.logger.child({ source: 'plugins' }), active: supervisor, dispatcher, commands });
  pluginApi = new PluginApiHost({ services, store: deps.store, config: deps.config, events, peers, logger: deps.logger, commands, commandRunner, jobs, trust, ephemeral, locks, stores, keys, integrationActions, media });
  const scheduler = new PluginScheduler({ jobs: deps.store.pluginJobs, plugins: supervisor, dispatcher, config: deps.config, logger: deps.logger.child({ source: 'plugins' }) });
  jobs.onChange(() => scheduler.wake());
  // A plugin that starts may have jobs waiting for it.
  supervisor.observe({ changed: () => scheduler.wake(), activated: () => {}, deactivated: () => {} });
  receivePluginClusterEvents(peers, (pluginId, event) => dispatcher.pluginClusterEvent(pluginId, event));
  // Read at once, so that requests for plugin paths arriving before the plugins start find their owner and wait for it.
  const installedKnown = registry.scan().catch(() => {});
  const pluginRuntime: PluginRuntime = {
    installedKnown,
    active: supervisor,
    dispatcher,
    commands,
    commandRunner,
    integrationActions,
    ephemeral,
    routeOwners,
    folderOf: (id) => registry.get(id)?.path,
  };
  const { app, routes } = createHttpApp({ services, config: deps.config, logger: deps.logger, plugins: pluginService, marketplace, firstAdminSetup, pluginRuntime });
  const http = createHttpServer(app.callback());
  http.keepAliveTimeout = 65_000;
  const closeHttp = closerOf(http);
  const hub = new WebSocketHub({
    sessions: services.sessions,
    mfa: services.mfa,
    statuses: services.statuses,
    membership: services.memberships,
    events,
    config: deps.config,
    logger: deps.logger.child({ source: 'websocket' }),
    customActions: (request, sender) => dispatcher.webSocketMessage(sender.connectionId, sender.userId, request),
    connections: {
      connected: (connectionId, userId) => dispatcher.webSocketConnected(connectionId, userId),
      disconnected: (connectionId, userId) => dispatcher.webSocketDisconnected(connectionId, userId),
    },
    timings: deps.websocket,
  });
  hub.attach(http);
  const stopDndExpiry = startDndExpiry(services.statuses, deps.logger.child({ source: 'statuses' }));
  const stopPostReminders = services.postReminders.start();
  const stopScheduledPosts = services.scheduledPosts.start();
  const stopPersistentNotifications = services.persistentNotifications.start();
  return {
    http,
    apiRoutes: routes,
    services,
    events,
    cluster,
    plugins: {
      service: pluginService,
      supervisor,
      ephemeral,
      integrationActions,
      locks,
      stores,
      keys,
      media,
      commandRunner,
      start: async () => {
        try {
          await registry.scan();
          await supervisor.startAll();
          const dir = deps.prepackagedDir;
          if (dir) await installPrepackagedPlugins({ service: pluginService, config: deps.config, logger: deps.logger.child({ source: 'plugins' }), dir });
          if (deps.config.get().ClusterSettings.Enable) await pluginService.syncFromBundleStore();
        } finally {
          supervisor.settleStartup();
        }
      },
    },
    close: async () => {
      const scheduledRuns = scheduler.close();
      const ldapSyncs = services.ldapSync.close();
      locks.close();
      // Awaited below, once the plugins whose runs it waits for are stopped.
      scheduledRuns.catch(() => {});
      // Every step runs even when one before it failed: a server left listening, or a plugin host
      // left running, would keep the process alive.
      const failures: unknown[] = [];
      for (const step of [stopDndExpiry, stopPostReminders, stopScheduledPosts, stopPersistentNotifications, () => supervisor.close(), () => media.close(), () => stores.close(), () => hosts.close(), () => scheduledRuns, () => ldapSyncs, () => hub.close(), closeHttp, () => cluster.close()]) {
        await step().catch((err: unknown) => failures.push(err));
      }
      if (failures.length > 0) throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'the server did not close cleanly');
    },
  };
}

/** Mattermost's TimeToWaitForConnectionsToCloseOnServerShutdown: requests still going on after it are cut off. */
const SHUTDOWN_DRAIN_MS = 1000;
/** The host group of the prepackaged plugins. */
const PREPACKAGED_HOST = 'prepackaged';

/**
 * How `http` closes, as Mattermost stops its HTTP server: it stops listening, closes idle keep-alive
 * connections at once and busy ones as soon as they have answered, and destroys whatever is still
 * open after SHUTDOWN_DRAIN_MS. Node's close() alone waits on each of those: on a busy keep-alive
 * connection for keepAliveTimeout after its answer, on a request that never finishes arriving for ever.
 */
function closerOf(http: Server): () => Promise<void> {
  let closing = false;
  http.on('request', (_request, response) => {
    response.once('finish', () => {
      // Node's own 'finish' handling, which makes the connection idle, has run by the next turn.
      if (closing) setImmediate(() => http.closeIdleConnections());
    });
  });
  return () =>
    new Promise<void>((resolve, reject) => {
      closing = true;
      const deadline = setTimeout(() => http.closeAllConnections(), SHUTDOWN_DRAIN_MS);
      http.close((err) => {
        clearTimeout(deadline);
        if (err) reject(err);
        else resolve();
      });
    });
}
