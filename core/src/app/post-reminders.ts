// Post reminders, Mattermost's "Remind me" on a post: POST /users/{user_id}/posts/{post_id}/reminder
// {target_time} stores one reminder per user and post (a new time replaces the old) and shows the user
// an ephemeral acknowledgement; when the time comes, the system bot sends them a direct message of
// type `reminder` linking to the post (props team_name, post_id, username: what Mattermost's clients
// render it from). A sweep every 30 seconds delivers what is due (Mattermost's job runs every 5 minutes).
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Post } from '../store/entities/post.ts';
import type { PostReminder } from '../store/post-reminder-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { systemActor, userActorOf, type Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { BotService } from './bot-service.ts';
import type { ChannelService } from './channel-service.ts';
import { newId } from './ids.ts';
import { newPostRow } from './new-post-row.ts';
import type { PermissionService } from './permission-service.ts';
import type { PostService } from './post-service.ts';
import { startPeriodicSweep } from './periodic-sweep.ts';
import { systemBotId } from './system-bot.ts';
import { parseRoles } from './roles.ts';

export interface PostReminderDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  posts: PostService;
  channels: ChannelService;
  bots: BotService;
}

export const REMINDER_SWEEP_INTERVAL_MS = 30_000;
/** Reminders delivered per statement; a sweep goes on until none is due. */
const DELIVERY_BATCH = 100;
/** 9999-12-31T23:59:59Z: a larger target_time is not a time in seconds (most likely milliseconds). */
const LATEST_TARGET_TIME = 253_402_300_799;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class PostReminders {
  #deps: PostReminderDeps;

  constructor(deps: PostReminderDeps) {
    this.#deps = deps;
  }

  /** Sets `userId`'s reminder about a post they can read, at `targetTime` (Unix seconds; a past time is due at once). */
  async set(actor: Actor, userId: string, postId: string, targetTime: unknown): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    if (typeof targetTime !== 'number' || !Number.isSafeInteger(targetTime) || targetTime <= 0 || targetTime > LATEST_TARGET_TIME) {
      throw AppError.invalidParam('target_time', 'must be the time to remind at, in whole seconds since 1970-01-01 UTC');
    }
    const { post, channel } = await this.#deps.posts.readable(actor, postId);
    await this.#deps.store.postReminders.set({ postId, userId, targetTime });
    const { teamName, username } = await this.#metadata(post, channel.teamId);
    const acknowledgement = newPostRow({
      id: newId(),
      createAt: Date.now(),
      userId,
      channelId: channel.id,
      rootId: postId,
      message: `You will be reminded about ${this.#permalink(teamName, postId)} by @${username} at ${rfc822(targetTime)}`,
      type: 'system_ephemeral',
      props: { target_time: targetTime, team_name: teamName, post_id: postId, username, type: 'reminder' },
      hashtags: '',
      fileIds: [],
      pendingPostId: '',
    });
    this.#deps.events.publish({
      event: 'ephemeral_message',
      subject: { kind: 'post', view: { post: acknowledgement, replyCount: 0, files: [], reactions: [], acknowledgements: [] } },
      broadcast: { user_id: userId, channel_id: channel.id },
    });
  }

  /** Delivers every reminder due at `now` (ms); answers how many were delivered. */
  async deliverDue(now = Date.now()): Promise<number> {
    let delivered = 0;
    for (;;) {
      const due = await this.#deps.store.postReminders.takeDue(Math.floor(now / 1000), DELIVERY_BATCH);
      for (const reminder of due) {
        try {
          if (await this.#deliver(reminder)) delivered++;
        } catch (err) {
          this.#deps.logger.warn('could not deliver a post reminder', { err, post_id: reminder.postId, user_id: reminder.userId });
        }
      }
      if (due.length < DELIVERY_BATCH) return delivered;
    }
  }

  /** Starts delivering due reminders on a clock; answers the function that stops it. */
  start(intervalMs = REMINDER_SWEEP_INTERVAL_MS): () => Promise<void> {
    return startPeriodicSweep(() => this.deliverDue(), { intervalMs, logger: this.#deps.logger, failure: 'could not deliver the post reminders due' });
  }

  /**
   * The system bot's direct message to the user; nothing for a post deleted meanwhile, a user gone, or
   * a user who may no longer read the post's channel (the message would name its author).
   */
  async #deliver({ postId, userId }: PostReminder): Promise<boolean> {
    const { store, channels, posts, permissions } = this.#deps;
    const [post, user] = await Promise.all([store.posts.findById(postId), store.users.findById(userId)]);
    if (!post || post.deleteAt > 0 || !user || user.deleteAt > 0) return false;
    const reader = userActorOf({ id: user.id, roles: parseRoles(user.roles) });
    const access = await permissions.channelAccess(reader, post.channelId);
    if (!access || !(await permissions.canReadChannel(reader, access, 'read_channel_content'))) return false;
    const { channel } = access;
    const { teamName, username } = await this.#metadata(post, channel.teamId);
    const botId = await systemBotId(this.#deps.bots);
    const bot = systemActor(botId);
    const direct = await channels.getOrCreateDirect(bot, [userId, botId]);
    await posts.create(
      bot,
      {
        channelId: direct.id,
        message: `Hi there, here's your reminder about this message from @${username}: ${this.#permalink(teamName, postId)}`,
        rootId: '',
        type: 'reminder',
        props: { team_name: teamName, post_id: postId, username },
        fileIds: [],
        pendingPostId: '',
        priority: null,
      },
      { setOnline: false },
    );
    return true;
  }

  /** The post's team name ('' in a direct or group message) and its author's username. */
  async #metadata(post: Post, teamId: string): Promise<{ teamName: string; username: string }> {
    const [team, author] = await Promise.all([teamId ? this.#deps.store.teams.findById(teamId) : null, this.#deps.store.users.findById(post.userId)]);
    return { teamName: team?.name ?? '', username: author?.username ?? '' };
  }

  #permalink(teamName: string, postId: string): string {
    const siteUrl = this.#deps.config.get().ServiceSettings.SiteURL.replace(/\/+$/, '');
    return teamName ? `${siteUrl}/${teamName}/pl/${postId}` : `${siteUrl}/pl/${postId}`;
  }
}

/** Go's time.RFC822 in UTC ("05 Dec 26 23:30 UTC"), the format of Mattermost's acknowledgement. */
function rfc822(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}
