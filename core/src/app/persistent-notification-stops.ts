// Who a persistent notification is for, and Mattermost's rule for when an answer stops it
// (ResolvePersistentNotification): one of the users the post notifies — never its author —
// acknowledges it, replies in its thread or reacts to it, and the notifications stop for everyone. A
// guest's answer counts only while guests may send persistent notifications themselves. The author
// stops them by deleting the post.
import type { ServiceSettings } from '../config/config-schema.ts';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Post } from '../store/entities/post.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { PersistentNotificationRecipient } from '../store/persistent-notification-repository.ts';
import { parseMentions } from './post-text.ts';
import { isGuestRoles, parseRoles } from './roles.ts';

export interface PersistentNotificationStopDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
}

/** Mattermost's IsPersistentNotificationsEnabled: message priority and persistent notifications both on. */
export function persistentNotificationsEnabled(settings: Pick<ServiceSettings, 'PostPriority' | 'AllowPersistentNotifications'>): boolean {
  return settings.PostPriority && settings.AllowPersistentNotifications;
}

/**
 * The members a post's persistent notifications are for, as the channel is now: a direct message's
 * other user; elsewhere (group messages too) the people it mentions by name. Channel-wide mentions
 * do not count, nor members who left or were deactivated, nor bots.
 */
export function notifiedMembers(store: Store, post: Post, channel: Channel): Promise<PersistentNotificationRecipient[]> {
  if (channel.type === 'D') return store.persistentNotifications.recipients(channel.id, post.userId, null);
  const { names } = parseMentions(post.message);
  if (names.size === 0) return Promise.resolve([]);
  return store.persistentNotifications.recipients(channel.id, post.userId, [...names]);
}

/**
 * Stops a root post's persistent notifications when `userId` answered it (acknowledged, replied or
 * reacted) and is one of the users they are for. The answer itself has already been saved, so a
 * failure here is logged, not thrown (the next answer or the post's deletion stops them).
 */
export async function stopWhenAnswered(deps: PersistentNotificationStopDeps, post: Post, channel: Channel, userId: string): Promise<void> {
  const { store, config, logger } = deps;
  const settings = config.get().ServiceSettings;
  if (post.rootId !== '' || userId === post.userId || !persistentNotificationsEnabled(settings)) return;
  // Outside direct and group messages a post with persistent notifications mentions someone by name:
  // answers to every other post cost nothing here.
  if (channel.type !== 'D' && channel.type !== 'G' && !post.message.includes('@')) return;
  try {
    if (!(await store.persistentNotifications.isLive(post.id))) return;
    const notified = await notifiedMembers(store, post, channel);
    if (!notified.some((member) => member.userId === userId)) return;
    if (!settings.AllowPersistentNotificationsForGuests && isGuestRoles(parseRoles((await store.users.findById(userId))?.roles ?? ''))) return;
    await store.persistentNotifications.retire([post.id], Date.now());
  } catch (err) {
    logger.warn('could not stop the persistent notifications of an answered post', { post_id: post.id, user_id: userId, err });
  }
}
