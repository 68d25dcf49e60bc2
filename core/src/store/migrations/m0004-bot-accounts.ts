// Bot accounts people create over the REST API: a disabled bot keeps its row, marked by delete_at
// (Mattermost's Bots.DeleteAt), and bots are listed oldest first.
import { Migration } from '@mikro-orm/migrations';

export class BotAccounts extends Migration {
  override name = '0004-bot-accounts';

  override up(): void {
    this.addSql(`alter table "bots" add column "delete_at" bigint not null default 0;`);
    this.addSql(`create index "bots_create_at_index" on "bots" ("create_at");`);
  }
}
