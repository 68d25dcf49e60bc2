// Where a user stopped reading a channel: marking it unread from a post (the web app's "Mark as
// Unread") and opening it at the first unread post (GET .../posts/unread), as Mattermost.
import type { Store } from '../store/store.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import type { Post } from '../store/entities/post.ts';
import type { AppEvents } from './app-events.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import type { PostListView } from './post-view.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { countMentions } from './unread-mentions.ts';

export interface ChannelUnreadDeps {
  store: Store;
  events: AppEvents;
  permissions: PermissionService;
  posts: PostService;
}

/** A membership after it was marked unread, with its channel's team (Mattermost's ChannelUnreadAt). */
export interface ChannelUnreadAt {
  member: ChannelMember;
  teamId: string;
}

export interface AroundUnreadQuery {
  limitBefore: number;
  limitAfter: number;
  /** Root posts only (collapsed reply threads). */
  collapsedThreads: boolean;
}

/** Most posts read back to count the mentions a channel marked unread holds again. */
const MENTION_SCAN_LIMIT = 1000;

export class ChannelUnreadService {
  #deps: ChannelUnreadDeps;

  constructor(deps: ChannelUnreadDeps) {
    this.#deps = deps;
  }

  /**
   * POST /users/{user_id}/posts/{post_id}/set_unread: the user's channel is unread from the post on,
   * with its mentions counted again. Only the user themselves may do it (as Mattermost). Tells their
   * clients with post_unread.
   */
  async markUnreadFrom(actor: Actor, userId: string, postId: string): Promise<ChannelUnreadAt> {
    if (actor.userId !== userId) throw AppError.forbidden('edit_other_users');
    const { store } = this.#deps;
    const { post, channel } = await this.#deps.posts.readable(actor, postId);
    const [user, member, unread] = await Promise.all([
      store.users.findById(userId),
      store.channels.findMember(channel.id, userId),
      store.posts.listFrom(channel.id, post.createAt, MENTION_SCAN_LIMIT),
    ]);
    if (!user || !member) throw notAMember(channel.id);
    const mentions = countMentions(unread, { user, member, channelType: channel.type });
    const marked = await store.channels.markUnreadFrom(channel.id, userId, post.createAt, mentions, Date.now());
    if (!marked) throw notAMember(channel.id);
    const m = marked.member;
    this.#deps.events.publish({
      event: 'post_unread',
      data: {
        msg_count: m.msgCount,
        msg_count_root: m.msgCountRoot,
        mention_count: m.mentionCount,
        mention_count_root: m.mentionCountRoot,
        urgent_mention_count: m.urgentMentionCount,
        last_viewed_at: m.lastViewedAt,
        post_id: postId,
      },
      broadcast: { user_id: userId, channel_id: channel.id, ...(marked.teamId ? { team_id: marked.teamId } : {}) },
    });
    return marked;
  }

  /**
   * GET /users/{user_id}/channels/{channel_id}/posts/unread: the posts around the first one the user
   * has not read — `limitBefore` read ones before it, it and up to `limitAfter - 1` after — or, with
   * nothing unread, the newest `limitBefore` posts.
   */
  async aroundLastUnread(actor: Actor, userId: string, channelId: string, query: AroundUnreadQuery): Promise<PostListView> {
    const { permissions, store } = this.#deps;
    permissions.requireSelfOrSystem(actor, userId);
    await permissions.requireReadChannel(actor, channelId, 'read_channel_content');
    const member = await store.channels.findMember(channelId, userId);
    if (!member) throw notAMember(channelId);
    const rootsOnly = query.collapsedThreads;
    const unread = member.lastViewedAt === 0 ? null : await store.posts.firstAfter(channelId, member.lastViewedAt, rootsOnly);
    if (!unread) {
      const newest = await store.posts.listChannel(channelId, { offset: 0, limit: query.limitBefore, rootsOnly });
      return this.#list(channelId, newest, { next: '', prev: newest.length < query.limitBefore ? '' : undefined }, rootsOnly);
    }
    const [after, before] = await Promise.all([
      store.posts.listChannel(channelId, { offset: 0, limit: query.limitAfter, after: unread.createAt - 1, rootsOnly }),
      store.posts.listChannel(channelId, { offset: 0, limit: query.limitBefore, before: unread.createAt, rootsOnly }),
    ]);
    return this.#list(channelId, [...after, ...before], {
      next: after.length < query.limitAfter ? '' : undefined,
      prev: before.length < query.limitBefore ? '' : undefined,
    }, rootsOnly);
  }

  /** The list with its neighbours: '' where the list reaches the channel's end, else looked up. */
  async #list(channelId: string, posts: Post[], ends: { next?: string; prev?: string }, rootsOnly: boolean): Promise<PostListView> {
    const { store } = this.#deps;
    const [list, next, prev] = await Promise.all([
      this.#deps.posts.listOf(posts),
      ends.next ?? (posts.length === 0 ? '' : store.posts.idAfter(channelId, posts[0].createAt, rootsOnly)),
      ends.prev ?? (posts.length === 0 ? '' : store.posts.idBefore(channelId, posts[posts.length - 1].createAt, rootsOnly)),
    ]);
    return { ...list, nextPostId: next, prevPostId: prev };
  }
}

function notAMember(channelId: string): AppError {
  return new AppError('app.channel.get_member.missing.app_error', 404, 'The user is not a member of this channel.', { details: `channel_id=${channelId}` });
}
