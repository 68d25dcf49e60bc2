// Mattermost's Audits table: one row per security-relevant action on an account (a sign-in, a
// failed one, a password change, a revoked session, ...), with where it came from (ip, session).
// Read newest first, for one user (the user's own activity log) or for the whole server.
import { Migration } from '@mikro-orm/migrations';

export class Audits extends Migration {
  override name = '0029-audits';

  override up(): void {
    this.addSql(
      `create table "audits" ("id" varchar(26) not null, "create_at" bigint not null, "user_id" varchar(26) not null, "action" varchar(512) not null,
        "extra_info" varchar(1024) not null, "ip_address" varchar(64) not null, "session_id" varchar(26) not null, primary key ("id"));`,
    );
    this.addSql(`create index "audits_user_id_create_at_index" on "audits" ("user_id", "create_at" desc);`);
    this.addSql(`create index "audits_create_at_index" on "audits" ("create_at" desc);`);
  }
}
