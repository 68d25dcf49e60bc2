import { Repository } from './repository.ts';

/** An invitation link's token (m0020-invitation-tokens.ts): its type and what it grants, as Mattermost's Token.Extra. */
export interface InvitationToken {
  token: string;
  /** Mattermost's token type, e.g. guest_invitation. */
  type: string;
  extra: Record<string, string>;
  createAt: number;
}

export class InvitationTokenRepository extends Repository {
  /** Keeps new tokens; those created before `expiredBefore` go on the way. */
  async insert(tokens: readonly InvitationToken[], expiredBefore: number): Promise<void> {
    await this.sql(
      `with purged as (delete from invitation_tokens where create_at < ?)
       insert into invitation_tokens (token, type, extra, create_at)
       select t.token, t.type, t.extra, t.create_at from jsonb_to_recordset(cast(? as jsonb)) as t(token text, type text, extra jsonb, create_at bigint)`,
      [expiredBefore, JSON.stringify(tokens.map((t) => ({ token: t.token, type: t.type, extra: t.extra, create_at: t.createAt })))],
    );
  }

  /** Takes the token out (it is used once, whatever happens next); null when there is none. */
  async take(token: string): Promise<InvitationToken | null> {
    const rows = await this.sql<{ token: string; type: string; extra: Record<string, string>; create_at: string }>(
      'delete from invitation_tokens where token = ? returning token, type, extra, create_at',
      [token],
    );
    const row = rows[0];
    return row ? { token: row.token, type: row.type, extra: row.extra, createAt: Number(row.create_at) } : null;
  }

  /** Removes every token of the given types; answers how many there were. */
  async removeByType(types: readonly string[]): Promise<number> {
    const rows = await this.sql<{ token: string }>('delete from invitation_tokens where type = any(?) returning token', [types]);
    return rows.length;
  }
}
