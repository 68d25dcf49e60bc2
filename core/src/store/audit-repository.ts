// Audit rows (m0029-audits.ts): written once per security-relevant action, read newest first.
import { Repository } from './repository.ts';

/** Mattermost's model.Audit. */
export interface Audit {
  id: string;
  createAt: number;
  userId: string;
  /** The API path of the request that did it (Mattermost's convention). */
  action: string;
  extraInfo: string;
  ipAddress: string;
  sessionId: string;
}

interface AuditRow {
  id: string;
  create_at: string;
  user_id: string;
  action: string;
  extra_info: string;
  ip_address: string;
  session_id: string;
}

export class AuditRepository extends Repository {
  async insert(audit: Audit): Promise<void> {
    await this.sql('insert into audits (id, create_at, user_id, action, extra_info, ip_address, session_id) values (?, ?, ?, ?, ?, ?, ?)', [
      audit.id,
      audit.createAt,
      audit.userId,
      audit.action,
      audit.extraInfo,
      audit.ipAddress,
      audit.sessionId,
    ]);
  }

  /** A page of one user's audits (every user's when `userId` is null), newest first. */
  async page(userId: string | null, offset: number, limit: number): Promise<Audit[]> {
    const where = userId === null ? '' : 'where user_id = ?';
    const rows = await this.sql<AuditRow>(`select * from audits ${where} order by create_at desc, id desc offset ? limit ?`, userId === null ? [offset, limit] : [userId, offset, limit]);
    return rows.map((row) => ({
      id: row.id,
      createAt: Number(row.create_at),
      userId: row.user_id,
      action: row.action,
      extraInfo: row.extra_info,
      ipAddress: row.ip_address,
      sessionId: row.session_id,
    }));
  }
}
