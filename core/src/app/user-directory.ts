// Who may list whom, and what of a profile they see: GET /users, POST /users/search and GET
// /users/autocomplete as Mattermost decides them. A filter names a team, channel or group, and
// listing by it tells who belongs to it, so each one needs the right to see that membership:
// view_team on a team, read access on a channel (members, or any team member for a public
// channel), list_users_without_team for the users in no team, and the console's right for the
// members of a directory (AD/LDAP) group; an unknown group is a 404, never ignored. Email addresses
// and full names are shown (and searched) per PrivacySettings, always to the user themselves and to
// admins. A guest (no view_members) sees only the people they share a channel with, in lists and by
// id alike.
import type { ConfigService } from '../config/config-service.ts';
import type { Repositories } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import type { UserListFilter } from '../store/user-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export interface UserDirectoryDeps {
  store: Repositories;
  config: ConfigService;
  permissions: PermissionService;
}

/** Mattermost's UserSearchDefaultLimit and UserSearchMaxLimit. */
export const USER_SEARCH_DEFAULT_LIMIT = 100;
export const USER_SEARCH_MAX_LIMIT = 1000;

/** What of a user's profile a viewer sees. */
export interface UserVisibility {
  /** The viewer is the user or a system admin: sees everything but secrets. */
  viewerIsSelfOrAdmin: boolean;
  showEmail: boolean;
  showFullName: boolean;
}

/** The membership filters of a listing, Mattermost's meaning. */
export interface MembershipFilter {
  inTeam?: string;
  notInTeam?: string;
  inChannel?: string;
  notInChannel?: string;
  inGroup?: string;
  notInGroup?: string;
  withoutTeam?: boolean;
}

export type DirectoryQuery = UserListFilter;

export interface AutocompleteQuery {
  name: string;
  inTeam?: string;
  inChannel?: string;
  limit: number;
}

/** POST /users/search: a term, the membership filters, and whether deactivated users count. */
export interface UserSearchInput extends MembershipFilter {
  term: string;
  allowInactive: boolean;
  /** Only users holding this system role (the console's role filter). */
  role?: string;
  limit: number;
}

export class UserDirectory {
  #deps: UserDirectoryDeps;

  constructor(deps: UserDirectoryDeps) {
    this.#deps = deps;
  }

  /** What `viewer` (none for an anonymous request) sees of the profile of `userId`. */
  visibility(viewer: Actor | undefined, userId: string): UserVisibility {
    const privacy = this.#deps.config.get().PrivacySettings;
    const full = viewer !== undefined && (viewer.userId === userId || this.#deps.permissions.hasSystem(viewer, 'manage_system'));
    return { viewerIsSelfOrAdmin: full, showEmail: full || privacy.ShowEmailAddress, showFullName: full || privacy.ShowFullName };
  }

  /** The users matching `query`, once the caller is shown to be allowed to see every membership it names. */
  async list(actor: Actor, query: DirectoryQuery): Promise<User[]> {
    await this.#requireMembershipAccess(actor, query);
    return this.#deps.store.users.list({ ...query, sharingAChannelWith: this.#deps.permissions.viewRestrictedTo(actor) });
  }

  /** GET /users/{id}: the profile, refused (view_members) to a guest who shares no channel with the user. */
  async profile(actor: Actor, userId: string): Promise<User> {
    const user = await this.#deps.store.users.findById(userId);
    if (!user) throw AppError.notFound('user', userId);
    await this.#deps.permissions.requireSeeUsers(actor, [user.id]);
    return user;
  }

  /** GET /users/username/{username}: as profile(). */
  async profileByUsername(actor: Actor, username: string): Promise<User> {
    const user = await this.#deps.store.users.findByUsername(username);
    if (!user) throw AppError.notFound('user', username);
    await this.#deps.permissions.requireSeeUsers(actor, [user.id]);
    return user;
  }

  /**
   * POST /users/ids and /users/usernames: the profiles found, those the actor may not see left out;
   * by ids with `updatedAfter`, only those changed after it (Mattermost's `since`; 0 is every one).
   */
  async profiles(actor: Actor, by: { ids: readonly string[]; updatedAfter: number } | { usernames: readonly string[] }): Promise<User[]> {
    const { users } = this.#deps.store;
    const found = 'ids' in by ? await users.findByIds(by.ids, by.updatedAfter) : await users.findByUsernames(by.usernames);
    const seeable = await this.#deps.permissions.seeableUserIds(actor, found.map((u) => u.id));
    return found.filter((u) => seeable.has(u.id));
  }

  /**
   * POST /users/group_channels: the members of each group message named that the actor is in, by
   * channel id (what a client titles its group messages with); any other channel is left out, as
   * Mattermost leaves it out.
   */
  async groupMessageProfiles(actor: Actor, channelIds: readonly string[]): Promise<Map<string, User[]>> {
    const { channels, users } = this.#deps.store;
    const members = await channels.groupMessageMembers(channelIds, actor.userId);
    const byId = new Map((await users.findByIds([...new Set(members.map((m) => m.userId))])).map((u) => [u.id, u]));
    const profiles = new Map<string, User[]>();
    for (const { channelId, userId } of members) {
      const user = byId.get(userId);
      if (user) profiles.set(channelId, [...(profiles.get(channelId) ?? []), user]);
    }
    return profiles;
  }

  /** Users whose username, nickname, and (when the caller may see them) names or email start with the term. */
  search(actor: Actor, input: UserSearchInput): Promise<User[]> {
    const { term, allowInactive, limit, ...membership } = input;
    const visibility = this.visibility(actor, '');
    return this.list(actor, {
      ...membership,
      term,
      termMatchesEmail: visibility.showEmail,
      termMatchesFullName: visibility.showFullName,
      active: !allowInactive,
      offset: 0,
      limit,
    });
  }

  /**
   * Mattermost's autocomplete: users of the channel matching `name`, and (with a channel) the team's
   * users outside it; never matched on email addresses.
   */
  async autocomplete(actor: Actor, query: AutocompleteQuery): Promise<{ users: User[]; outOfChannel?: User[] }> {
    if (query.inChannel && !query.inTeam) throw AppError.invalidParam('in_team', 'is required with in_channel');
    await this.#requireMembershipAccess(actor, { inTeam: query.inTeam, inChannel: query.inChannel });
    const matchFullNames = this.visibility(actor, '').showFullName;
    const base = {
      term: query.name,
      termMatchesEmail: false,
      termMatchesFullName: matchFullNames,
      active: true,
      sharingAChannelWith: this.#deps.permissions.viewRestrictedTo(actor),
      offset: 0,
      limit: query.limit,
    };
    if (query.inChannel) {
      const [users, outOfChannel] = await Promise.all([
        this.#deps.store.users.list({ ...base, inChannel: query.inChannel }),
        this.#deps.store.users.list({ ...base, inTeam: query.inTeam, notInChannel: query.inChannel }),
      ]);
      return { users, outOfChannel };
    }
    return { users: await this.#deps.store.users.list({ ...base, inTeam: query.inTeam }) };
  }

  async #requireMembershipAccess(actor: Actor, filter: MembershipFilter): Promise<void> {
    const { permissions } = this.#deps;
    for (const groupId of [filter.inGroup, filter.notInGroup]) {
      if (!groupId) continue;
      const group = await this.#deps.store.groups.findById(groupId);
      if (!group) throw new AppError('app.group.no_rows', 404, 'Unable to find the group.', { details: `group_id=${groupId}` });
      // Mattermost's requireGroupAccess: a directory group's (source "ldap", its GroupSourceLdap) members
      // are for those who may read the console's groups.
      if (group.source === 'ldap') permissions.requireSystem(actor, 'manage_system');
    }
    if (filter.notInChannel && !filter.inTeam) throw AppError.invalidParam('team_id', 'is required with not_in_channel');
    if (filter.withoutTeam) permissions.requireSystem(actor, 'list_users_without_team');
    for (const teamId of [filter.inTeam, filter.notInTeam]) {
      if (teamId) await permissions.requireTeam(actor, teamId, 'view_team');
    }
    for (const channelId of [filter.inChannel, filter.notInChannel]) {
      if (channelId) await permissions.requireReadChannel(actor, channelId);
    }
  }
}
