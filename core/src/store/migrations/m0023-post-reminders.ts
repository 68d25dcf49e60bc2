// Post reminders ("Remind me" on a post): one per user and post, due at a time in Unix seconds as
// Mattermost's API gives it; the sweep takes the due ones by target_time.
import { Migration } from '@mikro-orm/migrations';

export class PostReminders extends Migration {
  override name = '0023-post-reminders';

  override up(): void {
    this.addSql(`create table "post_reminders" ("post_id" varchar(26) not null, "user_id" varchar(26) not null, "target_time" bigint not null, primary key ("post_id", "user_id"));`);
    this.addSql(`create index "post_reminders_target_time_index" on "post_reminders" ("target_time");`);
  }
}
