// Posts: the create pipeline (validation, plugin veto, one transaction for the post and the
// counters it moves, then notifications), edits, deletes, pins, threads and channel post lists.
import { newPostRow } from './new-post-row.ts';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Post } from '../store/entities/post.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { PostChanges, PostEdit, PostPriority, PostRepository, ReplyFollower, ReplyOutcome } from '../store/post-repository.ts';
import type { AppEvents } from './app-events.ts';
import type { HookContext, PluginHooks, PostVerdict } from './plugin-hooks.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostListView, PostView } from './post-view.ts';
import type { ThreadView } from './thread-view.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { newId } from './ids.ts';
import { traced } from '../tracing/phases.ts';
import { MAX_MESSAGE_RUNES, MENTION_HIGHLIGHT_DISABLED, parseHashtags, parseMentions, runeCount } from './post-text.ts';
import { withActionIds } from './post-actions.ts';
import { broadcastTo, participantVisibility } from './thread-view.ts';
import { checkPostPriority, type PriorityRequest } from './post-priority.ts';
import { postNotificationFields } from './post-notification-fields.ts';
import { stopWhenAnswered } from './persistent-notification-stops.ts';
import { isGuestRoles, parseRoles } from './roles.ts';

export interface PostDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  permissions: PermissionService;
}

/** A system message: who it is by, its `system_*` type, Mattermost's English text and props. */
export interface SystemPost {
  userId: string;
  type: string;
  message: string;
  props: Record<string, unknown>;
}

interface NewPost extends SystemPost {
  rootId: string;
  /** The thread's root post, loaded when the post is a reply. */
  root?: Post;
  fileIds: string[];
  pendingPostId: string;
  /** The root post's priority (metadata.priority), checked by create(). */
  priority?: PostPriority | null;
  /** Whether the author may notify the whole channel (use_channel_mentions); system messages may. */
  mayMentionChannel?: boolean;
}

/** A post a user (or a plugin, as a user) writes: POST /posts, the plugin API's posts.create. */
export interface NewPostInput {
  channelId: string;
  message: string;
  /** The thread's root post, or ''. */
  rootId: string;
  /** '' for a plain post; never a `system_` type. */
  type: string;
  props: Record<string, unknown>;
  fileIds: string[];
  /** The client's id for the post while it is on its way (Mattermost's pending_post_id). */
  pendingPostId: string;
  /** metadata.priority, or null when the post has none. */
  priority: PostPriority | null;
}

/** What an edit changes; an absent field stays as it is. */
export interface PostChangesInput {
  message?: string;
  props?: Record<string, unknown>;
  fileIds?: string[];
  isPinned?: boolean;
}

export interface ChannelPostsQuery {
  page: number;
  perPage: number;
  since: number;
  before: string;
  after: string;
  /** Root posts only (collapsed reply threads: replies show in their threads, not in the channel). */
  collapsedThreads: boolean;
}

const MAX_FILES_PER_POST = 10;
/** Mattermost's reason a plugin gives to drop a post without telling the user it was rejected. */
const DISMISS_POST = 'plugin.message_will_be_posted.dismiss_post';

export class PostService {
  #deps: PostDeps;
  /** Keeps create_at strictly increasing on this node so cursors never tie. */
  #lastCreateAt = 0;

  constructor(deps: PostDeps) {
    this.#deps = deps;
  }

  async create(actor: Actor, input: NewPostInput, options: { ctx?: HookContext; setOnline?: boolean } = {}): Promise<PostView> {
    const { permissions } = this.#deps;
    const { channelId, message, rootId, type, props, pendingPostId } = input;
    if (type.startsWith('system_') || type.length > 26) throw AppError.invalidParam('post.type', 'system_ types are the server\'s, and a type has at most 26 characters');
    if (input.fileIds.length > MAX_FILES_PER_POST) throw AppError.invalidParam('file_ids', `at most ${MAX_FILES_PER_POST} files per post`);
    const fileIds = [...new Set(input.fileIds)];
    checkMessage(message);

    // One load of the channel serves the permission check and the post.
    const access = await traced('permission', async () => {
      const found = await permissions.channelAccess(actor, channelId);
      if (!found) throw AppError.forbidden('create_post');
      await permissions.requireChannel(actor, found, 'create_post');
      return found;
    });
    const channel = access.channel;
    if (channel.deleteAt > 0) {
      throw AppError.badRequest('api.post.create_post.can_not_post_to_deleted.error', 'Cannot post to an archived channel.');
    }
    if (input.priority) {
      const recipients = { channelType: channel.type, countMentioned: () => this.#namedMembers(channel.id, actor.userId, message) };
      await checkPostPriority(input.priority, { ...this.priorityRequest(actor, rootId), ...recipients }, this.#deps.config.get().ServiceSettings);
    }
    const root = rootId === '' ? undefined : await this.checkRoot(rootId, channelId);
    const mayMentionChannel = await permissions.hasChannel(actor, access, 'use_channel_mentions');
    const draft = { userId: actor.userId, rootId, root, message, type, props, fileIds, pendingPostId, priority: input.priority, mayMentionChannel };
    return this.#post(channel, draft, options.ctx ?? {}, options.setOnline ?? true);
  }

  /**
   * Posts a system message (`system_*` type) the server itself writes: joins, leaves, channel changes.
   * Clients may not create these types; the message goes through the same hooks, counters and
   * `posted` event as any post, as in Mattermost.
   */
  createSystem(channel: Channel, message: SystemPost, ctx: HookContext = {}): Promise<PostView> {
    if (!message.type.startsWith('system_')) throw new Error(`not a system post type: ${message.type}`);
    return this.#post(channel, { ...message, rootId: '', fileIds: [], pendingPostId: '' }, ctx, true);
  }

  /** The create pipeline after validation: plugin veto, one insert with the counters it moves, then notifications. */
  async #post(channel: Channel, fields: NewPost, ctx: HookContext, setOnline: boolean): Promise<PostView> {
    const { store } = this.#deps;
    const channelId = channel.id;
    const rootId = fields.rootId;
    const now = this.#nextCreateAt();
    const draft = newPostRow({
      id: newId(),
      createAt: now,
      userId: fields.userId,
      channelId,
      rootId,
      message: fields.message,
      type: fields.type,
      props: fields.props,
      hashtags: parseHashtags(fields.message),
      fileIds: fields.fileIds,
      pendingPostId: fields.pendingPostId,
    });

    const verdict = await traced('hooks', () => this.#deps.hooks.messageWillBePosted(ctx, draft));
    if ('rejected' in verdict) {
      // A dismissed post is dropped with Mattermost's dedicated id so clients remove it quietly.
      if (verdict.rejected === DISMISS_POST) throw AppError.badRequest(DISMISS_POST, 'The post was dismissed by a plugin.', `plugin_id=${verdict.pluginId}`);
      throw AppError.badRequest('plugin.message_will_be_posted.rejected', `Post rejected by plugin. ${verdict.rejected}`, `plugin_id=${verdict.pluginId}`);
    }
    // A plugin may rewrite the message, never who posted where or when.
    const post = { ...verdict.post, id: draft.id, userId: draft.userId, channelId, rootId, createAt: now, updateAt: now } as Post;
    checkMessage(post.message);
    post.hashtags = parseHashtags(post.message);
    post.props = withActionIds(post.props);
    // Mattermost's rule: @channel, @all and @here from someone without use_channel_mentions (a
    // moderated channel) notify nobody, and clients are told not to highlight them.
    if (fields.mayMentionChannel === false && post.message.includes('@') && parseMentions(post.message).channelWide) {
      post.props = { ...post.props, [MENTION_HIGHLIGHT_DISABLED]: true };
    }

    const [sender, mentioned] = await traced('sql', () => Promise.all([store.users.findById(post.userId), this.#mentionedUserIds(channel, post)]));
    // Mattermost marks every post of a bot account, whoever wrote the props.
    if (sender?.isBot) post.props = { ...post.props, from_bot: 'true' };
    const { root } = fields;
    const service = this.#deps.config.get().ServiceSettings;
    const collapsedThreads = service.CollapsedThreads !== 'disabled';
    // A reply also keeps its thread and the thread's followers, in the same statement.
    const insert = async (posts: PostRepository): Promise<ReplyOutcome | undefined> => {
      if (root) return posts.insertReply(post, mentioned, { rootUserId: root.userId, autoFollow: service.ThreadAutoFollow, track: collapsedThreads });
      await posts.insertPosted(post, mentioned, fields.priority ?? null);
      return undefined;
    };
    const thread = await traced('sql', async () => {
      if (post.fileIds.length === 0) return insert(store.posts);
      return store.transaction(async (tx) => {
        post.fileIds = await tx.posts.attachFiles(post.fileIds.slice(0, MAX_FILES_PER_POST), post.userId, post.id, channelId, now);
        return insert(tx.posts);
      });
    });

    this.#deps.hooks.messageHasBeenPosted(ctx, post);
    // A reply's root is viewed with it (one query for both), for the followers' thread_updated.
    const replied = root && ({ ...root, lastReplyAt: Math.max(root.lastReplyAt, now), updateAt: Math.max(root.updateAt, now) } as Post);
    const followed = collapsedThreads && thread && thread.followers.length > 0 ? thread : undefined;
    const [[view, rootView], participants] = await traced('sql', () =>
      Promise.all([this.#views(replied ? [post, replied] : [post]), followed ? store.users.findByIds(followed.participants) : []]),
    );
    const data: Record<string, unknown> = { ...postNotificationFields(channel, sender), set_online: setOnline };
    if (mentioned.length > 0) data.mentions = JSON.stringify(mentioned);
    this.#deps.events.publish({ event: 'posted', data, subject: { kind: 'post', view }, broadcast: { channel_id: channelId } });
    if (followed) await this.#announceReply(channel.teamId, rootView, followed, participants, mentioned);
    // Only a root that asked for persistent notifications has any to stop (its view read the priority already).
    if (root && rootView?.priority?.persistentNotifications) await stopWhenAnswered(this.#deps, root, channel, post.userId);
    return view;
  }

  /**
   * thread_updated to each follower of a thread that got a reply: the thread as they now see it, and
   * their unread counts before the reply (Mattermost's: none for a new follower; a follower this
   * reply mentions had one mention fewer).
   */
  async #announceReply(teamId: string, root: PostView, thread: ReplyOutcome, participants: User[], mentioned: readonly string[]): Promise<void> {
    const byId = new Map(participants.map((u) => [u.id, u]));
    const profiles = { users: thread.participants.flatMap((id) => byId.get(id) ?? []), visibility: participantVisibility(this.#deps.config) };
    for (const follower of await this.#withCollapsedThreads(thread.followers)) {
      const view: ThreadView = {
        root,
        replyCount: thread.replyCount,
        lastReplyAt: thread.lastReplyAt,
        lastViewedAt: follower.lastViewed,
        unreadReplies: follower.unreadReplies,
        unreadMentions: follower.unreadMentions,
        participants: thread.participants,
        participantProfiles: profiles,
      };
      this.#deps.events.publish({
        event: 'thread_updated',
        data: {
          previous_unread_mentions: follower.isNew ? 0 : Math.max(follower.unreadMentions - (mentioned.includes(follower.userId) ? 1 : 0), 0),
          previous_unread_replies: follower.isNew ? 0 : Math.max(follower.unreadReplies - 1, 0),
        },
        subject: { kind: 'thread', thread: view },
        broadcast: broadcastTo(follower.userId, teamId),
      });
    }
  }

  /**
   * The followers whose clients show collapsed threads (Mattermost's IsCRTEnabledForUser): everyone
   * with `always_on`; with `default_on` / `default_off`, as each user's display setting says, else
   * as the default.
   */
  async #withCollapsedThreads(followers: ReplyFollower[]): Promise<ReplyFollower[]> {
    const setting = this.#deps.config.get().ServiceSettings.CollapsedThreads;
    if (setting === 'always_on') return followers;
    const chosen = await this.#deps.store.preferences.valuesOf(followers.map((f) => f.userId), 'display_settings', 'collapsed_reply_threads');
    return followers.filter((f) => (chosen.get(f.userId) ?? (setting === 'default_on' ? 'on' : 'off')) === 'on');
  }

  /** A live post the caller may read. */
  async get(actor: Actor, postId: string): Promise<PostView> {
    const { post } = await this.readable(actor, postId);
    return (await this.#views([post]))[0];
  }

  /** A live post and its channel, after checking the caller may read the channel. */
  async readable(actor: Actor, postId: string): Promise<{ post: Post; channel: Channel }> {
    const post = await this.#deps.store.posts.findById(postId);
    if (!post || post.deleteAt > 0) throw AppError.notFound('post', postId);
    const access = await this.#deps.permissions.channelAccess(actor, post.channelId);
    if (!access) throw AppError.notFound('post', postId);
    await this.#deps.permissions.requireReadChannel(actor, access, 'read_channel_content');
    return { post, channel: access.channel };
  }

  /** PUT /posts/{id} (replace: message and props) and PUT /posts/{id}/patch (only the fields given). */
  async update(actor: Actor, postId: string, input: PostChangesInput, options: { ctx?: HookContext } = {}): Promise<PostView> {
    const previous = await this.#editable(actor, postId, 'edit_post', 'edit_others_posts');
    const changes: PostChanges = {};
    if (input.message !== undefined) {
      checkMessage(input.message);
      changes.message = input.message;
    }
    if (input.props !== undefined) changes.props = input.props;
    if (input.fileIds !== undefined) {
      if (input.fileIds.length > MAX_FILES_PER_POST) throw AppError.invalidParam('file_ids', `at most ${MAX_FILES_PER_POST} files per post`);
      changes.fileIds = [...new Set(input.fileIds)];
    }
    if (input.isPinned !== undefined) changes.isPinned = input.isPinned;
    const ctx = options.ctx ?? {};
    const now = Date.now();
    const edited = changes.message !== undefined && changes.message !== previous.message;
    const next = { ...previous, ...changes, editAt: edited ? now : previous.editAt, updateAt: now } as Post;
    const verdict: PostVerdict = await this.#deps.hooks.messageWillBeUpdated(ctx, next, previous);
    if ('rejected' in verdict) throw AppError.badRequest('plugin.message_will_be_updated.rejected', `Post rejected by plugin. ${verdict.rejected}`, `plugin_id=${verdict.pluginId}`);
    const accepted = verdict.post;
    checkMessage(accepted.message);
    const filesChanged = !sameIds(accepted.fileIds, previous.fileIds);
    // The message an edit replaces is kept for the edit history (Mattermost keeps the whole old post).
    const replaced: PostEdit | undefined =
      accepted.message === previous.message ? undefined : { id: newId(), postId, message: previous.message, editAt: previous.editAt, replacedAt: now };
    const updated = await this.#save(
      postId,
      {
        message: accepted.message,
        hashtags: parseHashtags(accepted.message),
        props: withActionIds(accepted.props),
        isPinned: accepted.isPinned,
        // Only a changed message or changed files count as an edit (pins and props do not show "Edited").
        editAt: accepted.message !== previous.message || filesChanged ? now : previous.editAt,
        updateAt: now,
      },
      { files: filesChanged ? { previous, fileIds: accepted.fileIds.slice(0, MAX_FILES_PER_POST) } : undefined, replaced },
    );
    this.#deps.hooks.messageHasBeenUpdated(ctx, updated.post, previous);
    return updated;
  }

  async setPinned(actor: Actor, postId: string, pinned: boolean): Promise<void> {
    const { post, channel } = await this.readable(actor, postId);
    if (channel.deleteAt > 0) throw archivedUpdate();
    if (post.isPinned === pinned) return;
    await this.#save(postId, { isPinned: pinned, updateAt: Date.now() });
  }

  /** Soft-deletes a post and its replies. */
  async delete(actor: Actor, postId: string, ctx: HookContext = {}): Promise<void> {
    const post = await this.#editable(actor, postId, 'delete_post', 'delete_others_posts');
    const now = Date.now();
    await this.#deps.store.transaction(async (tx) => {
      await tx.posts.softDelete(postId, now);
      // A deleted root post stops its persistent notifications (Mattermost's DeletePersistentNotification).
      if (post.rootId === '') await tx.persistentNotifications.retire([postId], now);
    });
    const deleted = { ...post, deleteAt: now, updateAt: now } as Post;
    const [view] = await this.#views([deleted]);
    this.#deps.events.publish({
      event: 'post_deleted',
      data: { delete_by: actor.userId },
      subject: { kind: 'post', view },
      broadcast: { channel_id: post.channelId },
    });
    this.#deps.hooks.messageHasBeenDeleted(ctx, deleted);
  }

  /** GET /channels/{id}/posts: by page, changed since a time, or before/after a post. */
  async listForChannel(actor: Actor, channelId: string, query: ChannelPostsQuery): Promise<PostListView> {
    const { store } = this.#deps;
    await this.#deps.permissions.requireReadChannel(actor, channelId, 'read_channel_content');

    const rootsOnly = query.collapsedThreads;
    if (query.since > 0) return this.#list(await store.posts.listChangedSince(channelId, query.since, rootsOnly), '', '');
    const offset = query.page * query.perPage;
    const cursorId = query.before || query.after;
    if (!cursorId) return this.#list(await store.posts.listChannel(channelId, { offset, limit: query.perPage, rootsOnly }), '', '');

    const cursor = await store.posts.findById(cursorId);
    if (!cursor || cursor.channelId !== channelId) return this.#list([], '', '');
    const before = query.before !== '';
    const page = { offset, limit: query.perPage, rootsOnly };
    const posts = await store.posts.listChannel(channelId, before ? { ...page, before: cursor.createAt } : { ...page, after: cursor.createAt });
    // Mattermost's cursor rules: the first page points back at the cursor; a short page means the end.
    const short = posts.length < query.perPage;
    let next = before && query.page === 0 ? cursorId : null;
    let prev = !before && query.page === 0 ? cursorId : null;
    if (before && short) prev = '';
    if (!before && short) next = '';
    if (posts.length > 0) {
      next ??= await store.posts.idAfter(channelId, posts[0].createAt, rootsOnly);
      prev ??= await store.posts.idBefore(channelId, posts[posts.length - 1].createAt, rootsOnly);
    }
    return this.#list(posts, next ?? '', prev ?? '');
  }

  /** The whole thread of a post (root and replies), newest first. */
  async thread(actor: Actor, postId: string): Promise<PostListView> {
    const { post } = await this.readable(actor, postId);
    const posts = await this.#deps.store.posts.findThread(post.rootId || post.id);
    if (!posts.some((p) => p.id === (post.rootId || post.id))) throw AppError.notFound('post', postId);
    const list = await this.#list(posts.reverse(), '', '');
    return { ...list, hasNext: false };
  }

  async pinned(actor: Actor, channelId: string): Promise<PostListView> {
    await this.#deps.permissions.requireReadChannel(actor, channelId, 'read_channel_content');
    return this.#list(await this.#deps.store.posts.findPinned(channelId), '', '');
  }

  /**
   * GET /posts/{id}/edit_history: the post's earlier messages, the most recently replaced first, each
   * as the post was then. Only its author may read them, as Mattermost (who answers 403 for a post
   * that does not exist, too).
   */
  async editHistory(actor: Actor, postId: string): Promise<Array<{ view: PostView; edit: PostEdit }>> {
    const post = await this.#deps.store.posts.findById(postId);
    if (!post || post.deleteAt > 0 || post.userId !== actor.userId) throw AppError.forbidden('edit_post');
    await this.#deps.permissions.requireChannel(actor, post.channelId, 'edit_post');
    const edits = await this.#deps.store.posts.editHistory(postId);
    if (edits.length === 0) throw new AppError('app.post.get.app_error', 404, 'The post has not been edited.', { details: `post_id=${postId}` });
    const [current] = await this.#views([post]);
    return edits.map((edit) => ({ view: { ...current, post: { ...post, message: edit.message, editAt: edit.editAt } as Post }, edit }));
  }

  /**
   * POST /posts/{id}/restore/{edit id}: the post's message becomes the one of that entry of its edit
   * history again — an edit like any other (the message it replaces joins the history). Only its
   * author may, as Mattermost.
   */
  async restoreVersion(actor: Actor, postId: string, editId: string, options: { ctx?: HookContext } = {}): Promise<PostView> {
    const edit = await this.#deps.store.posts.findEdit(editId);
    if (!edit) throw new AppError('app.post.restore_post_version.get_single.app_error', 404, 'That earlier version of the message does not exist.', { details: `restore_version_id=${editId}` });
    if (edit.postId !== postId) throw new AppError('app.post.restore_post_version.not_an_history_item.app_error', 400, 'That version belongs to another message.', { details: `post_id=${postId} restore_version_id=${editId}` });
    const post = await this.#deps.store.posts.findById(postId);
    if (!post || post.userId !== actor.userId) throw new AppError('app.post.restore_post_version.not_allowed.app_error', 403, 'Only the author of a message can restore an earlier version of it.', { details: `post_id=${postId}` });
    return this.update(actor, postId, { message: edit.message }, options);
  }

  /** POST /posts/ids: the live posts among `postIds` in channels the caller may read, oldest first; the others are left out. */
  async byIds(actor: Actor, postIds: readonly string[]): Promise<PostView[]> {
    const posts = (await this.#deps.store.posts.findByIds([...new Set(postIds)])).filter((p) => p.deleteAt === 0);
    const channelIds = [...new Set(posts.map((p) => p.channelId))];
    const readable = await Promise.all(channelIds.map((id) => this.#deps.permissions.canReadChannel(actor, id, 'read_channel_content')));
    const allowed = new Set(channelIds.filter((_, i) => readable[i]));
    return this.#views(posts.filter((p) => allowed.has(p.channelId)).sort((a, b) => a.createAt - b.createAt || a.id.localeCompare(b.id)));
  }

  /**
   * GET /users/{id}/posts/flagged: the posts a user saved, newest first, in one team (with their direct
   * messages) or one channel when given; only posts of channels the user is in.
   */
  async flagged(actor: Actor, userId: string, scope: { teamId: string; channelId: string }, page: { offset: number; limit: number }): Promise<PostListView> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    if (scope.channelId !== '') await this.#deps.permissions.requireReadChannel(actor, scope.channelId, 'read_channel_content');
    return this.#list(await this.#deps.store.posts.listFlagged(userId, scope, page), '', '');
  }

  /** Wire views of posts the caller was already allowed to see, in the given order. */
  viewsOf(posts: Post[]): Promise<PostView[]> {
    return this.#views(posts);
  }

  /** A list of posts the caller was already allowed to see (search results), in the given order. */
  listOf(posts: Post[]): Promise<PostListView> {
    return this.#list(posts, '', '');
  }

  /** Wire views of posts: their reply counts, files, reactions, priorities and acknowledgements loaded together. */
  async #views(posts: Post[]): Promise<PostView[]> {
    if (posts.length === 0) return [];
    const { replyCounts, files, reactions, participants, priorities, acknowledgements } = await this.#deps.store.posts.decorations(
      posts.map((p) => p.id),
      [...new Set(posts.map((p) => p.rootId || p.id))],
      posts.some((p) => p.fileIds.length > 0),
    );
    const filesOf = groupBy(files, (f) => f.postId);
    const reactionsOf = groupBy(reactions, (r) => r.postId);
    // As Mattermost: with PostPriority off, posts show neither their priority nor their acknowledgements.
    const prioritized = this.#deps.config.get().ServiceSettings.PostPriority;
    const acknowledgementsOf = groupBy(prioritized ? acknowledgements : [], (a) => a.postId);
    return posts.map((post) => ({
      post,
      replyCount: replyCounts.get(post.rootId || post.id) ?? 0,
      participants: post.rootId === '' ? participants.get(post.id) : undefined,
      files: filesOf.get(post.id) ?? [],
      reactions: reactionsOf.get(post.id) ?? [],
      priority: prioritized ? priorities.get(post.id) : undefined,
      acknowledgements: acknowledgementsOf.get(post.id) ?? [],
    }));
  }

  /** A list in `order`, plus the roots of its replies (so clients can show "commented on"). */
  async #list(posts: Post[], nextPostId: string, prevPostId: string): Promise<PostListView> {
    const have = new Set(posts.map((p) => p.id));
    const missingRoots = [...new Set(posts.map((p) => p.rootId).filter((id) => id !== '' && !have.has(id)))];
    const roots = (await this.#deps.store.posts.findByIds(missingRoots)).filter((p) => p.deleteAt === 0);
    return { order: posts.map((p) => p.id), posts: await this.#views([...posts, ...roots]), nextPostId, prevPostId };
  }

  /**
   * Saves changes to a post. With `files`, the post's files become `files.fileIds`: those it no
   * longer names are deleted, new ones are attached under the same rules as on create.
   */
  async #save(postId: string, changes: PostChanges, edit: { files?: { previous: Post; fileIds: string[] }; replaced?: PostEdit } = {}): Promise<PostView> {
    const { store } = this.#deps;
    const { files, replaced } = edit;
    const saved =
      files === undefined && replaced === undefined
        ? await store.posts.update(postId, changes)
        : await store.transaction(async (tx) => {
            if (replaced) await tx.posts.recordEdit(replaced);
            if (!files) return tx.posts.update(postId, changes);
            const { previous, fileIds } = files;
            const now = changes.updateAt ?? Date.now();
            const kept = previous.fileIds.filter((id) => fileIds.includes(id));
            await tx.posts.deleteFilesExcept(postId, kept, now);
            const added = await tx.posts.attachFiles(fileIds.filter((id) => !kept.includes(id)), previous.userId, postId, previous.channelId, now);
            return tx.posts.update(postId, { ...changes, fileIds: [...kept, ...added] });
          });
    if (!saved) throw AppError.notFound('post', postId);
    const [view] = await this.#views([saved]);
    this.#deps.events.publish({ event: 'post_edited', subject: { kind: 'post', view }, broadcast: { channel_id: saved.channelId } });
    return view;
  }

  /** A live post the caller may change: `own` permission for their posts, `others` for anyone else's. */
  async #editable(actor: Actor, postId: string, own: string, others: string): Promise<Post> {
    const post = await this.#deps.store.posts.findById(postId);
    if (!post || post.deleteAt > 0) throw AppError.notFound('post', postId);
    const access = await this.#deps.permissions.channelAccess(actor, post.channelId);
    if (!access) throw AppError.notFound('post', postId);
    await this.#deps.permissions.requireChannel(actor, access, post.userId === actor.userId ? own : others);
    if (access.channel.deleteAt > 0) throw archivedUpdate();
    return post;
  }

  /** Who asks for a priority on a post in `rootId`'s thread ('' for a root), for the checks of post-priority.ts. */
  priorityRequest(actor: Actor, rootId: string): PriorityRequest {
    return { userId: actor.userId, rootId, authorIsGuest: async () => isGuestRoles(parseRoles((await this.#deps.store.users.findById(actor.userId))?.roles ?? '')) };
  }

  /** The live root post a reply in `channelId` may answer (not itself a reply); 400 otherwise. */
  async checkRoot(rootId: string, channelId: string): Promise<Post> {
    const root = await this.#deps.store.posts.findById(rootId);
    if (!root || root.deleteAt > 0 || root.rootId !== '') {
      throw AppError.badRequest('api.post.create_post.root_id.app_error', 'Invalid root_id: it must be a live post that is not itself a reply.', `root_id=${rootId}`);
    }
    if (root.channelId !== channelId) {
      throw AppError.badRequest('api.post.create_post.channel_root_id.app_error', 'Invalid root_id: the root post is in another channel.', `root_id=${rootId}`);
    }
    return root;
  }

  /** Members whose mention count this post raises: everyone else in DMs and group messages, else those @-mentioned. */
  async #mentionedUserIds(channel: Channel, post: Post): Promise<string[]> {
    const everyMessageMentions = channel.type === 'D' || channel.type === 'G';
    // Every mention starts with "@": most messages need no look-up of the channel's members at all.
    if (!everyMessageMentions && !post.message.includes('@')) return [];
    const candidates = (await this.#deps.store.posts.mentionCandidates(channel.id)).filter((c) => c.userId !== post.userId);
    if (channel.type === 'D' || channel.type === 'G') return candidates.map((c) => c.userId);
    const { names, channelWide } = parseMentions(post.message);
    const notifiesChannel = channelWide && post.props[MENTION_HIGHLIGHT_DISABLED] !== true;
    return candidates.filter((c) => names.has(c.username) || (notifiesChannel && !c.ignoresChannelMentions)).map((c) => c.userId);
  }

  /**
   * How many members of the channel, besides the author, the message mentions by name: the
   * recipients of persistent notifications (channel-wide mentions do not count).
   */
  async #namedMembers(channelId: string, authorId: string, message: string): Promise<number> {
    const { names } = parseMentions(message);
    if (names.size === 0) return 0;
    const candidates = await this.#deps.store.posts.mentionCandidates(channelId);
    return candidates.filter((c) => c.userId !== authorId && names.has(c.username)).length;
  }

  #nextCreateAt(): number {
    this.#lastCreateAt = Math.max(Date.now(), this.#lastCreateAt + 1);
    return this.#lastCreateAt;
  }
}

function archivedUpdate(): AppError {
  return new AppError('api.post.update_post.can_not_update_post_in_deleted.error', 403, 'Cannot change posts in an archived channel.');
}

function checkMessage(message: string): void {
  if (runeCount(message) > MAX_MESSAGE_RUNES) {
    throw AppError.badRequest('model.post.is_valid.msg.app_error', `The message is longer than ${MAX_MESSAGE_RUNES} characters.`);
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** `items` by `key`, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
