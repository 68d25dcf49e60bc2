// Who may receive an event, resolved once per event: Mattermost's broadcast filter in its order
// (connection_id, omit_connection_id, user_id, omit_users, channel membership, team membership),
// after Parley's system permission restriction.
import type { AuthSession } from '../app/auth-session.ts';
import { rolesGrant } from '../app/roles.ts';
import type { Broadcast } from '../cluster/event-bus.ts';

/** Who is connected where: the hub's member index (member-index.ts). */
export interface Members {
  membersOf(scope: 'channel' | 'team', id: string): ReadonlySet<string>;
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

  /** Membership restricts only events for a channel or team, not those for one user. */
  static of(broadcast: Broadcast, members: Members): Audience {
    let audience: ReadonlySet<string> | null = null;
    if (!broadcast.user_id) {
      if (broadcast.channel_id) audience = members.membersOf('channel', broadcast.channel_id);
      else if (broadcast.team_id) audience = members.membersOf('team', broadcast.team_id);
    }
    return new Audience(broadcast, audience);
  }

  /**
   * A connection_id narrows the other fields. Mattermost's ShouldSendEvent lets it decide alone, but
   * it looks for that connection only in the hub that owns user_id when one is given
   * (PublishSkipClusterSend), so a connection of another user is reached by chance of hashing, if
   * ever; here it never is. A connection_id with channel_id or team_id still needs the membership.
   */
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
