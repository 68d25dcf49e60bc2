// Accounts that sign in through an OpenID Connect provider: the provider's subject (auth_data),
// unique for each provider (auth_service), as Mattermost's Users.AuthData; and the sign-ins under
// way, kept by the server — each used once, bound to the browser that started it, short-lived —
// with the nonce and the PKCE verifier that never leave the server.
import { Migration } from '@mikro-orm/migrations';

export class SsoAccounts extends Migration {
  override name = '0016-sso-accounts';

  override up(): void {
    this.addSql(`alter table "users" add column "auth_data" varchar(128) null;`);
    this.addSql(`create unique index "users_auth_service_auth_data_unique" on "users" ("auth_service", "auth_data") where "auth_data" is not null;`);
    this.addSql(`create table "sso_login_states" ("state" varchar(64) not null, "service" varchar(32) not null, "browser_hash" varchar(64) not null, "code_verifier" varchar(128) not null, "nonce" varchar(128) not null, "redirect_to" text not null, "expire_at" bigint not null, primary key ("state"));`);
    this.addSql(`create index "sso_login_states_expire_at_index" on "sso_login_states" ("expire_at");`);
  }
}
