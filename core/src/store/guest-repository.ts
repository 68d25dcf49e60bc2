// Guest accounts in the store: turning an account and all its memberships into a guest's or a
// member's at once (Mattermost's PromoteGuestToUser / DemoteUserToGuest), deactivating every guest,
// and the one question a guest's visibility rests on: whom do they share a channel with.
import { TEXT_LIST } from './repository.ts';
import { AccessRepository } from './access-writes.ts';

/** A role among the space-separated roles of `column`. */
const HAS_ROLE = (column: string) => `(' ' || ${column} || ' ') like '% ' || ? || ' %'`;

export class GuestRepository extends AccessRepository {
  /**
   * Sets the account's system roles and makes each of its team and channel memberships a guest's
   * (`guest`: scheme_guest, never admin) or a member's (scheme_user). Run inside a transaction.
   */
  async setGuest(userId: string, roles: string, guest: boolean, now: number): Promise<void> {
    await this.sql('update users set roles = ?, update_at = ? where id = ?', [roles, now, userId]);
    const memberFlags = guest ? 'scheme_user = false, scheme_admin = false, scheme_guest = true' : 'scheme_user = true, scheme_guest = false';
    await this.sql(`update team_members set ${memberFlags} where user_id = ?`, [userId]);
    await this.sql(`update channel_members set ${memberFlags}, last_update_at = ? where user_id = ?`, [now, userId]);
    this.accessWritten({ userId });
  }

  /** Deactivates every active guest account and returns their ids. */
  async deactivateAll(guestRole: string, now: number): Promise<string[]> {
    const rows = await this.sql<{ id: string }>(`update users set delete_at = ?, update_at = ? where delete_at = 0 and ${HAS_ROLE('roles')} returning id`, [now, now, guestRole]);
    return rows.map((r) => r.id);
  }

  /** Those of `userIds` who are `viewerId` or share a channel with them. */
  async sharingAChannel(viewerId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.sql<{ user_id: string }>(
      `select distinct other.user_id from channel_members mine join channel_members other on other.channel_id = mine.channel_id
       where mine.user_id = ? and other.user_id = any(${TEXT_LIST})`,
      [viewerId, JSON.stringify(userIds)],
    );
    const found = new Set(rows.map((r) => r.user_id));
    if (userIds.includes(viewerId)) found.add(viewerId);
    return found;
  }
}
