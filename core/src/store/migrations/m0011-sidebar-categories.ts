// Sidebar categories (Mattermost's SidebarCategories and SidebarChannels): each user's grouping of
// their channels per team. The default Channels and Direct Messages categories hold explicit rows
// only for channels the user has ordered by hand; every other channel of theirs falls into them
// when read, so joining a channel writes nothing here.
import { Migration } from '@mikro-orm/migrations';

export class SidebarCategories extends Migration {
  override name = '0011-sidebar-categories';

  override up(): void {
    this.addSql(`create table "sidebar_categories" ("id" varchar(128) not null, "user_id" varchar(26) not null, "team_id" varchar(26) not null, "sort_order" bigint not null, "sorting" varchar(64) not null, "type" varchar(64) not null, "display_name" varchar(255) not null, "muted" boolean not null, "collapsed" boolean not null, primary key ("id"));`);
    this.addSql(`create index "sidebar_categories_user_id_team_id_index" on "sidebar_categories" ("user_id", "team_id");`);
    this.addSql(`create table "sidebar_channels" ("channel_id" varchar(26) not null, "user_id" varchar(26) not null, "category_id" varchar(128) not null, "sort_order" bigint not null, primary key ("channel_id", "user_id", "category_id"));`);
    this.addSql(`create index "sidebar_channels_category_id_index" on "sidebar_channels" ("category_id");`);
    this.addSql(`create index "sidebar_channels_user_id_channel_id_index" on "sidebar_channels" ("user_id", "channel_id");`);
  }
}
