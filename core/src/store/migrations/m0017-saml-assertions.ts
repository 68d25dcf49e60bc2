// SAML assertions already used to sign in, by their ID, until they expire: an assertion is taken
// once, even when someone wraps a captured one in a new, unsigned Response. And the IdP's name for
// each SAML session (NameID, SessionIndex), so signing out can ask the IdP to end its session too.
import { Migration } from '@mikro-orm/migrations';

export class SamlAssertions extends Migration {
  override name = '0017-saml-assertions';

  override up(): void {
    this.addSql(`create table "saml_assertions" ("assertion_id" varchar(256) not null, "expire_at" bigint not null, primary key ("assertion_id"));`);
    this.addSql(`create index "saml_assertions_expire_at_index" on "saml_assertions" ("expire_at");`);
    this.addSql(`create table "saml_sessions" ("session_id" varchar(26) not null, "name_id" text not null, "name_id_format" text not null, "session_index" text not null, "expire_at" bigint not null, primary key ("session_id"));`);
    this.addSql(`create index "saml_sessions_expire_at_index" on "saml_sessions" ("expire_at");`);
  }
}
