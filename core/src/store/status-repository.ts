import { TEXT_LIST, Repository } from './repository.ts';
import { Status } from './entities/status.ts';

export class StatusRepository extends Repository {
  findById(userId: string): Promise<Status | null> {
    return this.selectOne(Status, 'select * from statuses where user_id = ?', [userId]);
  }

  findByIds(userIds: readonly string[]): Promise<Status[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.select(Status, `select * from statuses where user_id = any(${TEXT_LIST})`, [JSON.stringify(userIds)]);
  }

  /** Everyone not offline: offline is what a missing row means anyway. */
  listNotOffline(limit: number): Promise<Status[]> {
    return this.em().find(Status, { status: { $ne: 'offline' } }, { limit, orderBy: { lastActivityAt: 'desc' } });
  }

  async upsert(status: Status): Promise<void> {
    await this.sql(
      `insert into statuses (user_id, status, manual, last_activity_at, dnd_end_time, prev_status) values (?, ?, ?, ?, ?, ?)
       on conflict (user_id) do update set status = excluded.status, manual = excluded.manual, last_activity_at = excluded.last_activity_at,
         dnd_end_time = excluded.dnd_end_time, prev_status = excluded.prev_status`,
      [status.userId, status.status, status.manual, status.lastActivityAt, status.dndEndTime, status.prevStatus],
    );
  }

  /**
   * Ends every timed do-not-disturb due by `nowSeconds`: each goes back to the status it replaced,
   * as an automatic one. One statement, so that of several nodes sweeping at once only one sees
   * (and announces) each change.
   */
  async endDueDnd(nowSeconds: number): Promise<Array<{ userId: string; status: string }>> {
    const rows = await this.sql<{ user_id: string; status: string }>(
      `update statuses set status = case when prev_status = '' then 'online' else prev_status end, manual = false, dnd_end_time = 0, prev_status = ''
       where status = 'dnd' and dnd_end_time > 0 and dnd_end_time <= ? returning user_id, status`,
      [nowSeconds],
    );
    return rows.map((row) => ({ userId: row.user_id, status: row.status }));
  }
}
