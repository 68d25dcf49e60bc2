// Message priority and acknowledgements (Mattermost's PostsPriority and PostAcknowledgements): a
// root post's priority as its author sent it, and who acknowledged a post that asked for it. Both
// go with their post when the row is removed.
import { Migration } from '@mikro-orm/migrations';

export class PostPrioritiesAndAcknowledgements extends Migration {
  override name = '0027-post-priority';

  override up(): void {
    this.addSql(
      `create table "posts_priority" ("post_id" varchar(26) not null references "posts" ("id") on delete cascade, "channel_id" varchar(26) not null,
        "priority" varchar(32) not null, "requested_ack" boolean not null, "persistent_notifications" boolean not null, primary key ("post_id"));`,
    );
    // Mattermost keeps a removed acknowledgement as a row with acknowledged_at = 0; Parley deletes it.
    this.addSql(
      `create table "post_acknowledgements" ("post_id" varchar(26) not null references "posts" ("id") on delete cascade, "user_id" varchar(26) not null,
        "channel_id" varchar(26) not null, "acknowledged_at" bigint not null, primary key ("post_id", "user_id"));`,
    );
  }
}
