// Directory groups in Parley, Mattermost's LDAP group sync: an admin lists the groups GroupFilter
// finds (GroupIdAttribute, GroupDisplayNameAttribute), links those Parley should know, and links a
// linked group to teams and channels. Each sync then sets every linked group's members (its
// `member` DNs that are LDAP accounts) and adds them to the linked teams and channels with
// auto_add, and takes out of group-constrained teams and channels (Mattermost's GroupConstrained)
// the people who are in none of their linked groups (bots stay).
import type { ConfigService } from '../config/config-service.ts';
import type { LdapSettings } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { GroupRow, GroupSyncableRow, SyncableKind } from '../store/group-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { systemActor, type Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import type { TeamService } from './team-service.ts';
import type { ChannelService } from './channel-service.ts';
import { ldapEnabled, type LdapSync } from './ldap-sync.ts';
import { newId } from './ids.ts';
import { attributeOf, attributeValues, dnKey, filterOrAll, matchFilter, withLdap, type DirectoryEntry } from './ldap-connection.ts';
import { LDAP_SERVICE } from './ldap-accounts.ts';

/** The attribute of a group entry that lists its members' DNs (groupOfNames, AD groups). */
const MEMBER_ATTRIBUTE = 'member';

/** A group of the directory, as GET /ldap/groups lists it. */
export interface DirectoryGroup {
  primaryKey: string;
  name: string;
  /** The linked Parley group, when there is one. */
  linked: GroupRow | undefined;
}

export interface LdapGroupsDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  permissions: PermissionService;
  teams: TeamService;
  channels: ChannelService;
  ldapSync: LdapSync;
}

export class LdapGroups {
  #deps: LdapGroupsDeps;

  constructor(deps: LdapGroupsDeps) {
    this.#deps = deps;
    deps.ldapSync.afterSync((settings, accountsByDn) => this.#syncMembers(settings, accountsByDn));
  }

  /** GET /ldap/groups: the directory's groups (paged), with the Parley group each is linked to. */
  async listDirectoryGroups(actor: Actor, paging: { offset: number; limit: number; query: string }): Promise<{ count: number; groups: DirectoryGroup[] }> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const settings = enabledSettings(this.#deps.config.get().LdapSettings);
    const entries = (await this.#directoryGroups(settings))
      .map((entry) => ({ primaryKey: attributeOf(entry, settings.GroupIdAttribute), name: groupName(settings, entry) }))
      .filter((g) => g.primaryKey !== '' && (paging.query === '' || g.name.toLowerCase().includes(paging.query.toLowerCase())))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = entries.slice(paging.offset, paging.offset + paging.limit);
    const linked = new Map((await this.#deps.store.groups.findByRemoteIds(LDAP_SERVICE, page.map((g) => g.primaryKey))).map((g) => [g.remoteId, g]));
    return { count: entries.length, groups: page.map((g) => ({ ...g, linked: linked.get(g.primaryKey) })) };
  }

  /** POST /ldap/groups/{remote_id}/link: makes (or brings back) the Parley group of a directory group. */
  async link(actor: Actor, remoteId: string): Promise<GroupRow> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const settings = enabledSettings(this.#deps.config.get().LdapSettings);
    const entry = (await withLdap(settings, (c) => c.search(matchFilter(settings.GroupIdAttribute, remoteId, settings.GroupFilter), groupAttributes(settings))))[0];
    if (!entry) throw new AppError('api.ldap_group.not_found', 404, `The directory has no group whose ${settings.GroupIdAttribute} is "${remoteId}" within the group filter.`);
    const id = await this.#deps.store.groups.link({ id: newId(), name: null, displayName: groupName(settings, entry), source: LDAP_SERVICE, remoteId, now: Date.now() });
    return (await this.#deps.store.groups.findById(id))!;
  }

  /** DELETE /ldap/groups/{remote_id}/link. */
  async unlink(actor: Actor, remoteId: string): Promise<void> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    if (!(await this.#deps.store.groups.unlink(LDAP_SERVICE, remoteId, Date.now()))) {
      throw new AppError('app.group.no_rows', 404, 'Unable to find the group.', { details: `remote_id=${remoteId}` });
    }
  }

  /** GET /groups (Mattermost lets any user list groups for mentions; Parley's are directory groups only, listed to admins). */
  async list(actor: Actor, filter: { query: string; offset: number; limit: number }): Promise<GroupRow[]> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    return this.#deps.store.groups.list({ ...filter, source: LDAP_SERVICE });
  }

  async get(actor: Actor, groupId: string): Promise<GroupRow> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    return this.#group(groupId);
  }

  /**
   * GET /users/{id}/groups: the groups a user is in, for themselves or a system admin; as in
   * Mattermost, only admins see the groups that may not be mentioned (allow_reference false).
   */
  async ofUser(actor: Actor, userId: string): Promise<GroupRow[]> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId, 'manage_system');
    return this.#deps.store.groups.ofMember(userId, !this.#deps.permissions.hasSystem(actor, 'manage_system'));
  }

  /** POST /groups/{id}/{teams|channels}/{syncable_id}/link: links a group to a team or channel. */
  async linkSyncable(actor: Actor, groupId: string, kind: SyncableKind, syncableId: string, patch: { autoAdd: boolean; schemeAdmin: boolean }): Promise<GroupSyncableRow> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const group = await this.#group(groupId);
    if (kind === 'team') await this.#deps.teams.get(actor, syncableId);
    else await this.#deps.channels.get(actor, syncableId);
    const link = await this.#deps.store.groups.linkSyncable(kind, group.id, syncableId, patch.autoAdd, patch.schemeAdmin, Date.now());
    if (link.autoAdd) await this.#addMembers(kind, syncableId, await this.#deps.store.groups.memberIds(group.id));
    return link;
  }

  async unlinkSyncable(actor: Actor, groupId: string, kind: SyncableKind, syncableId: string): Promise<void> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const group = await this.#group(groupId);
    if (!(await this.#deps.store.groups.unlinkSyncable(kind, group.id, syncableId, Date.now()))) throw notLinked(groupId, kind, syncableId);
  }

  /** GET /groups/{id}/{teams|channels}/{syncable_id}: one link; 404 when the group is not linked there. */
  async syncable(actor: Actor, groupId: string, kind: SyncableKind, syncableId: string): Promise<GroupSyncableRow> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    const link = await this.#deps.store.groups.syncable(kind, (await this.#group(groupId)).id, syncableId);
    if (!link) throw notLinked(groupId, kind, syncableId);
    return link;
  }

  /**
   * PUT /groups/{id}/{teams|channels}/{syncable_id}/patch: changes an existing link's auto_add and
   * scheme_admin (the fields left out keep their values); with auto_add on, the group's members are
   * added at once, as the next sync would add them.
   */
  async patchSyncable(actor: Actor, groupId: string, kind: SyncableKind, syncableId: string, patch: { autoAdd?: boolean; schemeAdmin?: boolean }): Promise<GroupSyncableRow> {
    const current = await this.syncable(actor, groupId, kind, syncableId);
    const autoAdd = patch.autoAdd ?? current.autoAdd;
    const link = await this.#deps.store.groups.linkSyncable(kind, current.groupId, syncableId, autoAdd, patch.schemeAdmin ?? current.schemeAdmin, Date.now());
    if (link.autoAdd) await this.#addMembers(kind, syncableId, await this.#deps.store.groups.memberIds(current.groupId));
    return link;
  }

  /** GET /teams/{id}/groups, /channels/{id}/groups: the groups linked to a team or channel. */
  async linkedTo(actor: Actor, kind: SyncableKind, syncableId: string): Promise<GroupRow[]> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    if (kind === 'team') await this.#deps.teams.get(actor, syncableId);
    else await this.#deps.channels.get(actor, syncableId);
    return this.#deps.store.groups.linkedTo(kind, syncableId);
  }

  /** GET /groups/{id}/{teams|channels}. */
  async syncables(actor: Actor, groupId: string, kind: SyncableKind): Promise<GroupSyncableRow[]> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    return this.#deps.store.groups.syncables(kind, (await this.#group(groupId)).id);
  }

  async #group(groupId: string): Promise<GroupRow> {
    const group = await this.#deps.store.groups.findById(groupId);
    if (!group) throw new AppError('app.group.no_rows', 404, 'Unable to find the group.', { details: `group_id=${groupId}` });
    return group;
  }

  async #directoryGroups(settings: Readonly<LdapSettings>): Promise<DirectoryEntry[]> {
    return withLdap(settings, (c) => c.search(filterOrAll(settings.GroupFilter), groupAttributes(settings)));
  }

  /** After a sync: each linked group's members follow the directory; auto_add links get them. */
  async #syncMembers(settings: Readonly<LdapSettings>, accountsByDn: ReadonlyMap<string, string>): Promise<void> {
    if (settings.GroupIdAttribute === '') return;
    const entries = await this.#directoryGroups(settings);
    const byRemoteId = new Map(entries.map((e) => [attributeOf(e, settings.GroupIdAttribute), e]));
    const groups = await this.#deps.store.groups.findByRemoteIds(LDAP_SERVICE, [...byRemoteId.keys()].filter(Boolean));
    const now = Date.now();
    for (const group of groups) {
      const entry = byRemoteId.get(group.remoteId!)!;
      const members = [...new Set(attributeValues(entry, MEMBER_ATTRIBUTE).map((dn) => accountsByDn.get(dnKey(dn))).filter((id): id is string => id !== undefined))];
      await this.#deps.store.groups.setMembers(group.id, members, now);
      for (const kind of ['team', 'channel'] as const) {
        for (const link of await this.#deps.store.groups.syncables(kind, group.id)) {
          if (link.autoAdd) await this.#addMembers(kind, link.syncableId, members);
        }
      }
    }
    await this.#removeOutsiders();
  }

  /** Takes people who are in none of the linked groups out of group-constrained teams, then channels; failures are logged. */
  async #removeOutsiders(): Promise<void> {
    const server = systemActor();
    for (const kind of ['team', 'channel'] as const) {
      for (const { syncableId, userId } of await this.#deps.store.groups.constrainedOutsiders(kind)) {
        try {
          if (kind === 'team') await this.#deps.teams.removeMember(server, syncableId, userId, {});
          else await this.#deps.channels.removeMember(server, syncableId, userId, {});
        } catch (err) {
          this.#deps.logger.warn('group sync could not remove a member', { user_id: userId, [`${kind}_id`]: syncableId, error: (err as Error).message });
        }
      }
    }
  }

  /** Adds people to a team, or to a channel (and its team first); failures are logged, one person at a time. */
  async #addMembers(kind: SyncableKind, syncableId: string, userIds: readonly string[]): Promise<void> {
    const server = systemActor();
    const channel = kind === 'channel' ? await this.#deps.channels.get(server, syncableId) : undefined;
    const teamId = channel ? channel.teamId : syncableId;
    for (const userId of userIds) {
      try {
        if (teamId) await this.#deps.teams.addMember(server, teamId, userId, {});
        if (channel) await this.#deps.channels.addMembers(server, channel.id, [userId], {});
      } catch (err) {
        this.#deps.logger.warn('group sync could not add a member', { user_id: userId, [`${kind}_id`]: syncableId, error: (err as Error).message });
      }
    }
  }
}

function groupAttributes(settings: Readonly<LdapSettings>): string[] {
  return [settings.GroupIdAttribute, settings.GroupDisplayNameAttribute, MEMBER_ATTRIBUTE];
}

function groupName(settings: Readonly<LdapSettings>, entry: DirectoryEntry): string {
  return (attributeOf(entry, settings.GroupDisplayNameAttribute) || attributeOf(entry, settings.GroupIdAttribute)).slice(0, 128);
}

function enabledSettings(settings: Readonly<LdapSettings>): Readonly<LdapSettings> {
  ldapEnabled(settings);
  if (settings.GroupIdAttribute === '') throw AppError.badRequest('api.ldap_groups.missing_group_id_attribute', 'Set LdapSettings.GroupIdAttribute before linking directory groups.');
  return settings;
}

function notLinked(groupId: string, kind: SyncableKind, syncableId: string): AppError {
  return new AppError('app.group.no_rows', 404, `The group is not linked to that ${kind}.`, { details: `group_id=${groupId} ${kind}_id=${syncableId}` });
}
