// Calls in a cluster: each media call is hosted by one node's media service (its pin), and each node
// whose media service runs says it is alive (media_nodes), so the calls of a node that stopped or
// died are taken over by a live one.
import { Migration } from '@mikro-orm/migrations';

export class MediaCallPins extends Migration {
  override name = '0022-media-call-pins';

  override up(): void {
    this.addSql(`create table "media_call_pins" ("call" varchar(300) not null, "node_id" varchar(36) not null, "create_at" bigint not null, primary key ("call"));`);
    this.addSql(`create index "media_call_pins_node_id_index" on "media_call_pins" ("node_id");`);
    this.addSql(`create table "media_nodes" ("node_id" varchar(36) not null, "seen_at" bigint not null, primary key ("node_id"));`);
  }
}
