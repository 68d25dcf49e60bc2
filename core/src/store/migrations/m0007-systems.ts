// Server-wide values every node of a cluster must share, by name (Mattermost's Systems table): the
// secret that seals post-action cookies and signs trigger ids is one, made by the first node that
// needs it.
import { Migration } from '@mikro-orm/migrations';

export class Systems extends Migration {
  override name = '0007-systems';

  override up(): void {
    this.addSql(`create table "systems" ("name" varchar(64) not null, "value" text not null, primary key ("name"));`);
  }
}
