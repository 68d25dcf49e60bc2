// Persistent notifications (Mattermost's PersistentNotifications): one row per urgent root post that
// asked for them, written with the post. The sweep re-notifies its mentioned users while the row is
// live (delete_at = 0); acknowledging, replying, reacting, deleting the post, archiving its channel or
// reaching PersistentNotificationMaxCount retires it.
import { Migration } from '@mikro-orm/migrations';

export class PersistentNotifications extends Migration {
  override name = '0028-persistent-notifications';

  override up(): void {
    this.addSql(
      `create table "persistent_notifications" ("post_id" varchar(26) not null references "posts" ("id") on delete cascade, "create_at" bigint not null,
        "last_sent_at" bigint not null default 0, "delete_at" bigint not null default 0, "sent_count" smallint not null default 0, primary key ("post_id"));`,
    );
    // The sweep asks only for live rows last notified (or created) before a time: with nothing due it reads one index page.
    this.addSql(`create index "persistent_notifications_due" on "persistent_notifications" (greatest("create_at", "last_sent_at")) where "delete_at" = 0;`);
  }
}
