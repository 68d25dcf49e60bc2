// The store: opens PostgreSQL through MikroORM, applies migrations, and hands out repositories.
// The only module tree that imports @mikro-orm; services see repositories and entity types.
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { silentLogger, type Logger } from '../logger.ts';
import { DatabaseMonitor } from './database-monitor.ts';
import { monitoredClient } from './monitored-client.ts';
import { idlePool } from './idle-pool.ts';
import { ALL_ENTITIES } from './entities/index.ts';
import { InitialSchema } from './migrations/m0001-initial-schema.ts';
import { PluginKeyValuesAndBots } from './migrations/m0002-plugin-kv.ts';
import { PluginJobs } from './migrations/m0003-plugin-jobs.ts';
import { BotAccounts } from './migrations/m0004-bot-accounts.ts';
import { Files } from './migrations/m0005-files.ts';
import { PostSearch } from './migrations/m0006-post-search.ts';
import { Systems } from './migrations/m0007-systems.ts';
import { PluginLocks } from './migrations/m0008-plugin-locks.ts';
import { PluginKeys } from './migrations/m0009-plugin-keys.ts';
import { PluginOAuthStates } from './migrations/m0010-plugin-oauth-states.ts';
import { SidebarCategories } from './migrations/m0011-sidebar-categories.ts';
import { Threads } from './migrations/m0012-threads.ts';
import { Drafts } from './migrations/m0013-drafts.ts';
import { CustomEmoji } from './migrations/m0014-custom-emoji.ts';
import { TimedDnd } from './migrations/m0019-timed-dnd.ts';
import { InvitationTokens } from './migrations/m0020-invitation-tokens.ts';
import { SsoAccounts } from './migrations/m0016-sso-accounts.ts';
import { LdapGroups } from './migrations/m0018-ldap-groups.ts';
import { UserMfa } from './migrations/m0015-user-mfa.ts';
import { SamlAssertions } from './migrations/m0017-saml-assertions.ts';
import { SignInSwitch } from './migrations/m0021-sign-in-switch.ts';
import { MediaCallPins } from './migrations/m0022-media-call-pins.ts';
import { PostReminders } from './migrations/m0023-post-reminders.ts';
import { ScheduledPosts } from './migrations/m0024-scheduled-posts.ts';
import { ChannelBookmarks } from './migrations/m0025-channel-bookmarks.ts';
import { ProductNoticeViews } from './migrations/m0026-product-notice-views.ts';
import { PostPrioritiesAndAcknowledgements } from './migrations/m0027-post-priority.ts';
import { PersistentNotifications } from './migrations/m0028-persistent-notifications.ts';
import { Audits } from './migrations/m0029-audits.ts';
import { TermsOfService } from './migrations/m0030-terms-of-service.ts';
import { ChannelModerations } from './migrations/m0031-channel-moderations.ts';
import { UserNamePrefixIndexes } from './migrations/m0032-user-name-prefix-indexes.ts';
import { UserRepository } from './user-repository.ts';
import { SessionRepository } from './session-repository.ts';
import { TeamRepository } from './team-repository.ts';
import { ChannelRepository } from './channel-repository.ts';
import { PostRepository } from './post-repository.ts';
import { ReactionRepository } from './reaction-repository.ts';
import { StatusRepository } from './status-repository.ts';
import { FileInfoRepository } from './file-info-repository.ts';
import { PreferenceRepository } from './preference-repository.ts';
import { PluginKvRepository } from './plugin-kv-repository.ts';
import { BotRepository } from './bot-repository.ts';
import { PluginJobRepository } from './plugin-job-repository.ts';
import { SearchRepository } from './search-repository.ts';
import { SystemRepository } from './system-repository.ts';
import { PluginLockRepository } from './plugin-lock-repository.ts';
import { PluginOAuthStateRepository } from './plugin-oauth-state-repository.ts';
import { PluginKeyRepository } from './plugin-key-repository.ts';
import { SidebarRepository } from './sidebar-repository.ts';
import { DraftRepository } from './draft-repository.ts';
import { EmojiRepository } from './emoji-repository.ts';
import { ThreadRepository } from './thread-repository.ts';
import { SsoLoginStateRepository } from './sso-login-state-repository.ts';
import { InvitationTokenRepository } from './invitation-token-repository.ts';
import { GuestRepository } from './guest-repository.ts';
import { SamlAssertionRepository } from './saml-assertion-repository.ts';
import { SamlSessionRepository } from './saml-session-repository.ts';
import { GroupRepository } from './group-repository.ts';
import { UserMfaRepository } from './user-mfa-repository.ts';
import { PostReminderRepository } from './post-reminder-repository.ts';
import { ScheduledPostRepository } from './scheduled-post-repository.ts';
import { MediaPinRepository } from './media-pin-repository.ts';
import { ProductNoticeRepository } from './product-notice-repository.ts';
import { PostAcknowledgementRepository } from './post-acknowledgement-repository.ts';
import { PersistentNotificationRepository } from './persistent-notification-repository.ts';
import { ChannelBookmarkRepository } from './channel-bookmark-repository.ts';
import { AuditRepository } from './audit-repository.ts';
import { TermsOfServiceRepository } from './terms-of-service-repository.ts';
import type { EntityManagers } from './repository.ts';
import { AccessWrites, type AccessWrite, type AccessWriteListener, type ReportAccessWrite } from './access-writes.ts';

export const MIGRATIONS = [InitialSchema, PluginKeyValuesAndBots, PluginJobs, BotAccounts, Files, PostSearch, Systems, PluginLocks, PluginKeys, PluginOAuthStates, SidebarCategories, Threads, Drafts, CustomEmoji, UserMfa, SsoAccounts, SamlAssertions, LdapGroups, TimedDnd, InvitationTokens, SignInSwitch, MediaCallPins, PostReminders, ScheduledPosts, ChannelBookmarks, ProductNoticeViews, PostPrioritiesAndAcknowledgements, PersistentNotifications, Audits, TermsOfService, ChannelModerations, UserNamePrefixIndexes];

export interface StoreOptions {
  /** postgres:// URL. */
  url: string;
  /** Largest number of pooled connections. */
  maxConnections?: number;
  /** Statement timeout in seconds. */
  queryTimeout?: number;
  /** When given, every SQL statement is passed here (SqlSettings.Trace). */
  trace?: (message: string) => void;
  /** Where the database monitor says that the database became unreachable, and reachable again. */
  logger?: Logger;
}

/** How long a reachability probe may take to connect and answer. */
const PROBE_TIMEOUT_MS = 3000;

/** Repositories bound to the pool, or to one transaction. */
export class Repositories {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly teams: TeamRepository;
  readonly channels: ChannelRepository;
  readonly posts: PostRepository;
  readonly reactions: ReactionRepository;
  readonly statuses: StatusRepository;
  readonly fileInfos: FileInfoRepository;
  readonly preferences: PreferenceRepository;
  readonly pluginKv: PluginKvRepository;
  readonly bots: BotRepository;
  readonly pluginJobs: PluginJobRepository;
  readonly search: SearchRepository;
  readonly systems: SystemRepository;
  readonly pluginLocks: PluginLockRepository;
  readonly pluginOAuthStates: PluginOAuthStateRepository;
  readonly pluginKeys: PluginKeyRepository;
  readonly sidebar: SidebarRepository;
  readonly drafts: DraftRepository;
  readonly emoji: EmojiRepository;
  readonly threads: ThreadRepository;
  readonly ssoLoginStates: SsoLoginStateRepository;
  readonly samlAssertions: SamlAssertionRepository;
  readonly samlSessions: SamlSessionRepository;
  readonly groups: GroupRepository;
  readonly userMfa: UserMfaRepository;
  readonly invitationTokens: InvitationTokenRepository;
  readonly guests: GuestRepository;
  readonly mediaPins: MediaPinRepository;
  readonly postReminders: PostReminderRepository;
  readonly scheduledPosts: ScheduledPostRepository;
  readonly bookmarks: ChannelBookmarkRepository;
  readonly productNotices: ProductNoticeRepository;
  readonly acknowledgements: PostAcknowledgementRepository;
  readonly persistentNotifications: PersistentNotificationRepository;
  readonly audits: AuditRepository;
  readonly termsOfService: TermsOfServiceRepository;

  /** `reportAccessWrite`: where the repositories report writes that change who may reach a channel (access-writes.ts). */
  constructor(em: EntityManagers, reportAccessWrite: ReportAccessWrite) {
    this.users = new UserRepository(em);
    this.sessions = new SessionRepository(em);
    this.teams = new TeamRepository(em, reportAccessWrite);
    this.channels = new ChannelRepository(em, reportAccessWrite);
    this.posts = new PostRepository(em);
    this.reactions = new ReactionRepository(em);
    this.statuses = new StatusRepository(em);
    this.fileInfos = new FileInfoRepository(em);
    this.preferences = new PreferenceRepository(em);
    this.pluginKv = new PluginKvRepository(em);
    this.bots = new BotRepository(em);
    this.pluginJobs = new PluginJobRepository(em);
    this.search = new SearchRepository(em);
    this.systems = new SystemRepository(em);
    this.pluginLocks = new PluginLockRepository(em);
    this.pluginOAuthStates = new PluginOAuthStateRepository(em);
    this.pluginKeys = new PluginKeyRepository(em);
    this.sidebar = new SidebarRepository(em);
    this.drafts = new DraftRepository(em);
    this.emoji = new EmojiRepository(em);
    this.threads = new ThreadRepository(em);
    this.ssoLoginStates = new SsoLoginStateRepository(em);
    this.samlAssertions = new SamlAssertionRepository(em);
    this.samlSessions = new SamlSessionRepository(em);
    this.groups = new GroupRepository(em);
    this.userMfa = new UserMfaRepository(em);
    this.invitationTokens = new InvitationTokenRepository(em);
    this.guests = new GuestRepository(em, reportAccessWrite);
    this.mediaPins = new MediaPinRepository(em);
    this.postReminders = new PostReminderRepository(em);
    this.scheduledPosts = new ScheduledPostRepository(em);
    this.bookmarks = new ChannelBookmarkRepository(em);
    this.productNotices = new ProductNoticeRepository(em);
    this.acknowledgements = new PostAcknowledgementRepository(em);
    this.persistentNotifications = new PersistentNotificationRepository(em);
    this.audits = new AuditRepository(em);
    this.termsOfService = new TermsOfServiceRepository(em);
  }
}

/** How long close() waits for statements in flight; main.ts bounds the whole close at 2 s. */
const CLOSE_DRAIN_MS = 1000;

export class Store extends Repositories {
  /**
   * Whether the database can be reached. While it cannot, store calls fail at once with
   * DatabaseUnavailable, and the pool connects afresh once it is back.
   */
  readonly monitor: DatabaseMonitor;
  /** The postgres:// URL the store connects with (plugin stores connect to the same database as their own roles). */
  readonly url: string;
  #orm: MikroORM;
  #accessWrites: AccessWrites;

  private constructor(orm: MikroORM, monitor: DatabaseMonitor, url: string, accessWrites = new AccessWrites()) {
    // The raw-SQL manager is one fork made once: detached from any transaction's async context (as
    // each per-call fork is), so a pool repository never joins a transaction running around it.
    // Outside transactions every statement commits on its own, so access writes are reported at once.
    super({ orm: () => orm.em.fork({ clear: true, useContext: false }), sql: orm.em.fork({ useContext: false }) }, accessWrites.report);
    this.#orm = orm;
    this.#accessWrites = accessWrites;
    this.monitor = monitor;
    this.url = url;
  }

  /** Connects and brings the schema up to date. */
  static async open(options: StoreOptions): Promise<Store> {
    const monitor = new DatabaseMonitor({ probe: () => probe(options.url), logger: options.logger ?? silentLogger() });
    const orm = await MikroORM.init({
      clientUrl: options.url,
      entities: ALL_ENTITIES,
      extensions: [Migrator],
      pool: { min: 0, max: options.maxConnections ?? 20 },
      // `Client` is pg-pool's option for the class of its connections.
      driverOptions: { statement_timeout: (options.queryTimeout ?? 30) * 1000, Client: monitoredClient(monitor) },
      migrations: { migrationsList: MIGRATIONS, snapshot: false, transactional: true, allOrNothing: true, silent: true },
      allowGlobalContext: false,
      debug: options.trace ? ['query'] : false,
      ...(options.trace ? { logger: options.trace, colors: false } : {}),
    });
    await orm.migrator.up();
    return new Store(orm, monitor, options.url);
  }

  /** Runs `work` in one database transaction; it commits when `work` resolves, rolls back when it throws. */
  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    // Reported after the commit, when readers see the new rows; a rolled-back write changed nothing.
    const writes: AccessWrite[] = [];
    const result = await this.#orm.em
      .fork({ clear: true, useContext: false })
      .transactional((em: EntityManager) => work(new Repositories({ orm: () => em, sql: em }, (write) => writes.push(write))));
    for (const write of writes) this.#accessWrites.report(write);
    return result;
  }

  /** Calls `listener` after each committed write that changes who may reach a channel (access-writes.ts). */
  onAccessWrite(listener: AccessWriteListener): () => void {
    return this.#accessWrites.listen(listener);
  }

  /** True when the database answers (GET /system/ping?get_server_status). */
  async isHealthy(): Promise<boolean> {
    try {
      await this.#orm.em.getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Refuses new connections, lets the statements in flight finish (for up to CLOSE_DRAIN_MS), then ends the pool. */
  async close(): Promise<void> {
    this.monitor.close();
    await idlePool(await this.#orm.em.getConnection().getNativeClient(), CLOSE_DRAIN_MS);
    await this.#orm.close(true);
  }
}

/** Connects outside the pool (which refuses while the database is known to be down) and asks for one row. */
async function probe(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
  // A probe whose connection breaks fails through its own promise; the event must not be fatal.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    // Not awaited: ending a connection that never opened can wait on a socket that is already gone.
    client.end().catch(() => {});
  }
}
