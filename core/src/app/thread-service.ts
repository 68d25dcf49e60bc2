// Collapsed reply threads for their followers (Mattermost's CRT): the threads a user follows in a
// team, following and unfollowing, and how far the user has read each. Who follows a thread is
// decided when a reply is posted (PostRepository.insertReply); this serves the user's side.
// Every call acts on the threads of the user in the path: the user themselves, or anyone for those
// with edit_other_users, as Mattermost.
import type { ConfigService } from '../config/config-service.ts';
import type { Store } from '../store/store.ts';
import type { Post } from '../store/entities/post.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { UserThreadRow } from '../store/thread-repository.ts';
import type { AppEvents } from './app-events.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import type { ThreadListView, ThreadView } from './thread-view.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { countMentions } from './unread-mentions.ts';
import { broadcastTo, participantVisibility } from './thread-view.ts';

export interface ThreadDeps {
  store: Store;
  config: ConfigService;
  events: AppEvents;
  permissions: PermissionService;
  posts: PostService;
}

/** GET /users/{user_id}/teams/{team_id}/threads, as Mattermost's GetUserThreadsOpts. */
export interface ThreadListQuery {
  since: number;
  deleted: boolean;
  extended: boolean;
  unread: boolean;
  before: string;
  after: string;
  perPage: number;
  totalsOnly: boolean;
  threadsOnly: boolean;
}

export class ThreadService {
  #deps: ThreadDeps;

  constructor(deps: ThreadDeps) {
    this.#deps = deps;
  }

  async list(actor: Actor, userId: string, teamId: string, query: ThreadListQuery): Promise<ThreadListView> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    if (query.before !== '' && query.after !== '') throw AppError.badRequest('api.getThreadsForUser.bad_params', 'before and after cannot be used together.');
    if (query.totalsOnly && query.threadsOnly) throw AppError.badRequest('api.getThreadsForUser.bad_only_params', 'totalsOnly and threadsOnly cannot be used together.');
    const { threads } = this.#deps.store;
    const [rows, totals] = await Promise.all([
      query.totalsOnly ? [] : threads.listForUser(userId, teamId, { ...query, limit: query.perPage }),
      query.threadsOnly ? null : threads.totalsForUser(userId, teamId, query.deleted),
    ]);
    const list: ThreadListView = {
      threads: await this.#views(rows, query.extended),
      total: totals?.total ?? 0,
      totalUnreadThreads: totals?.unreadThreads ?? 0,
      totalUnreadMentions: totals?.unreadMentions ?? 0,
    };
    // Mattermost's legacy `unread` flag makes the total count the unread threads only.
    if (query.unread) list.total = list.totalUnreadThreads;
    return list;
  }

  /** Unread mentions in the user's followed threads of a team, by channel id. */
  mentionCounts(actor: Actor, userId: string, teamId: string): Promise<Record<string, number>> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    return this.#deps.store.threads.mentionCountsByChannel(userId, teamId);
  }

  async get(actor: Actor, userId: string, threadId: string, extended: boolean): Promise<ThreadView> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    return this.#thread(userId, threadId, extended);
  }

  /**
   * Starts (PUT) or stops (DELETE) following a thread; starting needs read access to its channel and
   * marks it read. Tells the user's clients with thread_follow_changed.
   */
  async setFollowing(actor: Actor, userId: string, teamId: string, threadId: string, following: boolean): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    if (following) await this.#readableRoot(actor, threadId);
    else if (!(await this.#deps.store.posts.findById(threadId))) throw AppError.notFound('post', threadId);
    const replyCount = await this.#deps.store.threads.setFollowing(userId, threadId, following, Date.now());
    this.#deps.events.publish({
      event: 'thread_follow_changed',
      data: { thread_id: threadId, state: following, reply_count: replyCount },
      broadcast: broadcastTo(userId, teamId),
    });
  }

  /**
   * PUT .../threads/{thread_id}/read/{timestamp}: the user has read the thread up to `timestamp`;
   * its unread mentions are counted again from the replies after that point. Reading a thread
   * follows it (as Mattermost). Tells the user's clients with thread_read_changed.
   */
  async markRead(actor: Actor, userId: string, teamId: string, threadId: string, timestamp: number): Promise<ThreadView> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const { post: root, channel } = await this.#readableRoot(actor, threadId);
    return this.#markRead(userId, teamId, { root, channel }, timestamp);
  }

  /** POST .../threads/{thread_id}/set_unread/{post_id}: unread from a post of the thread on. */
  async markUnreadFrom(actor: Actor, userId: string, teamId: string, threadId: string, postId: string): Promise<ThreadView> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const { post: root, channel } = await this.#readableRoot(actor, threadId);
    const post = postId === threadId ? root : await this.#deps.store.posts.findById(postId);
    if (!post || post.deleteAt > 0) throw AppError.notFound('post', postId);
    if (post.id !== threadId && post.rootId !== threadId) {
      throw AppError.badRequest('app.user.update_thread_read_for_user_by_post.app_error', 'The post is not part of this thread.', `post_id=${postId}`);
    }
    return this.#markRead(userId, teamId, { root, channel }, post.createAt - 1);
  }

  /** PUT .../threads/read: every followed thread of the team read now. */
  async markAllRead(actor: Actor, userId: string, teamId: string): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    await this.#deps.store.threads.markAllRead(userId, teamId, Date.now());
    // No thread_id: Mattermost's clients read it as "every thread of broadcast.team_id".
    this.#deps.events.publish({ event: 'thread_read_changed', data: {}, broadcast: broadcastTo(userId, teamId) });
  }

  async #markRead(userId: string, teamId: string, { root, channel }: { root: Post; channel: Channel }, timestamp: number): Promise<ThreadView> {
    const { store } = this.#deps;
    const [user, member, thread] = await Promise.all([store.users.findById(userId), store.channels.findMember(channel.id, userId), store.posts.findThread(root.id)]);
    if (!user) throw AppError.notFound('user', userId);
    const replies = thread.filter((p) => p.id !== root.id && p.createAt > timestamp);
    const unreadMentions = countMentions(replies, { user, member, channelType: channel.type }).all;
    const { before, after } = await store.threads.markRead(userId, root.id, timestamp, unreadMentions, Date.now());
    const view = await this.#thread(userId, root.id, false);
    this.#deps.events.publish({
      event: 'thread_read_changed',
      data: {
        thread_id: root.id,
        timestamp,
        // This change's own counts, not the view's, which a read of the thread at the same time may have moved on.
        unread_mentions: after.unreadMentions,
        unread_replies: after.unreadReplies,
        previous_unread_mentions: before.unreadMentions,
        previous_unread_replies: before.unreadReplies,
        channel_id: root.channelId,
      },
      broadcast: broadcastTo(userId, teamId),
    });
    return view;
  }

  async #thread(userId: string, threadId: string, extended: boolean): Promise<ThreadView> {
    const { threads } = this.#deps.store;
    const row = await threads.findForUser(userId, threadId);
    if (row) return (await this.#views([row], extended))[0];
    if (!(await threads.hasMembership(userId, threadId))) {
      throw new AppError('app.user.get_thread_membership_for_user.not_found', 404, 'The user does not follow this thread.', { details: `thread_id=${threadId}` });
    }
    throw new AppError('app.user.get_threads_for_user.not_found', 404, 'The thread has no replies yet.', { details: `thread_id=${threadId}` });
  }

  /** A live root post the caller may read (what a thread id must name), and its channel. */
  async #readableRoot(actor: Actor, threadId: string): Promise<{ post: Post; channel: Channel }> {
    const readable = await this.#deps.posts.readable(actor, threadId);
    if (readable.post.rootId !== '') throw AppError.invalidParam('thread_id', 'must be the id of a thread\'s root post');
    return readable;
  }

  async #views(rows: readonly UserThreadRow[], extended: boolean): Promise<ThreadView[]> {
    if (rows.length === 0) return [];
    const participantIds = extended ? [...new Set(rows.flatMap((r) => r.participants))] : [];
    const [roots, users] = await Promise.all([this.#deps.posts.viewsOf(rows.map((r) => r.root)), this.#deps.store.users.findByIds(participantIds)]);
    const visibility = participantVisibility(this.#deps.config);
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((row, i) => ({
      root: roots[i],
      replyCount: row.replyCount,
      lastReplyAt: row.lastReplyAt,
      lastViewedAt: row.lastViewed,
      unreadReplies: row.unreadReplies,
      unreadMentions: row.unreadMentions,
      participants: row.participants,
      ...(extended ? { participantProfiles: { users: row.participants.flatMap((id) => byId.get(id) ?? []), visibility } } : {}),
    }));
  }
}
