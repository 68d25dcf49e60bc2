// Custom emoji: Mattermost's Emoji table. A name is unique among the live emoji only, so a deleted
// emoji's name can be taken again; the picture itself lives in the file store.
import { Migration } from '@mikro-orm/migrations';

export class CustomEmoji extends Migration {
  override name = '0014-custom-emoji';

  override up(): void {
    this.addSql(`create table "emoji" ("id" varchar(26) not null, "create_at" bigint not null, "update_at" bigint not null, "delete_at" bigint not null default 0, "creator_id" varchar(26) not null, "name" varchar(64) not null, "description" text not null default '', primary key ("id"));`);
    this.addSql(`create unique index "emoji_live_name_unique" on "emoji" ("name") where "delete_at" = 0;`);
  }
}
