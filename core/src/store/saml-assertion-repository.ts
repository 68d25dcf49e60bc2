import { Repository } from './repository.ts';

/** The IDs of SAML assertions already used to sign in (m0017-saml-assertions.ts). */
export class SamlAssertionRepository extends Repository {
  /** Records an assertion as used; false when it was used before. Expired records go on the way. */
  async markUsed(assertionId: string, expireAt: number, now: number): Promise<boolean> {
    const rows = await this.sql<{ assertion_id: string }>(
      `with purged as (delete from saml_assertions where expire_at <= ?)
       insert into saml_assertions (assertion_id, expire_at) values (?, ?) on conflict (assertion_id) do nothing returning assertion_id`,
      [now, assertionId, expireAt],
    );
    return rows.length === 1;
  }
}
