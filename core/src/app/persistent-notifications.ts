// Persistent notifications re-sent, as Mattermost's PostPersistentNotifications job
// (SendPersistentNotifications): every PersistentNotificationIntervalMinutes after an urgent post
// that asked for them, and at most PersistentNotificationMaxCount times, the users it is for
// (persistent-notification-stops.ts: a direct message's other user, else the members it mentions by
// name, as the channel is now) get `persistent_notification_triggered` with the post — unless their
// desktop notifications are off or they are on do-not-disturb. Parley has no push notification
// service: this event is the notification, and the web apps show it as a desktop notification. A
// sweep every 30 seconds claims what is due in one statement that also records the send, so every
// node may sweep and each notification still goes out once (a node that dies after claiming loses
// that one send, never doubles it); with nothing due, the sweep reads one index page.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Post } from '../store/entities/post.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { AppEvents } from './app-events.ts';
import type { PostService } from './post-service.ts';
import type { PostView } from './post-view.ts';
import { startPeriodicSweep } from './periodic-sweep.ts';
import { notifiedMembers, persistentNotificationsEnabled } from './persistent-notification-stops.ts';
import { postNotificationFields } from './post-notification-fields.ts';

export interface PersistentNotificationDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  posts: PostService;
}

/** Half of the shortest interval (a minute), as Mattermost's scheduler runs at half the interval. */
export const PERSISTENT_NOTIFICATION_SWEEP_INTERVAL_MS = 30_000;
/** Posts claimed per statement; a sweep goes on until none is due. */
const SEND_BATCH = 100;
const MINUTE_MS = 60_000;

export class PersistentNotifications {
  #deps: PersistentNotificationDeps;

  constructor(deps: PersistentNotificationDeps) {
    this.#deps = deps;
  }

  /** Sends the notifications due at `now` (ms); answers how many users were notified, all posts together. */
  async sendDue(now = Date.now()): Promise<number> {
    const settings = this.#deps.config.get().ServiceSettings;
    if (!persistentNotificationsEnabled(settings)) return 0;
    const dueAt = now - settings.PersistentNotificationIntervalMinutes * MINUTE_MS;
    let notified = 0;
    for (;;) {
      const postIds = await this.#deps.store.persistentNotifications.claimDue(dueAt, settings.PersistentNotificationMaxCount, now, SEND_BATCH);
      if (postIds.length > 0) notified += await this.#send(postIds, now);
      if (postIds.length < SEND_BATCH) return notified;
    }
  }

  /** Starts sending what is due on a clock; answers the function that stops it. */
  start(intervalMs = PERSISTENT_NOTIFICATION_SWEEP_INTERVAL_MS): () => Promise<void> {
    return startPeriodicSweep(() => this.sendDue(), { intervalMs, logger: this.#deps.logger, failure: 'could not send the persistent notifications due' });
  }

  /** Notifies the users of claimed posts; a post no longer live, or in an archived channel, stops for good. */
  async #send(postIds: string[], now: number): Promise<number> {
    const { store, posts } = this.#deps;
    const found = (await store.posts.findByIds(postIds)).filter((post) => post.deleteAt === 0);
    const channels = new Map<string, Channel>();
    for (const channelId of new Set(found.map((post) => post.channelId))) {
      const channel = await store.channels.findById(channelId);
      if (channel && channel.deleteAt === 0) channels.set(channelId, channel);
    }
    const live = found.filter((post) => channels.has(post.channelId));
    const liveIds = new Set(live.map((post) => post.id));
    await store.persistentNotifications.retire(postIds.filter((id) => !liveIds.has(id)), now);
    const views = await posts.viewsOf(live);
    let notified = 0;
    for (const view of views) notified += await this.#notify(view, channels.get(view.post.channelId)!);
    return notified;
  }

  /** `persistent_notification_triggered` to each user the post is for who wants desktop notifications now. */
  async #notify(view: PostView, channel: Channel): Promise<number> {
    const { store, events } = this.#deps;
    const post: Post = view.post;
    const recipients = (await notifiedMembers(store, post, channel)).filter((r) => r.desktop !== 'none' && r.status !== 'dnd');
    if (recipients.length === 0) return 0;
    const sender = await store.users.findById(post.userId);
    const mentions = recipients.map((r) => r.userId);
    const data: Record<string, unknown> = { ...postNotificationFields(channel, sender), mentions: JSON.stringify(mentions) };
    if (post.fileIds.length > 0) {
      data.otherFile = 'true';
      if (view.files.some((file) => file.mimeType.startsWith('image'))) data.image = 'true';
    }
    for (const userId of mentions) {
      events.publish({ event: 'persistent_notification_triggered', data, subject: { kind: 'post', view }, broadcast: { user_id: userId, channel_id: channel.id, team_id: channel.teamId } });
    }
    return mentions.length;
  }
}
