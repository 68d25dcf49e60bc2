// The keys the server keeps for plugins (api.crypto): one row per plugin and key name. `material` is
// the secret (a symmetric key, or an RSA private key as PKCS#8) sealed with AES-256-GCM under a key
// derived from a server secret, bound to the row's plugin, name and type; only public keys are kept in
// the clear.
import { Migration } from '@mikro-orm/migrations';

export class PluginKeys extends Migration {
  override name = '0009-plugin-keys';

  override up(): void {
    this.addSql(
      `create table "plugin_keys" ("plugin_id" varchar(190) not null, "name" varchar(64) not null, "type" varchar(16) not null, "material" bytea not null, "public_key" text null, "create_at" bigint not null, primary key ("plugin_id", "name"));`,
    );
  }
}
