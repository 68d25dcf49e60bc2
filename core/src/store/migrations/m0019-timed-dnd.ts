// Timed do-not-disturb (Mattermost's Status.DNDEndTime and PrevStatus): when a person's "do not
// disturb" ends, in epoch seconds (0: until they change it), and the status it replaced, which
// comes back then.
import { Migration } from '@mikro-orm/migrations';

export class TimedDnd extends Migration {
  override name = '0019-timed-dnd';

  override up(): void {
    this.addSql(`alter table "statuses" add column "dnd_end_time" bigint not null default 0, add column "prev_status" varchar(32) not null default '';`);
    this.addSql(`create index "statuses_dnd_end_time_index" on "statuses" ("dnd_end_time") where "dnd_end_time" > 0;`);
  }
}
