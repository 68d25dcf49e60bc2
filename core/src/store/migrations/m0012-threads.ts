// Collapsed reply threads and edit history.
//
// threads: one row per root post that has replies (Mattermost's Threads), written by the reply's
// own insert statement: live reply count, last reply time and the repliers, oldest first.
// thread_memberships: who follows which thread and how far they have read it (Mattermost's
// ThreadMemberships); the user index serves a user's thread list, newest change first.
// post_edits: the message a post had before each edit, with the time it stopped being current —
// only what an edit replaces, never a second copy of the whole post.
import { Migration } from '@mikro-orm/migrations';

export class Threads extends Migration {
  override name = '0012-threads';

  override up(): void {
    this.addSql(`create table "threads" ("post_id" varchar(26) not null, "channel_id" varchar(26) not null, "reply_count" bigint not null default 0, "last_reply_at" bigint not null default 0, "participants" jsonb not null default '[]', primary key ("post_id"));`);
    this.addSql(`create table "thread_memberships" ("post_id" varchar(26) not null, "user_id" varchar(26) not null, "following" boolean not null default true, "last_viewed" bigint not null default 0, "last_updated" bigint not null, "unread_mentions" bigint not null default 0, primary key ("post_id", "user_id"));`);
    this.addSql(`create index "thread_memberships_user_id_index" on "thread_memberships" ("user_id");`);
    this.addSql(`create table "post_edits" ("id" varchar(26) not null, "post_id" varchar(26) not null, "message" text not null, "edit_at" bigint not null, "replaced_at" bigint not null, primary key ("id"));`);
    this.addSql(`create index "post_edits_post_id_index" on "post_edits" ("post_id", "replaced_at");`);
  }
}
