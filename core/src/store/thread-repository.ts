// Collapsed reply threads as one user sees them: the threads they follow, with how far they have
// read each (Mattermost's Threads and ThreadMemberships). A reply writes both in its own insert
// (PostRepository.insertReply); this reads them and records follows and reads.
import { Repository, TEXT_LIST } from './repository.ts';
import { Post } from './entities/post.ts';

/** A thread with one user's membership in it. */
export interface UserThreadRow {
  root: Post;
  replyCount: number;
  lastReplyAt: number;
  /** Ids of the users who replied, oldest first. */
  participants: string[];
  following: boolean;
  lastViewed: number;
  unreadMentions: number;
  unreadReplies: number;
}

export interface UserThreadsQuery {
  /** Only threads changed (a reply, or the membership) at or after this time; 0 for all. */
  since: number;
  /** Include threads whose root post was deleted. */
  deleted: boolean;
  /** Only threads with replies the user has not read. */
  unread: boolean;
  /** A thread id: only threads older (`before`) or newer (`after`) than it. */
  before: string;
  after: string;
  limit: number;
}

export interface UserThreadTotals {
  total: number;
  unreadThreads: number;
  unreadMentions: number;
}

/** A thread's unread mentions and replies for one user. */
export interface ThreadUnreads {
  unreadMentions: number;
  unreadReplies: number;
}

/** A user's followed threads with unread replies in one team's own channels, and their unread mentions. */
export interface TeamThreadUnreads {
  unreadThreads: number;
  unreadMentions: number;
}

/**
 * Threads a user sees are those of channels they are still a member of (leaving a channel hides its
 * threads, root post and all).
 */
const IN_MY_CHANNELS = 'join channel_members cm on cm.channel_id = t.channel_id and cm.user_id = tm.user_id';
/** A team's threads are those of its channels and of the user's direct and group messages. */
const OF_TEAM = `join channels c on c.id = t.channel_id and (c.team_id = ? or c.team_id = '')`;
const IN_TEAM = `${IN_MY_CHANNELS} ${OF_TEAM}`;

/** The live replies of the thread of membership `tm` newer than `lastViewed` (a column of the query). */
const UNREAD_REPLIES_AFTER = (lastViewed: string) => `(select count(*) from posts r where r.root_id = tm.post_id and r.delete_at = 0 and r.create_at > ${lastViewed})`;

/** One user's membership row joined with its thread and root post, as UserThreadRow columns. */
const THREAD_COLUMNS = `to_jsonb(p) - 'search_vector' as root, t.reply_count, t.last_reply_at, t.participants, tm.following, tm.last_viewed, tm.unread_mentions,
  ${UNREAD_REPLIES_AFTER('tm.last_viewed')} as unread_replies`;

type ThreadRowJson = {
  root: Record<string, unknown>;
  reply_count: string;
  last_reply_at: string;
  participants: string[];
  following: boolean;
  last_viewed: string;
  unread_mentions: string;
  unread_replies: string;
};

export class ThreadRepository extends Repository {
  /** The threads a user follows in a team, the most recently replied first. */
  async listForUser(userId: string, teamId: string, query: UserThreadsQuery): Promise<UserThreadRow[]> {
    const conditions = ['tm.user_id = ?', 'tm.following'];
    const params: unknown[] = [teamId, userId];
    if (!query.deleted) conditions.push('p.delete_at = 0');
    if (query.unread) conditions.push('t.last_reply_at > tm.last_viewed');
    if (query.since > 0) {
      conditions.push('greatest(tm.last_updated, t.last_reply_at) >= ?');
      params.push(query.since);
    }
    const cursor = query.before || query.after;
    if (cursor) {
      conditions.push(`(t.last_reply_at, t.post_id) ${query.before ? '<' : '>'} (select last_reply_at, post_id from threads where post_id = ?)`);
      params.push(cursor);
    }
    // Threads after a cursor are taken from the cursor outwards (oldest first), then shown newest first.
    const direction = query.after ? 'asc' : 'desc';
    const rows = await this.sql<ThreadRowJson>(
      `select ${THREAD_COLUMNS}
         from thread_memberships tm join threads t on t.post_id = tm.post_id join posts p on p.id = t.post_id ${IN_TEAM}
        where ${conditions.join(' and ')}
        order by t.last_reply_at ${direction}, t.post_id ${direction} limit ?`,
      [...params, query.limit],
    );
    const threads = rows.map((row) => this.#thread(row));
    return direction === 'asc' ? threads.reverse() : threads;
  }

  /** How many threads the user follows in a team, how many have unread replies, and their unread mentions. */
  async totalsForUser(userId: string, teamId: string, deleted: boolean): Promise<UserThreadTotals> {
    const [row] = await this.sql<{ total: string; unread_threads: string; unread_mentions: string }>(
      `select count(*) as total, count(*) filter (where t.last_reply_at > tm.last_viewed) as unread_threads, coalesce(sum(tm.unread_mentions), 0) as unread_mentions
         from thread_memberships tm join threads t on t.post_id = tm.post_id join posts p on p.id = t.post_id ${IN_TEAM}
        where tm.user_id = ? and tm.following and (? or p.delete_at = 0)`,
      [teamId, userId, deleted],
    );
    return { total: Number(row.total), unreadThreads: Number(row.unread_threads), unreadMentions: Number(row.unread_mentions) };
  }

  /**
   * Unread followed threads and their mentions per team, in each team's own channels only (direct
   * and group messages belong to no team, as Mattermost's TeamUnread thread counts). Teams without
   * any are absent.
   */
  async unreadsByTeam(userId: string, teamIds: readonly string[]): Promise<Map<string, TeamThreadUnreads>> {
    if (teamIds.length === 0) return new Map();
    const rows = await this.sql<{ team_id: string; unread_threads: string; unread_mentions: string }>(
      `select c.team_id, count(*) filter (where t.last_reply_at > tm.last_viewed) as unread_threads, coalesce(sum(tm.unread_mentions), 0) as unread_mentions
         from thread_memberships tm join threads t on t.post_id = tm.post_id join posts p on p.id = t.post_id
         ${IN_MY_CHANNELS} join channels c on c.id = t.channel_id and c.team_id = any(${TEXT_LIST})
        where tm.user_id = ? and tm.following and p.delete_at = 0
        group by c.team_id`,
      [JSON.stringify(teamIds), userId],
    );
    return new Map(rows.map((r) => [r.team_id, { unreadThreads: Number(r.unread_threads), unreadMentions: Number(r.unread_mentions) }]));
  }

  /** Unread mentions in the threads a user follows in a team, by channel (channels without any are absent). */
  async mentionCountsByChannel(userId: string, teamId: string): Promise<Record<string, number>> {
    const rows = await this.sql<{ channel_id: string; n: string }>(
      `select t.channel_id, sum(tm.unread_mentions) as n
         from thread_memberships tm join threads t on t.post_id = tm.post_id join posts p on p.id = t.post_id ${IN_TEAM}
        where tm.user_id = ? and tm.following and p.delete_at = 0 and tm.unread_mentions > 0
        group by t.channel_id`,
      [teamId, userId],
    );
    return Object.fromEntries(rows.map((r) => [r.channel_id, Number(r.n)]));
  }

  /** One thread with the user's membership in it; null when the user has no membership or the thread no replies. */
  async findForUser(userId: string, postId: string): Promise<UserThreadRow | null> {
    const rows = await this.sql<ThreadRowJson>(
      `select ${THREAD_COLUMNS}
         from thread_memberships tm join threads t on t.post_id = tm.post_id join posts p on p.id = t.post_id ${IN_MY_CHANNELS}
        where tm.user_id = ? and tm.post_id = ?`,
      [userId, postId],
    );
    return rows.length === 0 ? null : this.#thread(rows[0]);
  }

  /** Whether the user has a membership in the thread (followed or not). */
  async hasMembership(userId: string, postId: string): Promise<boolean> {
    const rows = await this.sql('select 1 from thread_memberships where user_id = ? and post_id = ?', [userId, postId]);
    return rows.length > 0;
  }

  /**
   * Starts or stops following. Starting also marks the thread read (Mattermost: following is
   * looking at it). Returns the thread's reply count (0 before its first reply).
   */
  async setFollowing(userId: string, postId: string, following: boolean, now: number): Promise<number> {
    const [row] = await this.sql<{ reply_count: string }>(
      `with membership as (
         insert into thread_memberships (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
         values (?, ?, ?, case when ? then cast(? as bigint) else 0 end, ?, 0)
         on conflict (post_id, user_id) do update set following = excluded.following, last_updated = excluded.last_updated,
                last_viewed = case when excluded.following then excluded.last_viewed else thread_memberships.last_viewed end,
                unread_mentions = case when excluded.following then 0 else thread_memberships.unread_mentions end
       )
       select coalesce((select reply_count from threads where post_id = ?), 0) as reply_count`,
      [postId, userId, following, following, now, now, postId],
    );
    return Number(row.reply_count);
  }

  /**
   * Sets how far the user has read the thread and their unread mentions after that point; reading
   * a thread follows it (as Mattermost). Returns its unread mentions and replies just before and
   * just after this change. The membership row is locked while its old values are read, so of two
   * reads of one thread at once the second sees what the first wrote: clients subtract `before -
   * after` from their totals, and no unread reply may be claimed by two events. A thread the user
   * had no membership of counted nowhere, so its `before` is nothing.
   */
  async markRead(userId: string, postId: string, lastViewed: number, unreadMentions: number, now: number): Promise<{ before: ThreadUnreads; after: ThreadUnreads }> {
    // At most twice round: the insert loses only to a concurrent one, whose row the update then finds.
    for (;;) {
      const [updated] = await this.sql<{ before_mentions: string; before_replies: string; after_replies: string }>(
        `update thread_memberships tm
            set following = true, last_viewed = ?, last_updated = ?, unread_mentions = ?
           from (select post_id, user_id, last_viewed, unread_mentions from thread_memberships
                  where post_id = ? and user_id = ? for update) previous
          where tm.post_id = previous.post_id and tm.user_id = previous.user_id
         returning previous.unread_mentions as before_mentions,
                   ${UNREAD_REPLIES_AFTER('previous.last_viewed')} as before_replies,
                   ${UNREAD_REPLIES_AFTER('tm.last_viewed')} as after_replies`,
        [lastViewed, now, unreadMentions, postId, userId],
      );
      if (updated) {
        return {
          before: { unreadMentions: Number(updated.before_mentions), unreadReplies: Number(updated.before_replies) },
          after: { unreadMentions, unreadReplies: Number(updated.after_replies) },
        };
      }
      const [inserted] = await this.sql<{ after_replies: string }>(
        `insert into thread_memberships as tm (post_id, user_id, following, last_viewed, last_updated, unread_mentions)
         values (?, ?, true, ?, ?, ?)
         on conflict (post_id, user_id) do nothing
         returning ${UNREAD_REPLIES_AFTER('tm.last_viewed')} as after_replies`,
        [postId, userId, lastViewed, now, unreadMentions],
      );
      if (inserted) return { before: { unreadMentions: 0, unreadReplies: 0 }, after: { unreadMentions, unreadReplies: Number(inserted.after_replies) } };
    }
  }

  /** Marks every thread the user follows in a team read. */
  async markAllRead(userId: string, teamId: string, now: number): Promise<void> {
    await this.sql(
      `update thread_memberships tm set last_viewed = ?, unread_mentions = 0, last_updated = ?
         from threads t ${OF_TEAM}
        where t.post_id = tm.post_id and tm.user_id = ? and tm.following`,
      [now, now, teamId, userId],
    );
  }

  #thread(row: ThreadRowJson): UserThreadRow {
    return {
      root: this.mapRow(Post, row.root),
      replyCount: Number(row.reply_count),
      lastReplyAt: Number(row.last_reply_at),
      participants: row.participants,
      following: row.following,
      lastViewed: Number(row.last_viewed),
      unreadMentions: Number(row.unread_mentions),
      unreadReplies: Number(row.unread_replies),
    };
  }
}
