// Acknowledgements of posts that ask for one (message priority's "request acknowledgement"), as
// Mattermost: a user acknowledges as themselves (an administrator may for anyone), on a post in a
// channel they may read; an acknowledgement can be taken back for 5 minutes. Each change is told to
// the channel (`post_acknowledgement_added` / `_removed`) and followed by `post_edited` with the post
// as it now reads, as Mattermost's are.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Post } from '../store/entities/post.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { PostAcknowledgement } from '../store/post-acknowledgement-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import { stopWhenAnswered } from './persistent-notification-stops.ts';

export interface PostAcknowledgementDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  posts: PostService;
}

/** How long an acknowledgement can be taken back (Mattermost's 5 minutes). */
export const UNACKNOWLEDGE_WINDOW_MS = 5 * 60 * 1000;

export class PostAcknowledgementService {
  #deps: PostAcknowledgementDeps;

  constructor(deps: PostAcknowledgementDeps) {
    this.#deps = deps;
  }

  /** POST /users/{user_id}/posts/{post_id}/ack: records (or renews) the user's acknowledgement. */
  async acknowledge(actor: Actor, userId: string, postId: string): Promise<PostAcknowledgement> {
    const { post, channel } = await this.#target(actor, userId, postId);
    if (channel.deleteAt > 0) throw archived('api.acknowledgement.save.archived_channel.app_error');
    const ack: PostAcknowledgement = { postId: post.id, userId, channelId: post.channelId, acknowledgedAt: Date.now() };
    await this.#deps.store.acknowledgements.save(ack);
    await this.#announce('post_acknowledgement_added', ack);
    await stopWhenAnswered(this.#deps, post, channel, userId);
    return ack;
  }

  /** DELETE /users/{user_id}/posts/{post_id}/ack: takes back an acknowledgement made less than 5 minutes ago. */
  async unacknowledge(actor: Actor, userId: string, postId: string): Promise<void> {
    const { post, channel } = await this.#target(actor, userId, postId);
    if (channel.deleteAt > 0) throw archived('api.acknowledgement.delete.archived_channel.app_error');
    const ack = await this.#deps.store.acknowledgements.find(post.id, userId);
    if (!ack) throw new AppError('app.acknowledgement.get.app_error', 404, 'The message has not been acknowledged by this user.', { details: `post_id=${postId} user_id=${userId}` });
    const now = Date.now();
    if (now - ack.acknowledgedAt > UNACKNOWLEDGE_WINDOW_MS) {
      throw new AppError('api.acknowledgement.delete.deadline.app_error', 403, 'An acknowledgement can only be removed within 5 minutes.', { details: `post_id=${postId}` });
    }
    await this.#deps.store.acknowledgements.delete(post.id, userId, now);
    await this.#announce('post_acknowledgement_removed', ack);
  }

  /**
   * Mattermost's checks, in its order: acting for oneself (or with edit_other_users), read access to
   * the post's channel (a post that does not exist is refused the same way), then a live post.
   */
  async #target(actor: Actor, userId: string, postId: string): Promise<{ post: Post; channel: Channel }> {
    const { store, permissions } = this.#deps;
    permissions.requireSelfOrSystem(actor, userId);
    const post = await store.posts.findById(postId);
    const access = post && (await permissions.channelAccess(actor, post.channelId));
    if (!post || !access || !(await permissions.canReadChannel(actor, access, 'read_channel_content'))) throw AppError.forbidden('read_channel_content');
    if (post.deleteAt > 0) throw AppError.notFound('post', postId);
    return { post, channel: access.channel };
  }

  async #announce(event: string, ack: PostAcknowledgement): Promise<void> {
    const broadcast = { channel_id: ack.channelId };
    this.#deps.events.publish({ event, subject: { kind: 'acknowledgement', acknowledgement: ack }, broadcast });
    const post = await this.#deps.store.posts.findById(ack.postId);
    if (!post) return;
    const [view] = await this.#deps.posts.viewsOf([post]);
    this.#deps.events.publish({ event: 'post_edited', subject: { kind: 'post', view }, broadcast });
  }
}

function archived(id: string): AppError {
  return new AppError(id, 403, 'Acknowledgements cannot change in an archived channel.');
}
