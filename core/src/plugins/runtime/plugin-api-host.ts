// The core's side of the plugin RPC API: every call a plugin makes arrives here as
// `group.method` with JSON arguments. The group must be one the plugin's manifest asked for; the
// arguments are checked; the work is done by the core's services. Errors go back to the plugin as
// {id, message} (its API promise rejects with them).
import type { Manifest } from '@parley/plugin-api';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/store.ts';
import type { EventBus } from '../../cluster/event-bus.ts';
import type { PeerChannel } from '../../cluster/peer-channel.ts';
import type { Services } from '../../app/services.ts';
import { AppError } from '../../errors/app-error.ts';
import { jsonInputProblem } from '@parley/plugin-api';
import { permissionFor } from '@parley/plugin-api/manifest';
import { databaseUnavailableError } from '../../errors/database-unavailable.ts';
import { unstorableInputError } from '../../errors/unstorable-input.ts';
import { configuredKvLimits, PluginKvService } from './plugin-kv-service.ts';
import { PluginCommands } from './plugin-commands.ts';
import type { PluginCommandRunner } from './plugin-command-runner.ts';
import type { PluginTrustPolicy } from './installed-plugins.ts';
import type { PluginJobService } from './plugin-job-service.ts';
import type { ApiDeps, ApiGroupName, ApiGroups, ApiHandler } from './api/api-group.ts';
import { Arguments } from './api/arguments.ts';
import { WindowLimiter } from './api/window-limiter.ts';
import { postsApi } from './api/posts-api.ts';
import { channelsApi } from './api/channels-api.ts';
import { usersApi } from './api/users-api.ts';
import { teamsApi } from './api/teams-api.ts';
import { botsApi } from './api/bots-api.ts';
import { commandsApi } from './api/commands-api.ts';
import { kvApi } from './api/kv-api.ts';
import { configApi } from './api/config-api.ts';
import { clusterApi, websocketApi } from './api/realtime-api.ts';
import { httpApi } from './api/http-api.ts';
import { logApi } from './api/log-api.ts';
import { schedulerApi } from './api/scheduler-api.ts';
import { dialogsApi } from './api/dialogs-api.ts';
import { storeApi } from './api/store-api.ts';
import { oauthApi } from './api/oauth-api.ts';
import { PluginOAuth } from './plugin-oauth.ts';
import { cryptoApi } from './api/crypto-api.ts';
import { CRYPTO_LIMITS } from './api/crypto-arguments.ts';
import type { PluginStores } from './plugin-stores.ts';
import type { EphemeralPosts } from './ephemeral-post.ts';
import type { IntegrationActions } from './integration-actions.ts';
import type { PluginLocks } from './plugin-locks.ts';
import type { PluginKeys } from './plugin-keys.ts';
import { mediaApi } from './api/media-api.ts';
import type { PluginMedia } from './plugin-media.ts';

export interface PluginApiHostDeps {
  services: Services;
  /** For the repositories the plugin runtime owns (KV); everything else goes through services. */
  store: Store;
  config: ConfigService;
  events: EventBus;
  /** The other nodes of a cluster, for the plugins' cluster events. */
  peers: PeerChannel;
  logger: Logger;
  /** The registry slash commands are kept in (shared with the command routes). */
  commands: PluginCommands;
  /** Runs slash commands as a user (commands.execute). */
  commandRunner: PluginCommandRunner;
  /** Trusted plugins post without the plugin post budget and the from_plugin mark. */
  trust: PluginTrustPolicy;
  /** The plugins' scheduled jobs (shared with the scheduler that runs them). */
  jobs: PluginJobService;
  ephemeral: EphemeralPosts;
  /** The plugins' cluster-wide locks. */
  locks: PluginLocks;
  /** The plugins' SQL schemas. */
  stores: PluginStores;
  /** The keys the server keeps for the plugins (api.crypto). */
  keys: PluginKeys;
  /** Opens the dialogs plugins ask for. */
  integrationActions: IntegrationActions;
  /** The media service, as the plugins drive it (api.media). */
  media: PluginMedia;
}

/** An error as it crosses into the sandbox. */
export interface PluginApiError {
  id: string;
  message: string;
}

/**
 * Groups whose arguments are not stored as they are, or are checked by their own stores. Crypto's data
 * is hashed, signed or encrypted, never stored (a webhook body may hold a NUL), and its key names
 * follow a rule of their own.
 */
const SELF_CHECKING_GROUPS: ReadonlySet<ApiGroupName> = new Set(['http', 'kv', 'scheduler', 'crypto']);

/** More would never be a real call. */
const MAX_ARGUMENTS = 8;
const LOG_LINES_PER_SECOND = 100;
const POSTS_PER_SECOND = 20;

export class PluginApiHost {
  #groups: ApiGroups;
  #limiters: WindowLimiter[];
  #commands: PluginCommands;
  #logger: Logger;
  #trust: PluginTrustPolicy;

  constructor(deps: PluginApiHostDeps) {
    this.#trust = deps.trust;
    const api: ApiDeps = {
      services: deps.services,
      bots: deps.services.bots,
      kv: new PluginKvService(deps.store, configuredKvLimits(deps.config)),
      commands: deps.commands,
      commandRunner: deps.commandRunner,
      jobs: deps.jobs,
      config: deps.config,
      events: deps.events,
      logger: deps.logger,
      ephemeral: deps.ephemeral,
      integrationActions: deps.integrationActions,
      stores: deps.stores,
      oauth: new PluginOAuth(deps.store.pluginOAuthStates, deps.config),
    };
    const postLimiter = new WindowLimiter(POSTS_PER_SECOND);
    const logLimiter = new WindowLimiter(LOG_LINES_PER_SECOND);
    const rsaLimiter = new WindowLimiter(CRYPTO_LIMITS.rsaKeysPerSecond);
    this.#limiters = [postLimiter, logLimiter, rsaLimiter];
    this.#commands = deps.commands;
    this.#logger = deps.logger;
    this.#groups = {
      posts: postsApi(api, postLimiter),
      channels: channelsApi(api),
      users: usersApi(api),
      teams: teamsApi(api),
      bots: botsApi(api),
      commands: commandsApi(api),
      dialogs: dialogsApi(api),
      store: storeApi(api),
      oauth: oauthApi(api),
      kv: kvApi(api),
      config: configApi(api),
      websocket: websocketApi(api),
      cluster: clusterApi(deps.peers, deps.locks),
      http: httpApi(api),
      crypto: cryptoApi(deps.keys, rsaLimiter),
      media: mediaApi(deps.media),
      log: logApi(api, logLimiter),
      scheduler: schedulerApi(api),
    };
  }

  /** Answers one API call of a plugin; rejects with a PluginApiError. */
  async handle(manifest: Manifest, method: string, args: unknown): Promise<unknown> {
    const dot = typeof method === 'string' ? method.indexOf('.') : -1;
    const groupName = (dot > 0 ? method.slice(0, dot) : '') as ApiGroupName;
    const name = dot > 0 ? method.slice(dot + 1) : '';
    // Own properties only: `posts.constructor` or `kv.__proto__` are not methods.
    const group: Readonly<Record<string, ApiHandler>> | undefined = Object.hasOwn(this.#groups, groupName) ? this.#groups[groupName] : undefined;
    const handler = group && Object.hasOwn(group, name) ? group[name] : undefined;
    if (!handler) throw { id: 'plugin.api.unknown_method', message: `There is no plugin API method ${String(method).slice(0, 100)}.` } satisfies PluginApiError;
    const permission = permissionFor(method);
    if (!(manifest.permissions.api as readonly string[]).includes(permission)) {
      throw {
        id: 'plugin.api.permission_denied',
        message: `${manifest.id} may not call ${method}: its manifest does not ask for "${permission}"`,
      } satisfies PluginApiError;
    }
    if (!Array.isArray(args) || args.length > MAX_ARGUMENTS) {
      throw { id: 'plugin.api.invalid_arguments', message: `Invalid arguments for ${method}: expected a list of at most ${MAX_ARGUMENTS} arguments.` } satisfies PluginApiError;
    }
    // What is stored must be storable. An outbound HTTP body is bytes for another server, not stored
    // here; KV values and job data are checked by their stores, which answer with their own error ids.
    const problem = SELF_CHECKING_GROUPS.has(groupName) ? undefined : jsonInputProblem(args);
    if (problem) throw { id: 'plugin.api.invalid_arguments', message: `Invalid arguments for ${method}: the arguments ${problem}.` } satisfies PluginApiError;
    try {
      return await handler({ manifest, args: new Arguments(method, args), trusted: this.#trust.isTrusted(manifest.id) });
    } catch (err) {
      // An unreachable database is the store monitor's to report, once; each plugin's call just gets the 503.
      const known = err instanceof AppError ? err : (databaseUnavailableError(err) ?? unstorableInputError(err));
      if (known) throw { id: known.id, message: known.message } satisfies PluginApiError;
      this.#logger.error('plugin API call failed', { plugin_id: manifest.id, method, err });
      throw { id: 'plugin.api.internal_error', message: `${method} failed on the server; the server log has the details.` } satisfies PluginApiError;
    }
  }

  /** Drops what the core keeps in memory for a plugin that stopped (its slash commands, its budgets). */
  forgetPlugin(pluginId: string): void {
    this.#commands.forgetPlugin(pluginId);
    for (const limiter of this.#limiters) limiter.forget(pluginId);
  }
}
