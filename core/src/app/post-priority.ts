// Message priority on a new post, in Mattermost's order. Its postPriorityCheck (on POST /posts and
// on saving a scheduled post): the feature must be on, only a thread's root may carry a priority,
// persistent notifications need their own setting, an urgent priority and (for guests)
// AllowPersistentNotificationsForGuests. Then CreatePost's own check: outside direct messages, a
// post with persistent notifications mentions between one and PersistentNotificationMaxRecipients
// members. Mattermost sells acknowledgements and persistent notifications under a licence; Parley
// has no licence check.
import type { ServiceSettings } from '../config/config-schema.ts';
import type { PostPriority } from '../store/post-repository.ts';
import { AppError } from '../errors/app-error.ts';

/** Who asks for a priority, on what: what postPriorityCheck looks at. */
export interface PriorityRequest {
  userId: string;
  rootId: string;
  /** Whether the author is a guest; asked only when persistent notifications are requested and guests may not send them. */
  authorIsGuest(): Promise<boolean>;
}

/** Where a new post goes and whom it mentions: what the persistent-notification recipients check looks at. */
export interface PriorityRecipients {
  channelType: string;
  /** Counts the members the message mentions by name; asked only when persistent notifications are requested outside a direct message. */
  countMentioned(): Promise<number>;
}

/** The priority settings of ServiceSettings. */
export type PrioritySettings = Pick<ServiceSettings, 'PostPriority' | 'AllowPersistentNotifications' | 'AllowPersistentNotificationsForGuests' | 'PersistentNotificationMaxRecipients'>;

/** Mattermost's postPriorityCheck: refuses a priority this author may not ask for here. */
export async function checkPriorityRequest(priority: PostPriority, request: PriorityRequest, settings: PrioritySettings): Promise<void> {
  const notAllowed = () =>
    new AppError('api.post.post_priority.priority_post_not_allowed_for_user.request_error', 403, 'Message priority is not allowed for this user.', { details: `userId=${request.userId}` });
  if (!settings.PostPriority) throw notAllowed();
  if (request.rootId !== '') {
    throw AppError.badRequest('api.post.post_priority.priority_post_only_allowed_for_root_post.request_error', 'Only the first message of a thread can have a priority.');
  }
  if (!priority.persistentNotifications) return;
  if (!settings.AllowPersistentNotifications) throw notAllowed();
  if (priority.priority !== 'urgent') {
    throw AppError.badRequest('api.post.post_priority.urgent_persistent_notification_post.request_error', 'Persistent notifications are only for urgent messages.');
  }
  if (!settings.AllowPersistentNotificationsForGuests && (await request.authorIsGuest())) throw notAllowed();
}

/** Every check of a new post's priority: the request's, then the persistent notifications' recipients. */
export async function checkPostPriority(priority: PostPriority, post: PriorityRequest & PriorityRecipients, settings: PrioritySettings): Promise<void> {
  await checkPriorityRequest(priority, post, settings);
  if (!priority.persistentNotifications || post.channelType === 'D') return;
  const mentioned = await post.countMentioned();
  if (mentioned > settings.PersistentNotificationMaxRecipients) {
    throw AppError.badRequest(
      'api.post.post_priority.max_recipients_persistent_notification_post.request_error',
      `Persistent notifications can be sent to at most ${settings.PersistentNotificationMaxRecipients} recipients.`,
    );
  }
  if (mentioned === 0) {
    throw AppError.badRequest('api.post.post_priority.min_recipients_persistent_notification_post.request_error', 'Persistent notifications need at least one mentioned recipient.');
  }
}

/**
 * A scheduled post's priority, kept in Mattermost's JSON shape (checked and made whole when it was
 * saved: wire/scheduled-post.ts), as a post takes it; null when there is none.
 */
export function storedPriority(stored: Record<string, unknown> | null): PostPriority | null {
  if (!stored || Object.keys(stored).length === 0) return null;
  return {
    priority: (stored.priority ?? '') as PostPriority['priority'],
    requestedAck: stored.requested_ack === true,
    persistentNotifications: stored.persistent_notifications === true,
  };
}
