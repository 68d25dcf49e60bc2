// Post reminders (m0023-post-reminders.ts). A reminder is taken from the table as it is delivered,
// so in a cluster each is delivered by one node.
import { Repository } from './repository.ts';

export interface PostReminder {
  postId: string;
  userId: string;
  /** When to remind, in Unix seconds (Mattermost's unit for target_time). */
  targetTime: number;
}

export class PostReminderRepository extends Repository {
  /** Sets the user's reminder about the post, replacing an earlier one. */
  async set(reminder: PostReminder): Promise<void> {
    await this.sql(
      `insert into post_reminders (post_id, user_id, target_time) values (?, ?, ?)
       on conflict (post_id, user_id) do update set target_time = excluded.target_time`,
      [reminder.postId, reminder.userId, reminder.targetTime],
    );
  }

  /**
   * Removes and answers up to `limit` reminders due at `nowSeconds`, earliest first. Rows another node
   * is taking at the same moment are skipped, so no reminder is taken twice.
   */
  async takeDue(nowSeconds: number, limit: number): Promise<PostReminder[]> {
    const rows = await this.sql<{ post_id: string; user_id: string; target_time: string }>(
      `delete from post_reminders where (post_id, user_id) in (
         select post_id, user_id from post_reminders where target_time <= ? order by target_time limit ? for update skip locked)
       returning post_id, user_id, target_time`,
      [nowSeconds, limit],
    );
    return rows.map((row) => ({ postId: row.post_id, userId: row.user_id, targetTime: Number(row.target_time) })).sort((a, b) => a.targetTime - b.targetTime);
  }
}
