// Keeping LDAP accounts in step with the directory, Mattermost's LDAP sync: every account with
// auth_service 'ldap' is looked up by its IdAttribute among the people UserFilter admits; found, its
// profile (and, with the admin filter on, its system admin role; with guest accounts on and a
// GuestFilter, whether it is a guest) follows the directory and a
// deactivated account comes back; not found, it is deactivated (signed out everywhere). People who
// never signed in get no account: accounts are made at first sign-in. POST /ldap/sync runs it now;
// with EnableSync it also runs every SyncIntervalMinutes, on one node of a cluster.
import type { ConfigService } from '../config/config-service.ts';
import type { LdapSettings } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import type { SessionService } from './session-service.ts';
import type { UserService } from './user-service.ts';
import { attributeOf, dnKey, filterOrAll, NO_ATTRIBUTES, withLdap, type DirectoryEntry } from './ldap-connection.ts';
import { LDAP_SERVICE, LdapAccounts, ldapProfile, profileAttributes } from './ldap-accounts.ts';
import { adminFilterOn, guestFilterOn } from './ldap-sign-in.ts';

export interface LdapSyncDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  users: UserService;
  sessions: SessionService;
  permissions: PermissionService;
}

/** What one sync did. */
export interface LdapSyncOutcome {
  updated: number;
  deactivated: number;
  reactivated: number;
}

/** The systems row that records the last scheduled sync (claimed by one node of a cluster). */
const LAST_SYNC_ROW = 'LdapLastSyncAt';
/** How often a node asks whether a scheduled sync is due. */
const CHECK_INTERVAL_MS = 60_000;

/** Told after each sync: the accounts the directory still has, account id by the entry's DN (dnKey). */
type SyncListener = (settings: Readonly<LdapSettings>, accountsByDn: ReadonlyMap<string, string>) => Promise<void>;

export class LdapSync {
  #deps: LdapSyncDeps;
  #accounts: LdapAccounts;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #afterSync: SyncListener[] = [];

  constructor(deps: LdapSyncDeps) {
    this.#deps = deps;
    this.#accounts = new LdapAccounts(deps);
  }

  /** POST /ldap/test: connects and binds as the service account, and searches the base DN. */
  async test(actor: Actor): Promise<void> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const settings = ldapEnabled(this.#deps.config.get().LdapSettings);
    await withLdap(settings, (connection) => connection.search(filterOrAll(settings.UserFilter), [settings.IdAttribute]));
  }

  /** POST /ldap/sync: runs a sync now and answers once it is done. */
  async syncNow(actor: Actor): Promise<LdapSyncOutcome> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const settings = ldapEnabled(this.#deps.config.get().LdapSettings);
    return this.#serialised(() => this.#sync(settings));
  }

  /** `listener` runs after each sync (group sync). */
  afterSync(listener: SyncListener): void {
    this.#afterSync.push(listener);
  }

  /** Starts asking, every minute, whether a scheduled sync is due. */
  start(): void {
    this.#timer = setInterval(() => void this.#scheduled(), CHECK_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Stops the schedule and waits for a sync in progress. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running.catch(() => undefined);
  }

  async #scheduled(): Promise<void> {
    const settings = this.#deps.config.get().LdapSettings;
    if (!settings.Enable || !settings.EnableSync) return;
    try {
      if (!(await this.#deps.store.systems.claimPeriodicRun(LAST_SYNC_ROW, Date.now(), settings.SyncIntervalMinutes * 60_000))) return;
      await this.#serialised(() => this.#sync(settings));
    } catch (err) {
      this.#deps.logger.error('scheduled AD/LDAP sync failed', { error: (err as Error).message });
    }
  }

  /** One sync at a time on a node: a manual one waits for a scheduled one and the other way round. */
  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#running.catch(() => undefined).then(work);
    this.#running = run;
    return run;
  }

  async #sync(settings: Readonly<LdapSettings>): Promise<LdapSyncOutcome> {
    // Guests follow the GuestFilter only while guest accounts are on; otherwise their accounts are deactivated anyway.
    const guestsOn = guestFilterOn(settings) && this.#deps.config.get().GuestAccountsSettings.Enable;
    const { people, admins, guests } = await withLdap(settings, async (connection) => {
      const entries = await connection.search(`(&(${settings.IdAttribute}=*)${filterOrAll(settings.UserFilter)})`, profileAttributes(settings));
      const dnsOf = async (on: boolean, filter: string) => (on ? new Set((await connection.search(filterOrAll(filter), NO_ATTRIBUTES)).map((found) => dnKey(found.dn))) : undefined);
      return { people: byId(settings, entries), admins: await dnsOf(adminFilterOn(settings), settings.AdminFilter), guests: await dnsOf(guestsOn, settings.GuestFilter) };
    });
    const outcome: LdapSyncOutcome = { updated: 0, deactivated: 0, reactivated: 0 };
    const found = new Map<string, string>();
    for (const account of await this.#deps.store.users.listByAuthService(LDAP_SERVICE)) {
      const entry = account.authData ? people.get(account.authData) : undefined;
      if (!entry) {
        if (account.deleteAt === 0) {
          await this.#deps.users.applyActive(account.id, false);
          outcome.deactivated += 1;
        }
        continue;
      }
      found.set(dnKey(entry.dn), account.id);
      const roles = { isAdmin: admins?.has(dnKey(entry.dn)), isGuest: guests?.has(dnKey(entry.dn)) };
      const refreshed = await this.#accounts.refresh(account, ldapProfile(settings, entry), roles);
      if (refreshed !== account) outcome.updated += 1;
      if (account.deleteAt > 0) {
        await this.#deps.users.applyActive(account.id, true);
        outcome.reactivated += 1;
      }
    }
    for (const listener of this.#afterSync) await listener(settings, found);
    this.#deps.logger.info('AD/LDAP sync done', { ...outcome });
    return outcome;
  }
}

function byId(settings: Readonly<LdapSettings>, entries: readonly DirectoryEntry[]): Map<string, DirectoryEntry> {
  const people = new Map<string, DirectoryEntry>();
  for (const entry of entries) {
    const id = attributeOf(entry, settings.IdAttribute);
    if (id !== '') people.set(id, entry);
  }
  return people;
}

/** The settings, when LDAP is on. */
export function ldapEnabled(settings: Readonly<LdapSettings>): Readonly<LdapSettings> {
  if (!settings.Enable) throw new AppError('ent.ldap.disabled.app_error', 501, 'AD/LDAP is not enabled on this server (LdapSettings.Enable).');
  return settings;
}
