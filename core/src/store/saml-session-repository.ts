import { Repository } from './repository.ts';

/** The IdP's name for a Parley session begun through SAML (m0017-saml-assertions.ts). */
export interface SamlSessionRow {
  sessionId: string;
  nameId: string;
  nameIdFormat: string;
  sessionIndex: string;
  expireAt: number;
}

export class SamlSessionRepository extends Repository {
  /** Keeps a session's NameID and SessionIndex; rows of expired sessions go on the way. */
  async insert(row: SamlSessionRow, now: number): Promise<void> {
    await this.sql(
      `with purged as (delete from saml_sessions where expire_at <= ?)
       insert into saml_sessions (session_id, name_id, name_id_format, session_index, expire_at) values (?, ?, ?, ?, ?) on conflict (session_id) do nothing`,
      [now, row.sessionId, row.nameId, row.nameIdFormat, row.sessionIndex, row.expireAt],
    );
  }

  /**
   * Takes out the rows of the IdP's NameID (and SessionIndex, when the IdP names one): the sessions
   * an IdP-initiated single logout ends.
   */
  async takeByNameId(nameId: string, sessionIndex: string | null): Promise<string[]> {
    const rows = await this.sql<{ session_id: string }>(
      `delete from saml_sessions where name_id = ? and (cast(? as text) is null or session_index = ?) returning session_id`,
      [nameId, sessionIndex, sessionIndex],
    );
    return rows.map((r) => r.session_id);
  }

  /** Takes the row out (signing out uses it once); null when the session did not begin through SAML. */
  async take(sessionId: string): Promise<SamlSessionRow | null> {
    const rows = await this.sql<{ session_id: string; name_id: string; name_id_format: string; session_index: string; expire_at: string }>(
      `delete from saml_sessions where session_id = ? returning session_id, name_id, name_id_format, session_index, expire_at`,
      [sessionId],
    );
    const row = rows[0];
    return row ? { sessionId: row.session_id, nameId: row.name_id, nameIdFormat: row.name_id_format, sessionIndex: row.session_index, expireAt: Number(row.expire_at) } : null;
  }
}
