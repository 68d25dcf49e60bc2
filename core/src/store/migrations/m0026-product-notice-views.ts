// Which in-product notices each user has seen and how often (Mattermost's ProductNoticeViewState),
// recorded by PUT /system/notices/view.
import { Migration } from '@mikro-orm/migrations';

export class ProductNoticeViews extends Migration {
  override name = '0026-product-notice-views';

  override up(): void {
    this.addSql(
      `create table "product_notice_views" ("user_id" varchar(26) not null, "notice_id" varchar(64) not null, "viewed" integer not null, "timestamp" bigint not null, primary key ("user_id", "notice_id"));`,
    );
  }
}
