// Directory groups linked into Parley, as Mattermost's UserGroups/GroupMembers/GroupTeams/
// GroupChannels: a group (source 'ldap', remote_id = the directory's GroupIdAttribute value) and
// its members, kept by the sync; and the teams and channels it is linked to, whose members the sync
// adds (auto_add). Rows are soft-deleted (delete_at) as Mattermost does, so a relink keeps the id.
import { Migration } from '@mikro-orm/migrations';

export class LdapGroups extends Migration {
  override name = '0018-ldap-groups';

  override up(): void {
    this.addSql(`create table "user_groups" ("id" varchar(26) not null, "name" varchar(64) null, "display_name" varchar(128) not null, "description" text not null default '', "source" varchar(64) not null, "remote_id" varchar(255) null, "create_at" bigint not null, "update_at" bigint not null, "delete_at" bigint not null default 0, "allow_reference" boolean not null default false, primary key ("id"));`);
    this.addSql(`create unique index "user_groups_source_remote_id_unique" on "user_groups" ("source", "remote_id");`);
    this.addSql(`create unique index "user_groups_name_unique" on "user_groups" ("name");`);
    this.addSql(`create table "group_members" ("group_id" varchar(26) not null references "user_groups" ("id") on delete cascade, "user_id" varchar(26) not null references "users" ("id") on delete cascade, "create_at" bigint not null, "delete_at" bigint not null default 0, primary key ("group_id", "user_id"));`);
    this.addSql(`create index "group_members_user_id_index" on "group_members" ("user_id");`);
    this.addSql(`create table "group_teams" ("group_id" varchar(26) not null references "user_groups" ("id") on delete cascade, "team_id" varchar(26) not null references "teams" ("id") on delete cascade, "auto_add" boolean not null, "scheme_admin" boolean not null default false, "create_at" bigint not null, "update_at" bigint not null, "delete_at" bigint not null default 0, primary key ("group_id", "team_id"));`);
    this.addSql(`create table "group_channels" ("group_id" varchar(26) not null references "user_groups" ("id") on delete cascade, "channel_id" varchar(26) not null references "channels" ("id") on delete cascade, "auto_add" boolean not null, "scheme_admin" boolean not null default false, "create_at" bigint not null, "update_at" bigint not null, "delete_at" bigint not null default 0, primary key ("group_id", "channel_id"));`);
  }
}
