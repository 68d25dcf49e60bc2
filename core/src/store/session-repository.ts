import { Repository } from './repository.ts';
import { Session } from './entities/session.ts';

export class SessionRepository extends Repository {
  async insert(session: Session): Promise<void> {
    await this.write((em) => em.insert(Session, session));
  }

  findByTokenHash(tokenHash: string): Promise<Session | null> {
    return this.selectOne(Session, 'select * from sessions where token_hash = ?', [tokenHash]);
  }

  findById(id: string): Promise<Session | null> {
    return this.em().findOne(Session, { id });
  }

  listForUser(userId: string): Promise<Session[]> {
    return this.em().find(Session, { userId }, { orderBy: { lastActivityAt: 'desc' } });
  }

  async touch(id: string, lastActivityAt: number, expiresAt?: number): Promise<void> {
    await this.em().nativeUpdate(Session, { id }, expiresAt === undefined ? { lastActivityAt } : { lastActivityAt, expiresAt });
  }

  async delete(id: string): Promise<void> {
    await this.em().nativeDelete(Session, { id });
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    return this.em().nativeDelete(Session, exceptId ? { userId, id: { $ne: exceptId } } : { userId });
  }

  async updateRolesForUser(userId: string, roles: string): Promise<void> {
    await this.em().nativeUpdate(Session, { userId }, { roles });
  }

  /**
   * Binds a session to a push device: the user's other sessions on that device end (one device,
   * one session), and this one lives as long as a mobile session.
   */
  /**
   * Binds a session to a push device (ending the user's other sessions on it and setting its expiry)
   * when `deviceId` is given, and merges `props` into its props, in one statement.
   */
  async setDevice(id: string, userId: string, change: { deviceId: string; expiresAt: number | null; props: Record<string, string> }): Promise<void> {
    const { deviceId, expiresAt, props } = change;
    await this.sql(
      `with ended as (delete from sessions where ? <> '' and user_id = ? and device_id = ? and id <> ?)
       update sessions set device_id = case when ? <> '' then ? else device_id end, expires_at = coalesce(?, expires_at), props = props || cast(? as jsonb) where id = ?`,
      [deviceId, userId, deviceId, id, deviceId, deviceId, expiresAt, JSON.stringify(props), id],
    );
  }
}
