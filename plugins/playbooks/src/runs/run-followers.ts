// Following runs, as Mattermost Playbooks does (server/app/playbook_run_service.go: Follow, Unfollow,
// GetFollowers, dmPostToRunFollowers, dmPostToAutoFollows; server/app/playbook_service.go: AutoFollow):
// a run's participants follow it, so do the playbook's auto-followers when it starts, and anyone
// who may see a run may follow it. Followers get its news by direct message from the bot.
import type { PluginAPI } from '@parley/plugin-api';
import { notAuthorized } from '../http/playbooks-error.ts';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import { ensurePlaybooksBot } from '../playbooks-bot.ts';
import type { FollowStore } from '../store/follow-store.ts';
import { requireViewRun } from './run-access.ts';
import type { Run } from './run.ts';

/** What a follower is sent: a plain message, or a post with its type and props (a status update). */
export type FollowerMessage = { message: string; type?: string; props?: Record<string, unknown> };

export class RunFollowers {
  #api: PluginAPI;
  #store: FollowStore;
  #playbooks: PlaybookService;

  constructor(api: PluginAPI, store: FollowStore, playbooks: PlaybookService) {
    this.#api = api;
    this.#store = store;
    this.#playbooks = playbooks;
  }

  follow(runId: string, userIds: string[]): Promise<void> {
    return this.#store.follow(runId, userIds);
  }

  unfollow(runId: string, userId: string): Promise<void> {
    return this.#store.unfollow(runId, userId);
  }

  of(runId: string): Promise<string[]> {
    return this.#store.followers(runId);
  }

  /** A new run: followed by its participants and its playbook's auto-followers; the auto-followers are told it started. */
  async startFollowing(run: Run, startMessage: string): Promise<void> {
    const autoFollowers = await this.#store.autoFollows(run.playbook_id);
    await this.#store.follow(run.id, [...new Set([...run.participant_ids, ...autoFollowers])]);
    await this.#send(run, autoFollowers, run.reporter_user_id, { message: startMessage });
  }

  /** Sends the followers, the author excepted, a direct message from the bot; one that fails is logged. */
  async tell(run: Run, authorId: string, message: FollowerMessage): Promise<void> {
    await this.#send(run, await this.#store.followers(run.id), authorId, message);
  }

  /** GET /playbooks/{id}/autofollows: for those who may see the playbook. */
  async autoFollowsOf(caller: PlaybookAccess, playbookId: string): Promise<string[]> {
    await this.#playbooks.get(caller, playbookId);
    return this.#store.autoFollows(playbookId);
  }

  /**
   * PUT/DELETE /playbooks/{id}/autofollows/{user_id}: oneself, or anyone for a system admin; the
   * user who follows must be able to see the playbook (Mattermost checks the followed-to-be).
   */
  async setAutoFollow(caller: PlaybookAccess, playbookId: string, userId: string, following: boolean): Promise<void> {
    if (userId !== caller.userId && !(await caller.isSystemAdmin())) throw notAuthorized(`user ${caller.userId} may not make another user auto-follow playbook ${playbookId}`);
    await this.#playbooks.get(new PlaybookAccess(this.#api, userId), playbookId);
    await this.#store.setAutoFollow(playbookId, userId, following);
  }

  /** Mattermost's dmPostToUsersWithPermission: nobody is told of a run they may not see. */
  async #send(run: Run, userIds: string[], authorId: string, message: FollowerMessage): Promise<void> {
    const recipients = userIds.filter((userId) => userId !== authorId);
    if (recipients.length === 0) return;
    const playbook = await this.#playbooks.find(run.playbook_id).catch(() => null);
    const botId = await ensurePlaybooksBot(this.#api);
    for (const userId of recipients) {
      const mayView = await requireViewRun(new PlaybookAccess(this.#api, userId), run, playbook).then(() => true, () => false);
      if (!mayView) continue;
      try {
        const channel = await this.#api.channels.getDirect(botId, userId);
        await this.#api.posts.create({ ...message, channel_id: channel.id, user_id: botId });
      } catch (err) {
        this.#api.log.warn('playbooks: a message to a run follower failed', { run_id: run.id, user_id: userId, error: (err as Error).message });
      }
    }
  }
}
