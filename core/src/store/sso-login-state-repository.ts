import { Repository } from './repository.ts';

/** An OpenID Connect sign-in under way (m0016-sso-accounts.ts). */
export interface SsoLoginState {
  state: string;
  /** gitlab, google, office365 or openid. */
  service: string;
  /** SHA-256 of the random value in the browser's MMOAUTH cookie: the sign-in finishes only in the browser that began it. */
  browserHash: string;
  codeVerifier: string;
  nonce: string;
  /** Where the browser goes once signed in ('' for the app's home). */
  redirectTo: string;
  expireAt: number;
}

export class SsoLoginStateRepository extends Repository {
  /** Keeps a new sign-in; expired ones go on the way. */
  async insert(row: SsoLoginState, now: number): Promise<void> {
    await this.sql(
      `with purged as (delete from sso_login_states where expire_at <= ?)
       insert into sso_login_states (state, service, browser_hash, code_verifier, nonce, redirect_to, expire_at) values (?, ?, ?, ?, ?, ?, ?)`,
      [now, row.state, row.service, row.browserHash, row.codeVerifier, row.nonce, row.redirectTo, row.expireAt],
    );
  }

  /** Takes the sign-in out (a state is used once, whatever happens next); null when there is none. */
  async take(state: string): Promise<SsoLoginState | null> {
    const rows = await this.sql<{ state: string; service: string; browser_hash: string; code_verifier: string; nonce: string; redirect_to: string; expire_at: string }>(
      `delete from sso_login_states where state = ? returning state, service, browser_hash, code_verifier, nonce, redirect_to, expire_at`,
      [state],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      state: row.state,
      service: row.service,
      browserHash: row.browser_hash,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      redirectTo: row.redirect_to,
      expireAt: Number(row.expire_at),
    };
  }
}
