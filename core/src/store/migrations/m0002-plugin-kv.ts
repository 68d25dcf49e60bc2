// The plugins' private key-value store (Mattermost's PluginKeyValueStore) and the bot accounts
// plugins own (Mattermost's Bots table: which plugin a bot user belongs to).
import { Migration } from '@mikro-orm/migrations';

export class PluginKeyValuesAndBots extends Migration {
  override name = '0002-plugin-kv';

  override up(): void {
    this.addSql(`create table "plugin_key_values" ("plugin_id" varchar(190) not null, "pkey" varchar(150) not null, "pvalue" jsonb not null, "expire_at" bigint not null default 0, primary key ("plugin_id", "pkey"));`);
    this.addSql(`create table "bots" ("user_id" varchar(26) not null, "owner_id" varchar(190) not null, "description" varchar(1024) not null default '', "create_at" bigint not null, "update_at" bigint not null, primary key ("user_id"));`);
    this.addSql(`create index "bots_owner_id_index" on "bots" ("owner_id");`);
  }
}
