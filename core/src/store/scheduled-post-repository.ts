// Scheduled posts (m0024-scheduled-posts.ts): saved, listed, changed and deleted by their author;
// claimed when due by the sweep that posts them.
import { Repository } from './repository.ts';
import { toDraft, type Draft, type DraftRow } from './draft-repository.ts';

/** A draft with the time to post it at and what became of it. */
export interface ScheduledPost extends Draft {
  id: string;
  /** When to post, Unix ms. */
  scheduledAt: number;
  /** When posting failed (error_code set), or a claim of the node posting it now; 0 otherwise. */
  processedAt: number;
  /** Why it could not be posted (Mattermost's ScheduledPostErrorCode), '' while it waits. */
  errorCode: string;
}

/** What the author may change: everything but who, where and when it was made. */
export type ScheduledPostChanges = Pick<ScheduledPost, 'updateAt' | 'message' | 'props' | 'fileIds' | 'priority' | 'scheduledAt'>;

interface ScheduledPostRow extends DraftRow {
  id: string;
  scheduled_at: string;
  processed_at: string;
  error_code: string;
}

const COLUMNS = 'id, user_id, channel_id, root_id, create_at, update_at, message, props, file_ids, priority, scheduled_at, processed_at, error_code';

export class ScheduledPostRepository extends Repository {
  async insert(scheduled: ScheduledPost): Promise<void> {
    await this.sql(
      `insert into scheduled_posts (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?, ?)`,
      [
        scheduled.id,
        scheduled.userId,
        scheduled.channelId,
        scheduled.rootId,
        scheduled.createAt,
        scheduled.updateAt,
        scheduled.message,
        JSON.stringify(scheduled.props),
        JSON.stringify(scheduled.fileIds),
        scheduled.priority === null ? null : JSON.stringify(scheduled.priority),
        scheduled.scheduledAt,
        scheduled.processedAt,
        scheduled.errorCode,
      ],
    );
  }

  async findById(id: string): Promise<ScheduledPost | null> {
    const rows = await this.sql<ScheduledPostRow>(`select ${COLUMNS} from scheduled_posts where id = ?`, [id]);
    return rows[0] ? toScheduledPost(rows[0]) : null;
  }

  /** Applies the author's changes; a post that had failed waits again (its error is cleared). Null when it is gone. */
  async update(id: string, changes: ScheduledPostChanges): Promise<ScheduledPost | null> {
    const rows = await this.sql<ScheduledPostRow>(
      `update scheduled_posts set update_at = ?, message = ?, props = cast(? as jsonb), file_ids = cast(? as jsonb), priority = cast(? as jsonb),
         scheduled_at = ?, processed_at = 0, error_code = '' where id = ? returning ${COLUMNS}`,
      [
        changes.updateAt,
        changes.message,
        JSON.stringify(changes.props),
        JSON.stringify(changes.fileIds),
        changes.priority === null ? null : JSON.stringify(changes.priority),
        changes.scheduledAt,
        id,
      ],
    );
    return rows[0] ? toScheduledPost(rows[0]) : null;
  }

  async delete(id: string): Promise<ScheduledPost | null> {
    const rows = await this.sql<ScheduledPostRow>(`delete from scheduled_posts where id = ? returning ${COLUMNS}`, [id]);
    return rows[0] ? toScheduledPost(rows[0]) : null;
  }

  /** The user's scheduled posts in a team's channels (`teamId` '': in their direct and group messages), soonest first. */
  async listForUser(userId: string, teamId: string): Promise<ScheduledPost[]> {
    const rows = await this.sql<ScheduledPostRow>(
      `select ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')} from scheduled_posts s join channels c on c.id = s.channel_id
       where s.user_id = ? and c.team_id = ? order by s.scheduled_at, s.id`,
      [userId, teamId],
    );
    return rows.map(toScheduledPost);
  }

  /**
   * Claims up to `limit` posts due at `now` that wait (no error) and that no node is posting — or whose
   * claim is older than `staleClaimMs`, its node having died — by setting processed_at; soonest first.
   */
  async claimDue(now: number, limit: number, staleClaimMs: number): Promise<ScheduledPost[]> {
    const rows = await this.sql<ScheduledPostRow>(
      `update scheduled_posts set processed_at = ? where id in (
         select id from scheduled_posts where scheduled_at <= ? and error_code = '' and (processed_at = 0 or processed_at < ?)
         order by scheduled_at limit ? for update skip locked)
       returning ${COLUMNS}`,
      [now, now, now - staleClaimMs, limit],
    );
    return rows.map(toScheduledPost).sort((a, b) => a.scheduledAt - b.scheduledAt);
  }

  /** Records why a claimed post could not be posted. */
  async fail(id: string, errorCode: string, at: number): Promise<ScheduledPost | null> {
    const rows = await this.sql<ScheduledPostRow>(`update scheduled_posts set error_code = ?, processed_at = ? where id = ? returning ${COLUMNS}`, [errorCode, at, id]);
    return rows[0] ? toScheduledPost(rows[0]) : null;
  }
}

function toScheduledPost(row: ScheduledPostRow): ScheduledPost {
  return { ...toDraft(row), id: row.id, scheduledAt: Number(row.scheduled_at), processedAt: Number(row.processed_at), errorCode: row.error_code };
}
