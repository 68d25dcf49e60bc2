// Persistent notifications' state (m0028-persistent-notifications.ts): which urgent posts still
// re-notify their mentioned users, when they last did and how often. The row is written with its
// post (PostRepository.insertPosted); a retired row keeps its delete_at, as Mattermost's does.
import { TEXT_LIST, Repository } from './repository.ts';

/** Whom a persistent notification may reach: a current member of the post's channel, and what decides whether they get it. */
export interface PersistentNotificationRecipient {
  userId: string;
  /** The account's desktop notification setting (`all`, `mention`, `none`). */
  desktop: string;
  /** The user's status (`online`, `away`, `dnd`, `offline`); `offline` when none is stored. */
  status: string;
}

export class PersistentNotificationRepository extends Repository {
  /**
   * Takes the live notifications last sent (or created) at or before `dueAt` and sent fewer than
   * `maxCount` times, at most `limit` of them, and records the send now: last_sent_at = `now`, one
   * more in sent_count, retired once that reaches `maxCount`. Rows another node is taking are
   * skipped and a row taken meanwhile no longer qualifies, so each notification goes out once per
   * interval however many nodes sweep. Answers the posts' ids.
   */
  async claimDue(dueAt: number, maxCount: number, now: number, limit: number): Promise<string[]> {
    const rows = await this.sql<{ post_id: string }>(
      `update persistent_notifications set last_sent_at = ?, sent_count = sent_count + 1, delete_at = case when sent_count + 1 >= ? then cast(? as bigint) else 0 end
        where post_id in (
          select post_id from persistent_notifications
           where delete_at = 0 and greatest(create_at, last_sent_at) <= ? and sent_count < ?
           order by greatest(create_at, last_sent_at) limit ? for update skip locked)
          and delete_at = 0 and greatest(create_at, last_sent_at) <= ?
        returning post_id`,
      [now, maxCount, now, dueAt, maxCount, limit, dueAt],
    );
    return rows.map((r) => r.post_id);
  }

  /** Whether the post's notifications are still being sent. */
  async isLive(postId: string): Promise<boolean> {
    const rows = await this.sql<{ post_id: string }>('select post_id from persistent_notifications where post_id = ? and delete_at = 0', [postId]);
    return rows.length > 0;
  }

  /** Stops the notifications of these posts. */
  async retire(postIds: readonly string[], now: number): Promise<void> {
    if (postIds.length === 0) return;
    await this.sql(`update persistent_notifications set delete_at = ? where post_id = any(${TEXT_LIST}) and delete_at = 0`, [now, JSON.stringify(postIds)]);
  }

  /** Stops the notifications of every post of a channel (it was archived). */
  async retireInChannel(channelId: string, now: number): Promise<void> {
    await this.sql(
      `update persistent_notifications n set delete_at = ? from posts p where p.id = n.post_id and p.channel_id = ? and n.delete_at = 0`,
      [now, channelId],
    );
  }

  /** Stops the notifications of every post in a team's channels (it was deleted). */
  async retireInTeam(teamId: string, now: number): Promise<void> {
    await this.sql(
      `update persistent_notifications n set delete_at = ? from posts p join channels c on c.id = p.channel_id
        where p.id = n.post_id and c.team_id = ? and n.delete_at = 0`,
      [now, teamId],
    );
  }

  /**
   * The channel's current, active members other than the author whom a post notifies: with
   * `usernames`, the people (not bots) it mentions by one of those lower-case names; without, every
   * other member (a direct message's other user).
   */
  async recipients(channelId: string, authorId: string, usernames: readonly string[] | null): Promise<PersistentNotificationRecipient[]> {
    const rows = await this.sql<{ user_id: string; desktop: string | null; status: string | null }>(
      `select u.id as user_id, u.notify_props->>'desktop' as desktop, s.status
         from channel_members cm join users u on u.id = cm.user_id left join statuses s on s.user_id = u.id
        where cm.channel_id = ? and u.delete_at = 0 and u.id <> ?
          and (cast(? as jsonb) is null or (not u.is_bot and lower(u.username) = any(${TEXT_LIST})))`,
      [channelId, authorId, usernames && JSON.stringify(usernames), JSON.stringify(usernames ?? [])],
    );
    return rows.map((r) => ({ userId: r.user_id, desktop: r.desktop ?? 'mention', status: r.status ?? 'offline' }));
  }
}
