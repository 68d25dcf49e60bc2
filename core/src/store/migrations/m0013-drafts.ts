// Message drafts kept on the server (Mattermost's synced drafts): one per user, channel and thread,
// replaced as the user types and removed when the message is sent or cleared.
import { Migration } from '@mikro-orm/migrations';

export class Drafts extends Migration {
  override name = '0013-drafts';

  override up(): void {
    this.addSql(`create table "drafts" ("user_id" varchar(26) not null, "channel_id" varchar(26) not null, "root_id" varchar(26) not null default '', "create_at" bigint not null, "update_at" bigint not null, "message" text not null, "props" jsonb not null, "file_ids" jsonb not null, "priority" jsonb null, primary key ("user_id", "channel_id", "root_id"));`);
    this.addSql(`create index "drafts_user_id_update_at_index" on "drafts" ("user_id", "update_at");`);
  }
}
