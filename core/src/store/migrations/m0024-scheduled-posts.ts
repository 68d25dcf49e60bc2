// Scheduled posts: a message written now and posted as its author at scheduled_at (Unix ms). A row
// leaves the table when it is posted; one that could not be posted stays with its error_code and
// processed_at until the author reschedules or deletes it. processed_at also marks a row a node is
// posting now (its claim), so two nodes never post the same one.
import { Migration } from '@mikro-orm/migrations';

export class ScheduledPosts extends Migration {
  override name = '0024-scheduled-posts';

  override up(): void {
    this.addSql(
      `create table "scheduled_posts" ("id" varchar(26) not null, "create_at" bigint not null, "update_at" bigint not null, "user_id" varchar(26) not null,
        "channel_id" varchar(26) not null, "root_id" varchar(26) not null default '', "message" text not null, "props" jsonb not null, "file_ids" jsonb not null,
        "priority" jsonb null, "scheduled_at" bigint not null, "processed_at" bigint not null default 0, "error_code" varchar(32) not null default '', primary key ("id"));`,
    );
    this.addSql(`create index "scheduled_posts_user_id_index" on "scheduled_posts" ("user_id", "scheduled_at");`);
    this.addSql(`create index "scheduled_posts_due_index" on "scheduled_posts" ("scheduled_at") where "error_code" = '';`);
  }
}
