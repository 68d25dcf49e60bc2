// Scheduled posts (ServiceSettings.ScheduledPosts), as Mattermost: a user writes a message now and
// it is posted as them at `scheduled_at`. Saving checks what posting will (a channel they belong to
// and may post in, not archived, a live thread root, Mattermost's draft limits, a time not in the
// past); each change is announced to the author's other connections (`scheduled_post_created`,
// `_updated`, `_deleted`). A sweep every 15 seconds posts what is due as its author — the same
// pipeline as POST /posts, webhooks and plugin hooks included — and removes it (`_deleted`); one that
// can no longer be posted keeps Mattermost's error code (`channel_archived`, `no_channel_member`,
// `thread_deleted`, …) for the author to see, reschedule or delete (`_updated`). The priority is
// checked when saving (Mattermost's postPriorityCheck) and again when posting, as a new post's (one
// no longer allowed then fails as `invalid_post`).
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { ScheduledPost } from '../store/scheduled-post-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { userActorOf, type Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import { checkDraft, type DraftInput } from './draft-service.ts';
import { newId } from './ids.ts';
import { checkPriorityRequest, storedPriority } from './post-priority.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import { startPeriodicSweep } from './periodic-sweep.ts';
import { parseRoles } from './roles.ts';
import type { ScheduledPostView, TeamScheduledPosts } from './scheduled-post-view.ts';

export interface ScheduledPostDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  posts: PostService;
}

/** A scheduled post as the client sends it: a draft with its time (Unix ms), and its id on update. */
export interface ScheduledPostInput extends DraftInput {
  id: string;
  scheduledAt: number;
}

export const SCHEDULED_POST_SWEEP_INTERVAL_MS = 15_000;
/** Mattermost accepts a time up to 5 s past, for slow connections. */
const PAST_TOLERANCE_MS = 5000;
/** Posts claimed per statement; a sweep goes on until none is due. */
const SEND_BATCH = 50;
/** A claim this old belongs to a node that died while posting: the post is tried again. */
const STALE_CLAIM_MS = 5 * 60_000;

export class ScheduledPosts {
  #deps: ScheduledPostDeps;

  constructor(deps: ScheduledPostDeps) {
    this.#deps = deps;
  }

  /** POST /posts/schedule: the author is always the caller. */
  async create(actor: Actor, input: ScheduledPostInput, connectionId: string): Promise<ScheduledPostView> {
    this.#requireEnabled();
    await this.#checkPostable(actor, input);
    const now = Date.now();
    const scheduled: ScheduledPost = {
      id: newId(),
      userId: actor.userId,
      channelId: input.channelId,
      rootId: input.rootId,
      createAt: now,
      updateAt: now,
      message: input.message,
      props: input.props,
      fileIds: [...new Set(input.fileIds)],
      priority: input.priority,
      scheduledAt: input.scheduledAt,
      processedAt: 0,
      errorCode: '',
    };
    await this.#deps.store.scheduledPosts.insert(scheduled);
    return this.#announce('scheduled_post_created', scheduled, connectionId);
  }

  /**
   * PUT /posts/schedule/{id}: the author changes the message, files, props, priority and time (the
   * channel and thread stay); a post that had failed waits again.
   */
  async update(actor: Actor, id: string, input: ScheduledPostInput, connectionId: string): Promise<ScheduledPostView> {
    this.#requireEnabled();
    if (input.id !== id) throw new AppError('api.context.invalid_url_param.app_error', 400, 'The scheduled post id in the body must match the one in the URL.', { details: 'parameter=scheduled_post_id' });
    const existing = await this.#own(actor, id, 'update');
    await this.#checkPostable(actor, { ...input, channelId: existing.channelId, rootId: existing.rootId });
    const updated = await this.#deps.store.scheduledPosts.update(id, {
      updateAt: Date.now(),
      message: input.message,
      props: input.props,
      fileIds: [...new Set(input.fileIds)],
      priority: input.priority,
      scheduledAt: input.scheduledAt,
    });
    if (!updated) throw notFound('update', id);
    return this.#announce('scheduled_post_updated', updated, connectionId);
  }

  /** DELETE /posts/schedule/{id}: answers what was deleted. */
  async delete(actor: Actor, id: string, connectionId: string): Promise<ScheduledPostView> {
    this.#requireEnabled();
    await this.#own(actor, id, 'delete');
    const deleted = await this.#deps.store.scheduledPosts.delete(id);
    if (!deleted) throw notFound('delete', id);
    return this.#announce('scheduled_post_deleted', deleted, connectionId);
  }

  /** GET /posts/scheduled/team/{team_id}[?includeDirectChannels=true]: the caller's own, soonest first. */
  async listForTeam(actor: Actor, teamId: string, includeDirectChannels: boolean): Promise<TeamScheduledPosts> {
    this.#requireEnabled();
    await this.#deps.permissions.requireTeam(actor, teamId, 'view_team');
    const { scheduledPosts } = this.#deps.store;
    const [team, direct] = await Promise.all([
      scheduledPosts.listForUser(actor.userId, teamId),
      includeDirectChannels ? scheduledPosts.listForUser(actor.userId, '') : undefined,
    ]);
    return {
      teamId,
      team: await Promise.all(team.map((scheduled) => this.#view(scheduled))),
      ...(direct ? { directChannels: await Promise.all(direct.map((scheduled) => this.#view(scheduled))) } : {}),
    };
  }

  /** Posts everything due at `now` (ms); answers how many were posted. */
  async sendDue(now = Date.now()): Promise<number> {
    let posted = 0;
    for (;;) {
      const due = await this.#deps.store.scheduledPosts.claimDue(now, SEND_BATCH, STALE_CLAIM_MS);
      for (const scheduled of due) {
        if (await this.#send(scheduled)) posted++;
      }
      if (due.length < SEND_BATCH) return posted;
    }
  }

  /** Starts posting what is due on a clock; answers the function that stops it. */
  start(intervalMs = SCHEDULED_POST_SWEEP_INTERVAL_MS): () => Promise<void> {
    return startPeriodicSweep(() => this.sendDue(), { intervalMs, logger: this.#deps.logger, failure: 'could not send the scheduled posts due' });
  }

  /** Posts one claimed post as its author; on failure keeps it with the reason. */
  async #send(scheduled: ScheduledPost): Promise<boolean> {
    const { store, posts } = this.#deps;
    let errorCode = await this.#blocker(scheduled);
    if (errorCode === '') {
      try {
        const author = (await store.users.findById(scheduled.userId))!;
        const actor = userActorOf({ id: author.id, roles: parseRoles(author.roles) });
        const { channelId, rootId, message, props, fileIds } = scheduled;
        const priority = storedPriority(scheduled.priority);
        await posts.create(actor, { channelId, rootId, message, props, fileIds, type: '', pendingPostId: '', priority }, { setOnline: false });
        const removed = await store.scheduledPosts.delete(scheduled.id);
        if (removed) await this.#announce('scheduled_post_deleted', removed, '');
        return true;
      } catch (err) {
        errorCode = err instanceof AppError && err.status < 500 ? (err.status === 403 ? 'no_channel_permission' : 'invalid_post') : 'unknown';
        this.#deps.logger.warn('could not post a scheduled post', { err, scheduled_post_id: scheduled.id, error_code: errorCode });
      }
    }
    const failed = await store.scheduledPosts.fail(scheduled.id, errorCode, Date.now());
    if (failed) await this.#announce('scheduled_post_updated', failed, '');
    return false;
  }

  /** Why the post can no longer be posted (Mattermost's error codes), or '' when it can. */
  async #blocker(scheduled: ScheduledPost): Promise<string> {
    const { store, permissions } = this.#deps;
    const author = await store.users.findById(scheduled.userId);
    if (!author) return 'user_missing';
    if (author.deleteAt > 0) return 'user_deleted';
    const actor = userActorOf({ id: author.id, roles: parseRoles(author.roles) });
    const access = await permissions.channelAccess(actor, scheduled.channelId);
    if (!access) return 'channel_not_found';
    if (access.channel.deleteAt > 0) return 'channel_archived';
    if (!access.member) return 'no_channel_member';
    if (!(await permissions.hasChannel(actor, access, 'create_post'))) return 'no_channel_permission';
    if (scheduled.rootId !== '') {
      const root = await store.posts.findById(scheduled.rootId);
      if (!root || root.deleteAt > 0) return 'thread_deleted';
    }
    return '';
  }

  /** What saving checks, as posting will: a member who may post (and upload, for files), a live channel and root, the limits, a time to come. */
  async #checkPostable(actor: Actor, input: ScheduledPostInput): Promise<void> {
    const { permissions, posts } = this.#deps;
    const access = await permissions.channelAccess(actor, input.channelId);
    if (!access?.member) throw AppError.forbidden('create_post');
    await permissions.requireChannel(actor, access, 'create_post');
    if (input.fileIds.length > 0) await permissions.requireChannel(actor, access, 'upload_file');
    if (access.channel.deleteAt > 0) {
      throw AppError.badRequest('app.save_scheduled_post.channel_deleted.app_error', 'Messages cannot be scheduled in an archived channel.', `channel_id=${input.channelId}`);
    }
    if (input.rootId !== '') await posts.checkRoot(input.rootId, input.channelId);
    // Mattermost's postPriorityCheck; the recipients of persistent notifications are counted when posting.
    const priority = storedPriority(input.priority);
    if (priority) await checkPriorityRequest(priority, posts.priorityRequest(actor, input.rootId), this.#deps.config.get().ServiceSettings);
    checkDraft(input);
    if (input.message === '' && input.fileIds.length === 0) {
      throw AppError.badRequest('model.scheduled_post.is_valid.empty_post.app_error', 'A scheduled post needs a message or a file.');
    }
    if (input.scheduledAt < Date.now() - PAST_TOLERANCE_MS) {
      throw AppError.badRequest('model.scheduled_post.is_valid.scheduled_at.app_error', 'The time to post at (scheduled_at, Unix ms) has passed; choose a time to come.');
    }
  }

  /** The caller's own scheduled post: 404 when there is none, 403 when it is someone else's (Mattermost's ids per action). */
  async #own(actor: Actor, id: string, action: 'update' | 'delete'): Promise<ScheduledPost> {
    const existing = await this.#deps.store.scheduledPosts.findById(id);
    if (!existing) throw notFound(action, id);
    if (existing.userId !== actor.userId) {
      throw new AppError(`app.${action}_scheduled_post.${action}_permission.error`, 403, `You can only ${action} your own scheduled posts.`);
    }
    return existing;
  }

  async #view(scheduled: ScheduledPost): Promise<ScheduledPostView> {
    return { scheduled, files: await this.#deps.store.fileInfos.findUnattached(scheduled.fileIds, scheduled.userId) };
  }

  /** Tells the author's connections (but the one that made the change), and answers the post's view. */
  async #announce(event: string, scheduled: ScheduledPost, connectionId: string): Promise<ScheduledPostView> {
    const view = await this.#view(scheduled);
    this.#deps.events.publish({
      event,
      subject: { kind: 'scheduled_post', view },
      broadcast: { user_id: scheduled.userId, ...(connectionId ? { omit_connection_id: connectionId } : {}) },
    });
    return view;
  }

  #requireEnabled(): void {
    if (!this.#deps.config.get().ServiceSettings.ScheduledPosts) {
      throw AppError.badRequest('api.scheduled_posts.feature_disabled', 'Scheduled posts are turned off on this server (ServiceSettings.ScheduledPosts).');
    }
  }
}

function notFound(action: 'update' | 'delete', id: string): AppError {
  return new AppError(`app.${action}_scheduled_post.existing_scheduled_post.not_exist`, 404, 'There is no such scheduled post.', { details: `scheduled_post_id=${id}` });
}
