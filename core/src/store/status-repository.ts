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
      `insert into statuses (user_id, status, manual, last_activity_at) values (?, ?, ?, ?)
       on conflict (user_id) do update set status = excluded.status, manual = excluded.manual, last_activity_at = excluded.last_activity_at`,
      [status.userId, status.status, status.manual, status.lastActivityAt],
    );
  }
}
