// Guest accounts, as Mattermost runs them: promoting a guest to a member and demoting a member to
// a guest (the account's system role and every team and channel membership change together, and
// live sessions follow at once), and, when an admin turns GuestAccountsSettings.Enable off, every
// guest deactivated and signed out. Who a guest may see is decided in PermissionService.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { ChannelService } from './channel-service.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { PermissionService } from './permission-service.ts';
import { SYSTEM_ADMIN, SYSTEM_GUEST, SYSTEM_USER, isGuestRoles, parseRoles } from './roles.ts';
import type { SessionService } from './session-service.ts';
import type { UserService } from './user-service.ts';

export interface GuestAccountDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  sessions: SessionService;
  users: UserService;
  channels: ChannelService;
}

export class GuestAccounts {
  #deps: GuestAccountDeps;

  constructor(deps: GuestAccountDeps) {
    this.#deps = deps;
    deps.config.onChange((next, previous) => {
      if (previous.GuestAccountsSettings.Enable && !next.GuestAccountsSettings.Enable) {
        this.#deactivateAll().catch((err: unknown) => deps.logger.error('could not deactivate the guest accounts', { error: String(err) }));
      }
    });
  }

  /**
   * POST /users/{id}/promote (promote_guest): the guest becomes a member — system_user, and team_user
   * and channel_user in every team and channel they are in — and joins the default channels of
   * their teams, as Mattermost's PromoteGuestToUser.
   */
  async promote(actor: Actor, userId: string, ctx: HookContext): Promise<void> {
    this.#deps.permissions.requireSystem(actor, 'promote_guest');
    const user = await this.#deps.users.get(userId);
    if (!isGuestRoles(parseRoles(user.roles))) {
      throw AppError.notImplemented('api.user.promote_guest_to_user.no_guest.app_error', 'Only a guest account can be promoted to a member.');
    }
    const roles = parseRoles(user.roles).map((r) => (r === SYSTEM_GUEST ? SYSTEM_USER : r));
    const now = Date.now();
    const teamIds = await this.#deps.store.teams.teamIdsOfUser(userId);
    const joined = await this.#deps.store.transaction(async (tx) => {
      await tx.guests.setGuest(userId, roles.join(' '), false, now);
      return Promise.all(teamIds.map(async (teamId) => ({ teamId, members: await this.#deps.channels.joinDefaultChannels(tx, teamId, userId, now) })));
    });
    for (const { teamId, members } of joined) this.#deps.channels.announceJoined(members, teamId, actor.userId, ctx);
    await this.#afterChange(userId);
  }

  /**
   * POST /users/{id}/demote (demote_to_guest; needs GuestAccountsSettings.Enable): the member becomes
   * a guest — system_guest (losing system_admin), team_guest and channel_guest wherever they are —
   * and keeps every membership they had, as Mattermost's DemoteUserToGuest. Demoting an admin
   * takes manage_system.
   */
  async demote(actor: Actor, userId: string): Promise<void> {
    if (!this.#deps.config.get().GuestAccountsSettings.Enable) {
      throw AppError.notImplemented('api.team.demote_user_to_guest.disabled.error', 'Guest accounts are disabled (GuestAccountsSettings.Enable): enable them before demoting anyone.');
    }
    const { permissions } = this.#deps;
    permissions.requireSystem(actor, 'demote_to_guest');
    const user = await this.#deps.users.get(userId);
    const current = parseRoles(user.roles);
    if (current.includes(SYSTEM_ADMIN)) permissions.requireSystem(actor, 'manage_system');
    if (isGuestRoles(current)) {
      throw AppError.notImplemented('api.user.demote_user_to_guest.already_guest.app_error', 'This account is already a guest.');
    }
    if (user.isBot) throw AppError.badRequest('api.user.demote_user_to_guest.bot.app_error', 'A bot account cannot be made a guest.');
    const roles = current.flatMap((r) => (r === SYSTEM_USER ? [SYSTEM_GUEST] : r === SYSTEM_ADMIN ? [] : [r]));
    await this.#deps.store.transaction((tx) => tx.guests.setGuest(userId, roles.join(' '), true, Date.now()));
    await this.#afterChange(userId);
  }

  /** Live sessions take the new roles at once; clients hear of the account and of each membership. */
  async #afterChange(userId: string): Promise<void> {
    const { store, events, sessions, users } = this.#deps;
    const user = (await store.users.findById(userId)) as User;
    await sessions.updateRoles(userId, user.roles);
    users.publishUpdated(user);
    events.publish({ event: 'user_role_updated', data: { user_id: userId, roles: user.roles }, broadcast: { user_id: userId } });
    const announced = new Set<string>();
    for (const member of await store.teams.membersForUser(userId)) {
      events.publish({ event: 'memberroles_updated', subject: { kind: 'team_member', member }, broadcast: { user_id: userId } });
      // A team's list includes the user's DMs and GMs: each is announced once.
      for (const channelMember of await store.channels.membersForUser(userId, member.teamId)) {
        if (announced.has(channelMember.channelId)) continue;
        announced.add(channelMember.channelId);
        events.publish({ event: 'channel_member_updated', subject: { kind: 'channel_member', member: channelMember }, broadcast: { user_id: userId } });
      }
    }
  }

  /** Mattermost's DeactivateGuests: every guest account deactivated, its sessions ended. */
  async #deactivateAll(): Promise<void> {
    const { store, sessions, users, logger } = this.#deps;
    const now = Date.now();
    // Signed out in the same transaction: no request finds a guest deactivated yet still signed in.
    const ids = await store.transaction(async (tx) => {
      const deactivated = await tx.guests.deactivateAll(SYSTEM_GUEST, now);
      for (const id of deactivated) await tx.sessions.deleteForUser(id);
      return deactivated;
    });
    for (const id of ids) sessions.forgetUser(id);
    for (const user of await store.users.findByIds(ids)) users.publishUpdated(user);
    if (ids.length > 0) logger.info('guest accounts deactivated: guest access was disabled', { count: ids.length });
  }
}
