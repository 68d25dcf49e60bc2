// Channel bookmarks: Mattermost's ChannelBookmarks table. An edit by someone other than the owner
// deletes the row and inserts a new version (original_id names the one it replaced), so rows are
// never removed: a deleted bookmark keeps its delete_at for clients syncing with bookmarks_since.
import { Migration } from '@mikro-orm/migrations';

export class ChannelBookmarks extends Migration {
  override name = '0025-channel-bookmarks';

  override up(): void {
    this.addSql(`create table "channel_bookmarks" (
      "id" varchar(26) not null,
      "create_at" bigint not null,
      "update_at" bigint not null,
      "delete_at" bigint not null default 0,
      "channel_id" varchar(26) not null,
      "owner_id" varchar(26) not null,
      "file_info_id" varchar(26) not null default '',
      "display_name" text not null,
      "sort_order" bigint not null default 0,
      "link_url" text not null default '',
      "image_url" text not null default '',
      "emoji" text not null default '',
      "type" varchar(26) not null,
      "original_id" varchar(26) not null default '',
      "parent_id" varchar(26) not null default '',
      primary key ("id"));`);
    this.addSql(`create index "channel_bookmarks_channel_id_index" on "channel_bookmarks" ("channel_id", "update_at");`);
    this.addSql(`create index "channel_bookmarks_file_info_id_index" on "channel_bookmarks" ("file_info_id") where "file_info_id" <> '';`);
  }
}
