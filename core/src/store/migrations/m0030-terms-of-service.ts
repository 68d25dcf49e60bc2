// Custom terms of service (Mattermost's TermsOfService and UserTermsOfService): every version an
// admin published, the newest in force; and per user, the version they last accepted and when
// (one row: accepting a newer version replaces it, rejecting removes it).
import { Migration } from '@mikro-orm/migrations';

export class TermsOfService extends Migration {
  override name = '0030-terms-of-service';

  override up(): void {
    this.addSql(`create table "terms_of_service" ("id" varchar(26) not null, "create_at" bigint not null, "user_id" varchar(26) not null, "text" text not null, primary key ("id"));`);
    this.addSql(`create index "terms_of_service_create_at_index" on "terms_of_service" ("create_at" desc);`);
    this.addSql(
      `create table "user_terms_of_service" ("user_id" varchar(26) not null references "users" ("id") on delete cascade,
        "terms_of_service_id" varchar(26) not null references "terms_of_service" ("id") on delete cascade, "create_at" bigint not null, primary key ("user_id"));`,
    );
  }
}
