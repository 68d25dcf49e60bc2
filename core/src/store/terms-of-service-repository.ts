// Terms of service versions and who accepted which (m0030-terms-of-service.ts).
import { Repository } from './repository.ts';

/** Mattermost's model.TermsOfService: one published version. */
export interface TermsOfService {
  id: string;
  createAt: number;
  /** The admin who published it. */
  userId: string;
  text: string;
}

/** Mattermost's model.UserTermsOfService: the version a user last accepted, and when. */
export interface UserTermsOfService {
  userId: string;
  termsOfServiceId: string;
  createAt: number;
}

interface TermsRow {
  id: string;
  create_at: string;
  user_id: string;
  text: string;
}

export class TermsOfServiceRepository extends Repository {
  async insert(terms: TermsOfService): Promise<void> {
    await this.sql('insert into terms_of_service (id, create_at, user_id, text) values (?, ?, ?, ?)', [terms.id, terms.createAt, terms.userId, terms.text]);
  }

  /** The version in force: the newest one published; null before any. */
  async latest(): Promise<TermsOfService | null> {
    return toTerms((await this.sql<TermsRow>('select * from terms_of_service order by create_at desc, id desc limit 1'))[0]);
  }

  async findById(id: string): Promise<TermsOfService | null> {
    return toTerms((await this.sql<TermsRow>('select * from terms_of_service where id = ?', [id]))[0]);
  }

  /** What the user last accepted; null when they accepted nothing (or rejected what they had). */
  async acceptance(userId: string): Promise<UserTermsOfService | null> {
    const rows = await this.sql<{ user_id: string; terms_of_service_id: string; create_at: string }>(
      'select user_id, terms_of_service_id, create_at from user_terms_of_service where user_id = ?',
      [userId],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, termsOfServiceId: row.terms_of_service_id, createAt: Number(row.create_at) } : null;
  }

  /** Records that the user accepted `termsOfServiceId` at `now`, in place of whatever they had accepted. */
  async accept(acceptance: UserTermsOfService): Promise<void> {
    await this.sql(
      `insert into user_terms_of_service (user_id, terms_of_service_id, create_at) values (?, ?, ?)
       on conflict (user_id) do update set terms_of_service_id = excluded.terms_of_service_id, create_at = excluded.create_at`,
      [acceptance.userId, acceptance.termsOfServiceId, acceptance.createAt],
    );
  }

  /** Withdraws the user's acceptance of `termsOfServiceId` (an acceptance of another version stays). */
  async reject(userId: string, termsOfServiceId: string): Promise<void> {
    await this.sql('delete from user_terms_of_service where user_id = ? and terms_of_service_id = ?', [userId, termsOfServiceId]);
  }
}

function toTerms(row: TermsRow | undefined): TermsOfService | null {
  return row ? { id: row.id, createAt: Number(row.create_at), userId: row.user_id, text: row.text } : null;
}
