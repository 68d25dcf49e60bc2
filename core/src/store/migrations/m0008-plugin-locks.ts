// Cluster-wide locks of plugins (api.cluster.lock): one row per held lock name, taken over by the
// next caller once its expiry has passed (a crashed holder never blocks others for longer than the
// lock's time to live).
import { Migration } from '@mikro-orm/migrations';

export class PluginLocks extends Migration {
  override name = '0008-plugin-locks';

  override up(): void {
    this.addSql(`create table "plugin_locks" ("plugin_id" varchar(190) not null, "name" varchar(150) not null, "token" varchar(26) not null, "expire_at" bigint not null, primary key ("plugin_id", "name"));`);
  }
}
