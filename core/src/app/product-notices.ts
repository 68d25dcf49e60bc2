// Mattermost's in-product notices (GET /system/notices/{team_id}, PUT /system/notices/view). Mattermost
// fetches its notice feed from a URL on the internet (AnnouncementSettings.NoticesURL); Parley runs
// air-gapped and has no feed, so it answers what Mattermost answers when no notice applies (an empty
// list) and records the views a client reports, as Mattermost does.
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';

/** The client kinds a notice can target (Mattermost's NoticeClientType a client may name). */
export const NOTICE_CLIENTS = ['web', 'desktop', 'mobile-ios', 'mobile-android'] as const;
/** A notice id as the feed names them (`crt_admin_disabled`, `server_upgrade_v10.5`). */
export const NOTICE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export class ProductNotices {
  #store: Pick<Store, 'productNotices'>;

  constructor(deps: { store: Pick<Store, 'productNotices'> }) {
    this.#store = deps.store;
  }

  /** Counts one more view of each notice by the actor (a repeatable notice is shown a few times). */
  async markViewed(actor: Actor, noticeIds: string[]): Promise<void> {
    await this.#store.productNotices.view(actor.userId, [...new Set(noticeIds)].sort(), Math.floor(Date.now() / 1000));
  }
}
