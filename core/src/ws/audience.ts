// Who may receive an event, resolved once per event: Mattermost's broadcast filter in its order
// (connection_id, omit_connection_id, user_id, omit_users, channel membership, team membership),
// after Parley's system permission restriction.
import type { AuthSession } from '../app/auth-session.ts';
import { rolesGrant } from '../app/roles.ts';
import type { Broadcast } from '../cluster/event-bus.ts';

/** Membership lookups the hub needs (the port it owns); answered by the app's MembershipService. */
export interface Membership {
  channelMemberIds(channelId: string): Promise<string[]>;
  teamMemberIds(teamId: string): Promise<string[]>;
  isChannelMember(channelId: string, userId: string): Promise<boolean>;
}

export interface Recipient {
  id: string;
  userId: string;
  session: Pick<AuthSession, 'roles'>;
}

export class Audience {
  #broadcast: Broadcast;
  /** Members of the event's channel (or else team); null when membership does not restrict it. */
  readonly members: ReadonlySet<string> | null;

  private constructor(broadcast: Broadcast, members: ReadonlySet<string> | null) {
    this.#broadcast = broadcast;
    this.members = members;
  }

  /** Looks membership up only when it can matter: an event for one user skips the channel check. */
  static async resolve(broadcast: Broadcast, membership: Membership): Promise<Audience> {
    let members: string[] | null = null;
    if (!broadcast.user_id) {
      if (broadcast.channel_id) members = await membership.channelMemberIds(broadcast.channel_id);
      else if (broadcast.team_id) members = await membership.teamMemberIds(broadcast.team_id);
    }
    return new Audience(broadcast, members && new Set(members));
  }

  accepts(recipient: Recipient): boolean {
    const b = this.#broadcast;
    if (b.system_permission && !rolesGrant(recipient.session.roles, b.system_permission)) return false;
    if (b.connection_id && b.connection_id !== recipient.id) return false;
    if (b.omit_connection_id && b.omit_connection_id === recipient.id) return false;
    if (b.user_id) return b.user_id === recipient.userId;
    if (b.omit_users?.[recipient.userId]) return false;
    return this.members === null || this.members.has(recipient.userId);
  }
}
