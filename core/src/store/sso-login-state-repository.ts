import { Repository } from './repository.ts';

/** An OpenID Connect or SAML sign-in under way (m0016-sso-accounts.ts; SAML's state is its AuthnRequest's ID). */
export interface SsoLoginState {
  state: string;
  /** gitlab, google, office365, openid or saml. */
  service: string;
  /** SHA-256 of the random value in the browser's MMOAUTH cookie: the sign-in finishes only in the browser that began it. */
  browserHash: string;
  codeVerifier: string;
  nonce: string;
  /** Where the browser goes once signed in ('' for the app's home). */
  redirectTo: string;
  expireAt: number;
  /** Set when the sign-in switches this email account to the provider (m0021) rather than signing someone in. */
  switchUserId?: string | null;
}

export class SsoLoginStateRepository extends Repository {
  /** Keeps a new sign-in; expired ones go on the way. */
  async insert(row: SsoLoginState, now: number): Promise<void> {
    await this.sql(
      `with purged as (delete from sso_login_states where expire_at <= ?)
       insert into sso_login_states (state, service, browser_hash, code_verifier, nonce, redirect_to, expire_at, switch_user_id) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [now, row.state, row.service, row.browserHash, row.codeVerifier, row.nonce, row.redirectTo, row.expireAt, row.switchUserId ?? null],
    );
  }

  /** The sign-in, left in place (SAML asks whether a request is pending before it takes it); null when there is none. */
  async find(state: string): Promise<SsoLoginState | null> {
    const rows = await this.sql<LoginStateRow>(`select ${COLUMNS} from sso_login_states where state = ?`, [state]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Takes the sign-in out (a state is used once, whatever happens next); null when there is none. */
  async take(state: string): Promise<SsoLoginState | null> {
    const rows = await this.sql<LoginStateRow>(`delete from sso_login_states where state = ? returning ${COLUMNS}`, [state]);
    return rows[0] ? fromRow(rows[0]) : null;
  }
}

const COLUMNS = 'state, service, browser_hash, code_verifier, nonce, redirect_to, expire_at, switch_user_id';

interface LoginStateRow {
  state: string;
  service: string;
  browser_hash: string;
  code_verifier: string;
  nonce: string;
  redirect_to: string;
  expire_at: string;
  switch_user_id: string | null;
}

function fromRow(row: LoginStateRow): SsoLoginState {
  return {
    state: row.state,
    service: row.service,
    browserHash: row.browser_hash,
    codeVerifier: row.code_verifier,
    nonce: row.nonce,
    redirectTo: row.redirect_to,
    expireAt: Number(row.expire_at),
    switchUserId: row.switch_user_id,
  };
}
