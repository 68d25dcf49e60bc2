// Who acknowledged which post (m0027-post-priority.ts). Each write also moves the post's update_at,
// as Mattermost's does, so clients syncing a channel with ?since fetch the post again.
import { Repository } from './repository.ts';

/** A user's acknowledgement of a post that asked for one (Mattermost's PostAcknowledgement). */
export interface PostAcknowledgement {
  postId: string;
  userId: string;
  channelId: string;
  acknowledgedAt: number;
}

/** A post_acknowledgements row, or one of the jsonb objects the post decorations aggregate. */
export interface AcknowledgementRow {
  post_id: string;
  user_id: string;
  channel_id: string;
  acknowledged_at: string | number;
}

/** A stored row as an acknowledgement. */
export function toAcknowledgement(row: AcknowledgementRow): PostAcknowledgement {
  return { postId: row.post_id, userId: row.user_id, channelId: row.channel_id, acknowledgedAt: Number(row.acknowledged_at) };
}

export class PostAcknowledgementRepository extends Repository {
  /** Records (or renews: a second acknowledgement moves the time) an acknowledgement, in one statement with the post's update_at. */
  async save(ack: PostAcknowledgement): Promise<void> {
    await this.sql(
      `with saved as (
         insert into post_acknowledgements (post_id, user_id, channel_id, acknowledged_at) values (?, ?, ?, ?)
         on conflict (post_id, user_id) do update set acknowledged_at = excluded.acknowledged_at
       )
       update posts set update_at = greatest(update_at, ?) where id = ?`,
      [ack.postId, ack.userId, ack.channelId, ack.acknowledgedAt, ack.acknowledgedAt, ack.postId],
    );
  }

  async find(postId: string, userId: string): Promise<PostAcknowledgement | null> {
    const [row] = await this.sql<AcknowledgementRow>('select * from post_acknowledgements where post_id = ? and user_id = ?', [postId, userId]);
    return row ? toAcknowledgement(row) : null;
  }

  /** Removes an acknowledgement and moves the post's update_at to `now`. */
  async delete(postId: string, userId: string, now: number): Promise<void> {
    await this.sql(
      `with removed as (
         delete from post_acknowledgements where post_id = ? and user_id = ? returning post_id
       )
       update posts set update_at = greatest(update_at, ?) where id in (select post_id from removed)`,
      [postId, userId, now],
    );
  }
}
