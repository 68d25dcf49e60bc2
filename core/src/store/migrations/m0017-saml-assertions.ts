// SAML assertions already used to sign in, by their ID, until they expire: an assertion is taken
// once, even when someone wraps a captured one in a new, unsigned Response.
import { Migration } from '@mikro-orm/migrations';

export class SamlAssertions extends Migration {
  override name = '0017-saml-assertions';

  override up(): void {
    this.addSql(`create table "saml_assertions" ("assertion_id" varchar(256) not null, "expire_at" bigint not null, primary key ("assertion_id"));`);
    this.addSql(`create index "saml_assertions_expire_at_index" on "saml_assertions" ("expire_at");`);
  }
}
