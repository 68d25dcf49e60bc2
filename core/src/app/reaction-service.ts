// Emoji reactions on posts: add (idempotent), remove, list. A reaction touches its post's
// update_at so clients syncing with ?since see it.
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Reaction } from '../store/entities/reaction.ts';
import type { AppEvents } from './app-events.ts';
import type { HookContext, PluginHooks } from './plugin-hooks.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { isValidId } from './ids.ts';
import { stopWhenAnswered } from './persistent-notification-stops.ts';

export interface ReactionDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  permissions: PermissionService;
  posts: PostService;
}

const EMOJI_NAME = /^[a-zA-Z0-9\-+_]{1,64}$/;

/** A reaction someone adds (POST /reactions): who, to which post, which emoji. */
export interface ReactionInput {
  userId: string;
  postId: string;
  emojiName: string;
}

export class ReactionService {
  #deps: ReactionDeps;

  constructor(deps: ReactionDeps) {
    this.#deps = deps;
  }

  async add(actor: Actor, input: ReactionInput, ctx: HookContext = {}): Promise<Reaction> {
    if (input.userId !== actor.userId) {
      throw new AppError('api.reaction.save_reaction.user_id.app_error', 403, 'You can only add reactions as yourself.');
    }
    const emojiName = checkEmojiName(input.emojiName);
    const { post, channel } = await this.#deps.posts.readable(actor, input.postId);
    await this.#deps.permissions.requireChannel(actor, channel, 'add_reaction');
    if (channel.deleteAt > 0) throw archivedReaction();

    const now = Date.now();
    const reaction = { postId: post.id, userId: actor.userId, emojiName, channelId: channel.id, createAt: now } as Reaction;
    const added = await this.#deps.store.transaction(async (tx) => {
      const inserted = await tx.reactions.insert(reaction);
      if (inserted) await tx.posts.update(post.id, { updateAt: now });
      return inserted;
    });
    if (!added) {
      const existing = await this.#deps.store.reactions.findByPosts([post.id]);
      return existing.find((r) => r.userId === actor.userId && r.emojiName === emojiName) ?? reaction;
    }
    this.#publish('reaction_added', reaction);
    this.#deps.hooks.reactionHasBeenAdded(ctx, reaction);
    await stopWhenAnswered(this.#deps, post, channel, actor.userId);
    return reaction;
  }

  async remove(actor: Actor, userId: string, postId: string, emojiName: string, ctx: HookContext = {}): Promise<void> {
    checkEmojiName(emojiName);
    const { channel } = await this.#deps.posts.readable(actor, postId);
    if (userId === actor.userId) await this.#deps.permissions.requireChannel(actor, channel, 'remove_reaction');
    else this.#deps.permissions.requireSystem(actor, 'manage_system');
    if (channel.deleteAt > 0) throw archivedReaction();

    const now = Date.now();
    const removed = await this.#deps.store.transaction(async (tx) => {
      const row = await tx.reactions.delete(postId, userId, emojiName);
      if (row) await tx.posts.update(postId, { updateAt: now });
      return row;
    });
    if (!removed) return;
    this.#publish('reaction_removed', removed);
    this.#deps.hooks.reactionHasBeenRemoved(ctx, removed);
  }

  async listForPost(actor: Actor, postId: string): Promise<Reaction[]> {
    await this.#deps.posts.readable(actor, postId);
    return this.#deps.store.reactions.findByPosts([postId]);
  }

  /** POST /posts/ids/reactions: reactions by post id, for the posts the caller may read. */
  async listForPosts(actor: Actor, postIds: string[]): Promise<Map<string, Reaction[]>> {
    const readable: string[] = [];
    for (const id of new Set(postIds.filter(isValidId))) {
      try {
        await this.#deps.posts.readable(actor, id);
        readable.push(id);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
      }
    }
    const reactions = await this.#deps.store.reactions.findByPosts(readable);
    return new Map(readable.map((id) => [id, reactions.filter((r) => r.postId === id)]));
  }

  #publish(event: string, reaction: Reaction): void {
    this.#deps.events.publish({ event, subject: { kind: 'reaction', reaction }, broadcast: { channel_id: reaction.channelId } });
  }
}

function checkEmojiName(value: unknown): string {
  if (typeof value !== 'string' || !EMOJI_NAME.test(value)) {
    throw AppError.badRequest('model.reaction.is_valid.emoji_name.app_error', 'Invalid emoji name: use 1 to 64 letters, digits, "_", "-" or "+".');
  }
  return value;
}

function archivedReaction(): AppError {
  return new AppError('api.reaction.save.archived_channel.app_error', 403, 'You cannot react to posts in an archived channel.');
}

