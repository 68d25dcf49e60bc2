// In-product notice views (m0026-product-notice-views.ts).
import { Repository, TEXT_LIST } from './repository.ts';

export interface ProductNoticeView {
  noticeId: string;
  /** How many times the user was shown the notice. */
  viewed: number;
  /** When last shown, in Unix seconds (Mattermost's unit). */
  timestamp: number;
}

export class ProductNoticeRepository extends Repository {
  /** Counts one more view of each notice by the user, at `nowSeconds`. */
  async view(userId: string, noticeIds: string[], nowSeconds: number): Promise<void> {
    if (noticeIds.length === 0) return;
    await this.sql(
      `insert into product_notice_views (user_id, notice_id, viewed, timestamp)
       select ?, notice_id, 1, ? from unnest(${TEXT_LIST}) as notice_id
       on conflict (user_id, notice_id) do update set viewed = product_notice_views.viewed + 1, timestamp = excluded.timestamp`,
      [userId, nowSeconds, JSON.stringify(noticeIds)],
    );
  }

  async views(userId: string): Promise<ProductNoticeView[]> {
    const rows = await this.sql<{ notice_id: string; viewed: number; timestamp: string }>(
      `select notice_id, viewed, timestamp from product_notice_views where user_id = ? order by notice_id`,
      [userId],
    );
    return rows.map((row) => ({ noticeId: row.notice_id, viewed: Number(row.viewed), timestamp: Number(row.timestamp) }));
  }
}
