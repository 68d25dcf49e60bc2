// The run operations of the REST API, each for a caller and in Mattermost's order: find, check,
// validate, store (with the timeline event, under a compare-and-set on update_at), tell the clients.
import { HttpError, isValidId, newId, type Channel, type PluginAPI, type Post } from '@parley/plugin-api';
import { badRequest, notAuthorized } from '../http/playbooks-error.ts';
import type { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import { ITEM_STATES, type Checklist, type ChecklistItem, type Playbook } from '../playbooks/playbook.ts';
import type { RunFilter, RunStore } from '../store/run-store.ts';
import { requireManageRun, requireViewRun } from './run-access.ts';
import type { FollowerMessage, RunFollowers } from './run-followers.ts';
import { postRetrospectiveReminder } from './run-retrospective.ts';
import { publishPlaybooksEvent } from '../websocket-events.ts';
import { sendRunWebhooks } from './run-webhooks.ts';
import { runToWire, runUrl, settingsFromPlaybook, STATUS_FINISHED, STATUS_IN_PROGRESS, type Run, type TimelineEvent } from './run.ts';

export interface RunCreateInput {
  name: string;
  description: string;
  owner_user_id: string;
  team_id: string;
  playbook_id: string;
  channel_id: string;
  post_id: string;
  create_public_run: boolean | null;
}

export interface RunPage {
  total_count: number;
  page_count: number;
  has_more: boolean;
  items: Array<Record<string, unknown>>;
}

export type RunListOptions = Omit<RunFilter, 'teamIds' | 'viewerId'> & { teamId: string };

/** A change to a run: the run as it should be and the events to add, or null when nothing changes. */
export type Change = (run: Run, now: number) => Promise<{ run: Run; events: NewEvent[] } | null> | { run: Run; events: NewEvent[] } | null;
export type NewEvent = Pick<TimelineEvent, 'event_type'> & Partial<TimelineEvent>;

/** A run owner as Mattermost's `GET /runs/owners` answers it (OwnerInfo). */
export interface OwnerInfo {
  user_id: string;
  username: string;
  first_name: string;
  last_name: string;
  nickname: string;
}

/** One status update as Mattermost's `GET /runs/{id}/status-updates` answers it (StatusPostComplete). */
export interface StatusUpdate {
  id: string;
  create_at: number;
  delete_at: number;
  message: string;
  author_user_name: string;
}

/** The post type of a status update in the run channel. */
const STATUS_UPDATE_POST_TYPE = 'custom_run_update';

const MAX_TRIES = 5;
/** How often the reminder sweep runs; a reminder due sooner is also swept at its time. */
export const REMINDER_SWEEP_MS = 60_000;
export const REMINDER_SWEEP_KEY = 'status-reminders';
const REMINDER_SOON_KEY = 'status-reminders-soon';
/** The status reminder's "Update status" button (Mattermost's route): it opens the update dialog. */
export const REMINDER_BUTTON_PATH = '/api/v0/runs/{id}/reminder/button-update';

export class RunService {
  #api: PluginAPI;
  #store: RunStore;
  #playbooks: PlaybookService;
  #followers: RunFollowers;

  constructor(api: PluginAPI, store: RunStore, playbooks: PlaybookService, followers: RunFollowers) {
    this.#api = api;
    this.#store = store;
    this.#playbooks = playbooks;
    this.#followers = followers;
  }

  async create(caller: PlaybookAccess, input: RunCreateInput): Promise<Record<string, unknown>> {
    const name = input.name.trim();
    if (name === '') throw badRequest('playbooks.run.name_required', 'unable to create playbook run: a run needs a name');
    if (!isValidId(input.playbook_id)) throw badRequest('playbooks.run.playbook_id', 'unable to create playbook run: playbook_id must be the 26-character id of a playbook');
    if (!isValidId(input.owner_user_id)) throw badRequest('playbooks.run.owner_user_id', 'unable to create playbook run: owner_user_id must be the 26-character id of a user');
    if (input.channel_id !== '' && !isValidId(input.channel_id)) throw badRequest('playbooks.run.channel_id', 'unable to create playbook run: channel_id must be the 26-character id of a channel');
    const playbook = await this.#playbooks.find(input.playbook_id).catch(() => null);
    if (!playbook) throw notAuthorized(`user ${caller.userId} may not run playbook ${input.playbook_id}`);
    if (input.team_id !== '' && input.team_id !== playbook.team_id) throw badRequest('playbooks.run.team_id', 'unable to create playbook run: team_id must be the playbook\'s team');
    if (!(await caller.has(playbook, 'view')) || !(await caller.canViewTeam(playbook.team_id))) throw notAuthorized(`user ${caller.userId} may not run playbook ${playbook.id}`);
    if (playbook.delete_at !== 0) throw badRequest('playbooks.run.playbook_archived', 'unable to create playbook run: the playbook is archived; restore it first');
    if (!(await this.#onTeam(input.owner_user_id, playbook.team_id))) throw notAuthorized(`owner ${input.owner_user_id} is not a member of the playbook's team`);

    const now = Date.now();
    const settings = settingsFromPlaybook(playbook);
    const channelId = await this.#runChannel(caller, playbook, input, name);
    const invited: string[] = [];
    for (const userId of settings.invited_user_ids) if (await this.#onTeam(userId, playbook.team_id)) invited.push(userId);
    const participants = [...new Set([input.owner_user_id, caller.userId, ...invited])];
    for (const userId of participants) await this.#api.channels.addMember(channelId, userId).catch(() => undefined);
    const summary = input.description !== '' ? input.description : playbook.run_summary_template_enabled ? playbook.run_summary_template : '';
    const run: Run = {
      ...settings,
      invited_user_ids: invited,
      id: newId(),
      name,
      summary,
      summary_modified_at: summary !== '' ? now : 0,
      owner_user_id: input.owner_user_id,
      reporter_user_id: caller.userId,
      team_id: playbook.team_id,
      channel_id: channelId,
      post_id: input.post_id,
      playbook_id: playbook.id,
      create_at: now,
      update_at: now,
      end_at: 0,
      current_status: STATUS_IN_PROGRESS,
      last_status_update_at: 0,
      previous_reminder: settings.reminder_timer_default_seconds * 1e9,
      retrospective: playbook.retrospective_template,
      retrospective_published_at: 0,
      retrospective_was_canceled: false,
      checklists: runChecklists(playbook.checklists, now),
      status_posts: [],
      metrics_data: [],
      participant_ids: participants,
    };
    const reporter = await this.#username(caller.userId);
    await this.#store.create(run, this.#event(run, caller.userId, now, { event_type: 'incident_created', summary: `Run started by @${reporter}`, subject_user_id: caller.userId }));
    if (run.status_update_enabled && run.reminder_timer_default_seconds > 0) await this.#scheduleReminder(run.id, now + run.reminder_timer_default_seconds * 1000);
    const started = (what: string) => `@${reporter} started the run ${what} from the playbook **${playbook.title}**.${summary !== '' ? `\n\n${summary}` : ''}`;
    await this.#post(channelId, caller.userId, started(`**${name}**`));
    // Auto-followers hear of it away from the channel, so theirs links to the run.
    await this.#followers.startFollowing(run, started(`[${name}](${runUrl(run.id)})`));
    const wire = runToWire(run, await this.#store.timeline(run.id));
    await this.#publish('playbook_run_created', run, playbook, { playbook_run: wire });
    await sendRunWebhooks(this.#api, run.webhook_on_creation_urls, run, wire, { type: 'incident_created', at: run.create_at, user_id: run.reporter_user_id, payload: null });
    return wire;
  }

  /** A run the caller may change, as the API answers it; 404 or 403 otherwise. */
  async getManageable(caller: PlaybookAccess, id: string): Promise<Record<string, unknown>> {
    const run = await this.#find(id);
    await requireManageRun(caller, run);
    return runToWire(run, []);
  }

  async get(caller: PlaybookAccess, id: string): Promise<Record<string, unknown>> {
    const run = await this.#visible(caller, await this.#store.get(id), id);
    return runToWire(run, await this.#store.timeline(run.id));
  }

  async getByChannel(caller: PlaybookAccess, channelId: string): Promise<Record<string, unknown>> {
    const run = await this.#store.getByChannel(channelId);
    if (!run) throw new HttpError(404, 'playbooks.run.not_found', 'Not found', `no run in channel ${channelId}`);
    const visible = await this.#visible(caller, run, run.id);
    return runToWire(visible, await this.#store.timeline(visible.id));
  }

  async list(caller: PlaybookAccess, options: RunListOptions): Promise<RunPage> {
    const { teamIds, viewerId } = await this.#listScope(caller, options.teamId);
    const { total, items } = await this.#store.list({ ...options, teamIds, viewerId });
    const pageCount = options.perPage > 0 ? Math.ceil(total / options.perPage) : 0;
    return { total_count: total, page_count: pageCount, has_more: options.page + 1 < pageCount, items: items.map((run) => runToWire(run, [])) };
  }

  /**
   * GET /runs/owners: the owners of the runs the caller may see (in `teamId`, or in the caller's
   * teams), by username. Their first and last names only for system admins or when
   * PrivacySettings.ShowFullName is on, as Mattermost answers.
   */
  async owners(caller: PlaybookAccess, teamId: string): Promise<OwnerInfo[]> {
    const { teamIds, viewerId } = await this.#listScope(caller, teamId);
    const users = (await Promise.all((await this.#store.ownerIds(teamIds, viewerId)).map((userId) => this.#api.users.get(userId).catch(() => null)))).filter((user) => user !== null);
    const showFullName = viewerId === null || (await this.#api.config.getServerConfig()).PrivacySettings?.ShowFullName !== false;
    return users
      .map((user) => ({ user_id: user.id, username: user.username, first_name: showFullName ? user.first_name : '', last_name: showFullName ? user.last_name : '', nickname: user.nickname }))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** PATCH: the name (not empty) and the summary. */
  async update(caller: PlaybookAccess, id: string, patch: { name?: string; summary?: string }): Promise<Record<string, unknown>> {
    const name = patch.name?.trim();
    if (name === '') throw badRequest('playbooks.run.name_required', 'name must not be empty');
    return this.#change(caller, id, (run, now) => ({
      run: { ...run, ...(name !== undefined ? { name } : {}), ...(patch.summary !== undefined ? { summary: patch.summary.trim(), summary_modified_at: now } : {}) },
      events: [],
    }));
  }

  /**
   * Finishes a run: its status reminder is dropped, the channel (and the broadcast channels, when
   * the run broadcasts) told, and, when the run has a retrospective still to write, the channel is
   * reminded of it now and every retrospective_reminder_interval_seconds until it is published.
   */
  async finish(caller: PlaybookAccess, id: string): Promise<void> {
    let finishedNow = false;
    const finished = await this.#change(caller, id, async (run, now) => {
      finishedNow = run.current_status !== STATUS_FINISHED;
      if (!finishedNow) return null;
      return { run: { ...run, current_status: STATUS_FINISHED, end_at: now }, events: [{ event_type: 'run_finished', summary: `Run finished by @${await this.#username(caller.userId)}`, subject_user_id: caller.userId }] };
    });
    if (!finishedNow) return;
    const run = finished as unknown as Run;
    await this.#store.setReminder(run.id, 0);
    const message = `@${await this.#username(caller.userId)} marked [${run.name}](${runUrl(run.id)}) as finished.`;
    await this.#post(run.channel_id, caller.userId, message);
    await this.#followers.tell(run, caller.userId, { message });
    if (run.status_update_broadcast_channels_enabled) for (const channelId of run.broadcast_channel_ids) await this.#post(channelId, caller.userId, message);
    if (run.status_update_broadcast_webhooks_enabled) {
      await sendRunWebhooks(this.#api, run.webhook_on_status_update_urls, run, finished, { type: 'run_finished', at: run.end_at, user_id: caller.userId, payload: null });
    }
    if (run.retrospective_enabled && run.retrospective_published_at === 0) {
      await postRetrospectiveReminder(this.#api, run, true);
      const interval = run.retrospective_reminder_interval_seconds;
      await this.#store.setRetrospectiveReminder(run.id, interval > 0 ? Date.now() + interval * 1000 : 0);
      if (interval > 0) await this.#scheduleSoon(Date.now() + interval * 1000);
    }
  }

  async restore(caller: PlaybookAccess, id: string): Promise<void> {
    await this.#change(caller, id, async (run) => {
      if (run.current_status !== STATUS_FINISHED) return null;
      return { run: { ...run, current_status: STATUS_IN_PROGRESS, end_at: 0 }, events: [{ event_type: 'run_restored', summary: `Run restored by @${await this.#username(caller.userId)}`, subject_user_id: caller.userId }] };
    });
  }

  /** A new owner from the run's team, made a participant and a member of the run channel. */
  async changeOwner(caller: PlaybookAccess, id: string, ownerId: string): Promise<void> {
    if (!isValidId(ownerId)) throw badRequest('playbooks.run.owner_id', 'owner_id must be the 26-character id of a user');
    await this.#change(caller, id, async (run) => {
      if (run.owner_user_id === ownerId) return null;
      if (!(await this.#onTeam(ownerId, run.team_id))) throw badRequest('playbooks.run.owner_not_on_team', `user ${ownerId} is not a member of the run's team`);
      await this.#api.channels.addMember(run.channel_id, ownerId).catch(() => undefined);
      const [by, from, to] = await Promise.all([caller.userId, run.owner_user_id, ownerId].map((userId) => this.#username(userId)));
      return {
        run: { ...run, owner_user_id: ownerId, participant_ids: run.participant_ids.includes(ownerId) ? run.participant_ids : [...run.participant_ids, ownerId] },
        events: [{ event_type: 'owner_changed', summary: `@${by} changed owner from @${from} to @${to}`, subject_user_id: caller.userId }],
      };
    });
    // Taking part means following, as Mattermost's AddParticipants makes the new owner a follower.
    await this.#followers.follow(id, [ownerId]);
  }

  /**
   * A status update: posted in the run channel as the caller, broadcast to the broadcast channels
   * and the webhooks when the run says so, with the next reminder `reminderSeconds` from now.
   */
  async updateStatus(caller: PlaybookAccess, id: string, message: string, reminderSeconds: number): Promise<void> {
    if (message.trim() === '') throw badRequest('playbooks.run.status_message', 'message must not be empty');
    if (reminderSeconds < 0) throw badRequest('playbooks.run.status_reminder', 'reminder must not be negative');
    const current = await this.#find(id);
    await requireManageRun(caller, current);
    if (current.current_status === STATUS_FINISHED) throw badRequest('playbooks.run.finished', 'a finished run takes no status updates; restore it first');
    const author = await this.#username(caller.userId);
    const statusPost = { message, type: STATUS_UPDATE_POST_TYPE, props: runUpdateProps(current, author) };
    const post = await this.#api.posts.create({ ...statusPost, channel_id: current.channel_id, user_id: caller.userId });
    const updated = await this.#change(caller, id, (run, now) => ({
      run: { ...run, last_status_update_at: now, previous_reminder: reminderSeconds * 1e9, status_posts: [...run.status_posts, { id: post.id, create_at: post.create_at, delete_at: 0 }] },
      events: [{ event_type: 'status_updated', summary: `@${author} posted a status update`, post_id: post.id, subject_user_id: caller.userId }],
    }));
    await this.#scheduleReminder(id, reminderSeconds > 0 ? Date.now() + reminderSeconds * 1000 : 0);
    if (current.status_update_broadcast_channels_enabled) {
      for (const channelId of current.broadcast_channel_ids) await this.#post(channelId, caller.userId, `Status update for **${current.name}** by @${author}:\n\n${message}`);
    }
    await this.#followers.tell(current, caller.userId, statusPost);
    if (current.status_update_broadcast_webhooks_enabled) {
      // Mattermost's StatusUpdateOptions: the reminder in nanoseconds (a Go duration).
      const payload = { message, reminder: reminderSeconds * 1e9, finish_run: false };
      await sendRunWebhooks(this.#api, current.webhook_on_status_update_urls, current, updated, { type: 'status_updated', at: post.create_at, user_id: caller.userId, payload });
    }
  }

  /** Sets an item's state (open is the empty state, as Mattermost stores it). */
  async setItemState(caller: PlaybookAccess, id: string, checklist: number, item: number, state: string): Promise<void> {
    if (!ITEM_STATES.includes(state)) throw badRequest('playbooks.run.item_state', 'new_state must be one of "" (open), in_progress, closed or skipped');
    await this.#changeItem(caller, id, checklist, item, async (found, now) => {
      if (found.state === state) return null;
      const who = await this.#username(caller.userId);
      const what = state === 'closed' ? 'checked off' : state === '' ? 'unchecked' : state === 'skipped' ? 'skipped' : 'started';
      return { item: { ...found, state, state_modified: now }, event: { event_type: 'task_state_modified', summary: `@${who} ${what} checklist item "${found.title}"`, subject_user_id: caller.userId } };
    });
  }

  /**
   * Runs an item's slash command as the caller in the run channel (Mattermost's
   * RunChecklistItemSlashCommand): the command has the caller's own permissions. A command that
   * fails is told to the caller in the channel; one that ran is recorded on the item
   * (command_last_run) and in the timeline. Answers the trigger id the caller's client knows.
   */
  async runItemCommand(caller: PlaybookAccess, id: string, checklist: number, item: number): Promise<{ trigger_id: string }> {
    const run = await this.#find(id);
    await requireManageRun(caller, run);
    const found = run.checklists[checklist]?.items[item];
    if (!found) throw badRequest('playbooks.run.item_not_found', `run ${id} has no item ${item} in checklist ${checklist}`);
    const command = found.command.trim();
    if (command === '') throw badRequest('playbooks.run.no_command', 'no slash command associated with this checklist item');
    let triggerId: string;
    try {
      ({ trigger_id: triggerId } = await this.#api.commands.execute({ user_id: caller.userId, channel_id: run.channel_id, team_id: run.team_id, command }));
    } catch (err) {
      const notFound = (err as { id?: string }).id === 'api.command.execute_command.not_found.app_error';
      const message = notFound ? `Failed to find slash command **${command.split(/\s/, 1)[0]}**` : `Failed to execute slash command **${command}**`;
      await this.#api.posts.sendEphemeral(caller.userId, { channel_id: run.channel_id, message }).catch(() => undefined);
      if (notFound) throw badRequest('playbooks.run.command_not_found', `no slash command ${command.split(/\s/, 1)[0]} is registered`);
      if ((err as { id?: string }).id === 'api.context.permissions.app_error') throw notAuthorized(`user ${caller.userId} may not run commands in channel ${run.channel_id}`);
      throw err;
    }
    await this.#changeItem(caller, id, checklist, item, async (current, now) => ({
      item: { ...current, command_last_run: now },
      event: { event_type: 'ran_slash_command', summary: `ran the slash command: \`${command}\``, subject_user_id: caller.userId },
    }));
    return { trigger_id: triggerId };
  }

  /** Assigns an item (empty: nobody); the assignee must be on the run's team. */
  async setItemAssignee(caller: PlaybookAccess, id: string, checklist: number, item: number, assigneeId: string): Promise<void> {
    if (assigneeId !== '' && !isValidId(assigneeId)) throw badRequest('playbooks.run.assignee_id', 'assignee_id must be empty or the 26-character id of a user');
    await this.#changeItem(caller, id, checklist, item, async (found, now, run) => {
      if (found.assignee_id === assigneeId) return null;
      if (assigneeId !== '' && !(await this.#onTeam(assigneeId, run.team_id))) throw badRequest('playbooks.run.assignee_not_on_team', `user ${assigneeId} is not a member of the run's team`);
      const who = await this.#username(caller.userId);
      const summary = assigneeId === '' ? `@${who} unassigned checklist item "${found.title}"` : `@${who} assigned checklist item "${found.title}" to @${await this.#username(assigneeId)}`;
      return { item: { ...found, assignee_id: assigneeId, assignee_modified: now }, event: { event_type: 'assignee_changed', summary, subject_user_id: caller.userId } };
    });
  }

  /** Renames an item and sets its command and description (Mattermost records no timeline event for it). */
  async editItem(caller: PlaybookAccess, id: string, checklist: number, item: number, edit: { title: string; command: string; description: string }): Promise<void> {
    const title = edit.title.trim();
    if (title === '') throw badRequest('playbooks.run.item_title', 'a checklist item needs a title');
    await this.#changeItem(caller, id, checklist, item, async (found) => ({ item: { ...found, title, command: edit.command, description: edit.description }, event: null }));
  }

  /** Adds an item at the end of a checklist: open, with a new id; a due date is taken as it is sent (absolute). */
  async addItem(caller: PlaybookAccess, id: string, checklistIndex: number, item: ChecklistItem): Promise<void> {
    const title = item.title.trim();
    if (title === '') throw badRequest('playbooks.run.item_title', 'a checklist item needs a title');
    if (item.assignee_id !== '' && !isValidId(item.assignee_id)) throw badRequest('playbooks.run.assignee_id', 'assignee_id must be empty or the 26-character id of a user');
    await this.#change(caller, id, (run, now) => {
      const checklist = run.checklists[checklistIndex];
      if (!checklist) throw badRequest('playbooks.run.checklist_not_found', `run ${id} has no checklist ${checklistIndex}`);
      const added: ChecklistItem = { ...item, id: newId(), title, state: '', state_modified: 0, assignee_modified: item.assignee_id !== '' ? now : 0, delete_at: 0, update_at: now };
      const checklists = run.checklists.map((candidate, i) => (i === checklistIndex ? { ...candidate, items: [...candidate.items, added], update_at: now } : candidate));
      return { run: { ...run, checklists }, events: [] };
    });
  }

  /** Moves an item within or between checklists, by position (Mattermost's move-item). */
  async moveItem(caller: PlaybookAccess, id: string, move: { source_checklist_idx: number; source_item_idx: number; dest_checklist_idx: number; dest_item_idx: number }): Promise<void> {
    await this.#change(caller, id, (run, now) => {
      const checklists = run.checklists.map((checklist) => ({ ...checklist, items: [...checklist.items] }));
      const source = checklists[move.source_checklist_idx];
      const dest = checklists[move.dest_checklist_idx];
      const item = source?.items[move.source_item_idx];
      if (!source || !dest || !item) throw badRequest('playbooks.run.move_item', `run ${id} has no item ${move.source_item_idx} in checklist ${move.source_checklist_idx}, or no checklist ${move.dest_checklist_idx}`);
      source.items.splice(move.source_item_idx, 1);
      if (move.dest_item_idx > dest.items.length) throw badRequest('playbooks.run.move_item', `checklist ${move.dest_checklist_idx} has no position ${move.dest_item_idx}`);
      dest.items.splice(move.dest_item_idx, 0, item);
      source.update_at = now;
      dest.update_at = now;
      return { run: { ...run, checklists }, events: [] };
    });
  }

  /**
   * Mattermost's "Add to run timeline": an `event_from_post` event at the post's time, about its
   * author, with the caller's summary (the caller must be able to read the post: the route checks).
   */
  async addPostToTimeline(caller: PlaybookAccess, id: string, post: { id: string; user_id: string; create_at: number }, summary: string): Promise<void> {
    const text = summary.trim();
    if (text === '') throw badRequest('playbooks.run.timeline_summary', 'summary must not be empty');
    await this.#change(caller, id, (run) => ({ run, events: [{ event_type: 'event_from_post', summary: text, post_id: post.id, subject_user_id: post.user_id, event_at: post.create_at }] }));
  }

  async deleteTimelineEvent(caller: PlaybookAccess, id: string, eventId: string): Promise<void> {
    const run = await this.#find(id);
    await requireManageRun(caller, run);
    if (!(await this.#store.deleteEvent(id, eventId, Date.now()))) throw new HttpError(404, 'playbooks.run.timeline_event_not_found', 'Not found', `run ${id} has no timeline event ${eventId}`);
    await this.#publishUpdated(run);
  }

  /**
   * Snoozes the status-update reminder (Mattermost's reminder reset): the next one is due
   * `seconds` from now, and the timeline says so.
   */
  async snoozeReminder(caller: PlaybookAccess, id: string, seconds: number): Promise<void> {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) throw badRequest('playbooks.run.new_reminder_seconds', 'new_reminder_seconds must be > 0');
    const current = await this.#store.get(id);
    if (!current) throw badRequest('playbooks.run.not_found', 'no playbook run for path\'s playbookRunID');
    await this.#change(caller, id, (run, now) => {
      if (run.current_status === STATUS_FINISHED) throw badRequest('playbooks.run.finished', 'a finished run has no status reminder to snooze; restore it first');
      return {
        run: { ...run, previous_reminder: seconds * 1e9, last_status_update_at: now },
        events: [{ event_type: 'status_update_snoozed', summary: `Status update reminder snoozed for ${seconds} seconds`, subject_user_id: caller.userId }],
      };
    });
    await this.#scheduleReminder(id, Date.now() + seconds * 1000);
  }

  /**
   * Adds participants: the caller alone needs only to see the run (joining), others need the right
   * to change it and a run in progress. Each must be on the run's team; they join the run channel
   * when the run says so or the caller forces it.
   */
  async addParticipants(caller: PlaybookAccess, id: string, userIds: string[], forceAddToChannel: boolean): Promise<void> {
    const wanted = this.#participantIds(userIds);
    let added: string[] = [];
    await this.#change(caller, id, async (run) => {
      added = wanted.filter((userId) => !run.participant_ids.includes(userId));
      if (added.length === 0) return null;
      for (const userId of added) {
        if (!(await this.#onTeam(userId, run.team_id))) throw badRequest('playbooks.run.participant_not_on_team', `user ${userId} is not a member of the run's team`);
      }
      if (run.create_channel_member_on_new_participant || forceAddToChannel) {
        for (const userId of added) await this.#api.channels.addMember(run.channel_id, userId, caller.userId).catch(() => undefined);
      }
      const names = await Promise.all(added.map((userId) => this.#username(userId)));
      const by = await this.#username(caller.userId);
      const summary = added.length === 1 && added[0] === caller.userId ? `@${by} joined the run` : `@${by} added ${names.map((name) => `@${name}`).join(', ')} to the run`;
      return { run: { ...run, participant_ids: [...run.participant_ids, ...added] }, events: [{ event_type: 'participants_changed', summary, subject_user_id: caller.userId }] };
    }, { needs: joiningOrLeaving(wanted, caller) });
    // Taking part means following (Mattermost's AddParticipants); leaving does not unfollow.
    await this.#followers.follow(id, added);
  }

  /** Removes participants (never the owner), on the same terms as adding them; they leave the channel when the run says so. */
  async removeParticipants(caller: PlaybookAccess, id: string, userIds: string[]): Promise<void> {
    const wanted = this.#participantIds(userIds);
    await this.#change(caller, id, async (run) => {
      if (wanted.includes(run.owner_user_id)) throw badRequest('playbooks.run.remove_owner', 'the owner cannot leave the run; make someone else the owner first');
      const removed = wanted.filter((userId) => run.participant_ids.includes(userId));
      if (removed.length === 0) return null;
      if (run.remove_channel_member_on_removed_participant) {
        for (const userId of removed) await this.#api.channels.removeMember(run.channel_id, userId, caller.userId).catch(() => undefined);
      }
      const names = await Promise.all(removed.map((userId) => this.#username(userId)));
      const by = await this.#username(caller.userId);
      const summary = removed.length === 1 && removed[0] === caller.userId ? `@${by} left the run` : `@${by} removed ${names.map((name) => `@${name}`).join(', ')} from the run`;
      return { run: { ...run, participant_ids: run.participant_ids.filter((userId) => !removed.includes(userId)) }, events: [{ event_type: 'participants_changed', summary, subject_user_id: caller.userId }] };
    }, { needs: joiningOrLeaving(wanted, caller) });
  }

  /** Mattermost's run metadata: the channel's names and post count only for those who may read the channel. */
  async metadata(caller: PlaybookAccess, id: string): Promise<Record<string, unknown>> {
    const run = await this.#visible(caller, await this.#store.get(id), id);
    const team = await this.#api.teams.get(run.team_id).catch(() => null);
    const metadata = { channel_name: '', channel_display_name: '', team_name: team?.name ?? '', num_participants: run.participant_ids.length, total_posts: 0, followers: await this.#followers.of(run.id) };
    const mayRead = await this.#mayReadChannel(caller.userId, run.channel_id);
    if (!mayRead) return metadata;
    // The server sends the channel as Mattermost's Channel JSON, its post count included.
    const channel = (await this.#api.channels.get(run.channel_id).catch(() => null)) as (Channel & { total_msg_count?: number }) | null;
    return channel ? { ...metadata, channel_name: channel.name, channel_display_name: channel.display_name, total_posts: channel.total_msg_count ?? 0 } : metadata;
  }

  /**
   * Mattermost's status updates of a run (StatusPostComplete), newest first: read from the posts
   * themselves, so an update whose post was deleted is left out, and only status update posts count.
   */
  async statusUpdates(caller: PlaybookAccess, id: string): Promise<StatusUpdate[]> {
    const run = await this.#visible(caller, await this.#store.get(id), id);
    const posts = await Promise.all(run.status_posts.map((status) => this.#api.posts.get(status.id).catch(() => null)));
    return posts
      .filter((post): post is Post => post !== null && post.type === STATUS_UPDATE_POST_TYPE && post.delete_at === 0)
      .sort((a, b) => b.create_at - a.create_at)
      .map((post) => ({ id: post.id, create_at: post.create_at, delete_at: post.delete_at, message: post.message, author_user_name: typeof post.props.authorUsername === 'string' ? post.props.authorUsername : '' }));
  }

  /**
   * Turns a run's status updates on or off (Mattermost's ToggleStatusUpdates, for those who may
   * change a run in progress): the bot says so in the run channel, the broadcast channels and to
   * the followers; off drops the pending reminder. Recorded each time, as Mattermost records it.
   */
  async toggleStatusUpdates(caller: PlaybookAccess, id: string, enabled: boolean): Promise<void> {
    const what = enabled ? 'enabled' : 'disabled';
    const by = await this.#username(caller.userId);
    const announcement = (run: Run) => `@${by} ${what} status updates for [${run.name}](${runUrl(run.id)}).`;
    let postId = '';
    const updated = (await this.#change(caller, id, async (run) => {
      // Posted once, before the first write: a retried write reuses it.
      if (postId === '') postId = (await this.#post(run.channel_id, '', announcement(run)))?.id ?? '';
      return { run: { ...run, status_update_enabled: enabled }, events: [{ event_type: enabled ? 'status_updates_enabled' : 'status_updates_disabled', summary: `@${by} ${what} status updates`, post_id: postId, subject_user_id: caller.userId }] };
    }, { needs: 'manage_in_progress' })) as unknown as Run;
    if (!enabled) await this.#store.setReminder(id, 0);
    const message = announcement(updated);
    if (updated.status_update_broadcast_channels_enabled) for (const channelId of updated.broadcast_channel_ids) await this.#post(channelId, '', message);
    await this.#followers.tell(updated, caller.userId, { message });
    if (updated.status_update_broadcast_webhooks_enabled) {
      const event = { type: enabled ? 'status_updates_enabled' : 'status_updates_disabled', at: updated.update_at, user_id: caller.userId, payload: null } as const;
      await sendRunWebhooks(this.#api, updated.webhook_on_status_update_urls, updated, updated as unknown as Record<string, unknown>, event);
    }
  }

  /**
   * Turns a run's retrospective on or off (Mattermost's ToggleRetrospectiveEnabled): for its owner
   * who may read the run channel, or a system admin; not in an archived channel (system admins
   * excepted). Off stops the retrospective reminders; on, for a finished run whose retrospective
   * is not published, reminds the channel now and at each interval again.
   */
  async toggleRetrospective(caller: PlaybookAccess, id: string, enabled: boolean): Promise<void> {
    let turned = false;
    const updated = (await this.#change(caller, id, async (run) => {
      const admin = await caller.isSystemAdmin();
      if (!admin) {
        const mayRead = await this.#mayReadChannel(caller.userId, run.channel_id);
        if (!mayRead || run.owner_user_id !== caller.userId) throw notAuthorized(`only the owner of run ${id} or a system admin may turn its retrospective on or off`);
        const channel = await this.#api.channels.get(run.channel_id).catch(() => null);
        if (channel && channel.delete_at > 0) throw badRequest('playbooks.run.channel_archived', 'cannot toggle retrospective for an archived channel');
      }
      turned = run.retrospective_enabled !== enabled;
      if (!turned) return null;
      const by = await this.#username(caller.userId);
      return { run: { ...run, retrospective_enabled: enabled }, events: [{ event_type: enabled ? 'retrospective_enabled' : 'retrospective_disabled', summary: `@${by} ${enabled ? 'enabled' : 'disabled'} the retrospective`, subject_user_id: caller.userId }] };
    })) as unknown as Run;
    if (!turned) return;
    if (!enabled) return this.#store.setRetrospectiveReminder(id, 0);
    if (updated.current_status !== STATUS_FINISHED || updated.retrospective_published_at !== 0) return;
    await postRetrospectiveReminder(this.#api, updated, false).catch((err: Error) => this.#api.log.warn('playbooks: a retrospective reminder failed', { run_id: id, error: err.message }));
    const interval = updated.retrospective_reminder_interval_seconds;
    await this.#store.setRetrospectiveReminder(id, interval > 0 ? Date.now() + interval * 1000 : 0);
    if (interval > 0) await this.#scheduleSoon(Date.now() + interval * 1000);
  }

  /** Asks the run channel for a status update (Mattermost's RequestUpdate): for whoever may see the run; recorded in the timeline. */
  async requestUpdate(caller: PlaybookAccess, id: string): Promise<void> {
    const run = await this.#visible(caller, await this.#store.get(id), id);
    const by = await this.#username(caller.userId);
    const post = await this.#api.posts.create({ channel_id: run.channel_id, message: `@here @${by} asked for a status update on [${run.name}](${runUrl(run.id)}).` });
    await this.#change(caller, id, (current) => ({
      run: current,
      events: [{ event_type: 'status_update_requested', summary: `@${by} requested a status update`, post_id: post.id, subject_user_id: caller.userId, create_at: post.create_at, event_at: post.create_at }],
    }), { needs: 'view' });
  }

  /**
   * A participant who is not in the run channel asks its members to add them (Mattermost's
   * RequestJoinChannel): for those who may change a run in progress, who cannot read the channel yet.
   */
  async requestJoinChannel(caller: PlaybookAccess, id: string): Promise<void> {
    const run = await this.#store.get(id);
    if (!run) throw notAuthorized(`user ${caller.userId} may not change run ${id}`);
    await requireManageRun(caller, run);
    if (run.current_status === STATUS_FINISHED) throw badRequest('playbooks.run.finished', 'cannot modify a finished run');
    if (await this.#mayReadChannel(caller.userId, run.channel_id)) {
      throw badRequest('playbooks.run.already_in_channel', `user ${caller.userId} is already a member of the run's channel`);
    }
    const by = await this.#username(caller.userId);
    await this.#api.posts.create({ channel_id: run.channel_id, message: `@${by} takes part in this run and would like to join the channel. Any member of the channel can add them.` });
  }

  /** GET /runs/channel/{id}/runs: the runs in progress in a channel the caller may read, that they may see, newest first (at most 1000). */
  async inProgressInChannel(caller: PlaybookAccess, channelId: string): Promise<Array<Record<string, unknown>>> {
    const mayRead = await this.#mayReadChannel(caller.userId, channelId);
    if (!mayRead) throw notAuthorized(`user ${caller.userId} may not read channel ${channelId}`);
    const runs = (await this.visibleInChannel(caller, channelId)).filter((run) => run.current_status === STATUS_IN_PROGRESS);
    return runs.slice(0, 1000).map((run) => runToWire(run, []));
  }

  /** Follows a run the caller may see; the clients hear of it (playbook_run_updated), the follower too. */
  async follow(caller: PlaybookAccess, id: string, following: boolean): Promise<void> {
    const run = await this.#visible(caller, await this.#store.get(id), id);
    if (following) await this.#followers.follow(id, [caller.userId]);
    else await this.#followers.unfollow(id, caller.userId);
    await this.#publishUpdated(run, [caller.userId]);
  }

  /** The followers of a run the caller may see. */
  async followersOf(caller: PlaybookAccess, id: string): Promise<string[]> {
    const run = await this.#visible(caller, await this.#store.get(id), id);
    return this.#followers.of(run.id);
  }

  /** Tells a run's followers (the author excepted) by direct message. */
  tellFollowers(run: Run, authorId: string, message: FollowerMessage): Promise<void> {
    return this.#followers.tell(run, authorId, message);
  }

  /**
   * Applies a change to a run the caller may change, under the run's compare-and-set (for the
   * checklist and retrospective operations, which live in their own modules).
   */
  change(caller: PlaybookAccess, id: string, change: Change): Promise<Record<string, unknown>> {
    return this.#change(caller, id, change);
  }

  /** The runs of a channel the caller may see, newest first. */
  async visibleInChannel(caller: PlaybookAccess, channelId: string): Promise<Run[]> {
    const visible: Run[] = [];
    for (const run of await this.#store.listByChannel(channelId)) {
      if (await this.#visible(caller, run, run.id).then(() => true, () => false)) visible.push(run);
    }
    return visible;
  }

  /** Runs in progress the user owns or takes part in. */
  activeRunsOf(userId: string): Promise<Run[]> {
    return this.#store.activeRunsOf(userId);
  }

  /** A run's timeline, oldest first. */
  timeline(id: string): Promise<TimelineEvent[]> {
    return this.#store.timeline(id);
  }

  username(userId: string): Promise<string> {
    return this.#username(userId);
  }

  /** Posts, as the plugin's bot, the reminders that are due: a status update from the owner, or a retrospective of a finished run. */
  async sendDueReminders(now: number): Promise<void> {
    for (const run of await this.#store.takeDueRetrospectiveReminders(now)) {
      await postRetrospectiveReminder(this.#api, run, false).catch((err: Error) => this.#api.log.warn('playbooks: a retrospective reminder failed', { run_id: run.id, error: err.message }));
      await this.#scheduleSoon(run.next_due_at);
    }
    for (const run of await this.#store.takeDueReminders(now)) {
      const owner = await this.#username(run.owner_user_id);
      await this.#api.posts
        .create({
          channel_id: run.channel_id,
          type: 'custom_update_status',
          message: `@${owner}, a status update for **${run.name}** is due. Post one with \`/playbook update\`.`,
          props: {
            playbookRunId: run.id,
            targetUsername: owner,
            attachments: [{ actions: [{ id: 'updateStatus', type: 'button', name: 'Update status', integration: { url: `/plugins/playbooks${REMINDER_BUTTON_PATH.replace('{id}', run.id)}` } }] }],
          },
        })
        .catch((err: Error) => this.#api.log.warn('playbooks: a status reminder failed', { run_id: run.id, error: err.message }));
    }
  }

  async #scheduleReminder(runId: string, dueAt: number): Promise<void> {
    await this.#store.setReminder(runId, dueAt);
    await this.#scheduleSoon(dueAt);
  }

  /** The minute's sweep finds a reminder; one due sooner gets its own occurrence. */
  async #scheduleSoon(dueAt: number): Promise<void> {
    if (dueAt > 0 && dueAt - Date.now() < REMINDER_SWEEP_MS) await this.#api.scheduler.schedule({ key: REMINDER_SOON_KEY, runAt: dueAt });
  }

  /** A list of user ids from a request: at least one, each an id. */
  #participantIds(userIds: string[]): string[] {
    if (userIds.length === 0) throw badRequest('playbooks.run.user_ids', 'user_ids must list at least one user');
    const bad = userIds.find((userId) => !isValidId(userId));
    if (bad !== undefined) throw badRequest('playbooks.run.user_ids', `user_ids: "${bad}" is not a 26-character user id`);
    return [...new Set(userIds)];
  }

  async #changeItem(
    caller: PlaybookAccess,
    id: string,
    checklistIndex: number,
    itemIndex: number,
    edit: (item: ChecklistItem, now: number, run: Run) => Promise<{ item: ChecklistItem; event: NewEvent | null } | null>,
  ): Promise<void> {
    await this.#change(caller, id, async (run, now) => {
      const checklist = run.checklists[checklistIndex];
      const item = checklist?.items[itemIndex];
      if (!checklist || !item) throw badRequest('playbooks.run.item_not_found', `run ${id} has no item ${itemIndex} in checklist ${checklistIndex}`);
      const edited = await edit(item, now, run);
      if (!edited) return null;
      const items = checklist.items.map((candidate, i) => (i === itemIndex ? { ...edited.item, update_at: now } : candidate));
      const checklists = run.checklists.map((candidate, i) => (i === checklistIndex ? { ...candidate, items, update_at: now } : candidate));
      return { run: { ...run, checklists }, events: edited.event ? [edited.event] : [] };
    });
  }

  /**
   * Applies a change to the run as last stored: when another edit lands between the read and the
   * write, the change is made again on the newer run, so concurrent edits all count.
   */
  async #change(caller: PlaybookAccess, id: string, change: Change, options: { needs?: ChangeRight } = {}): Promise<Record<string, unknown>> {
    const needs = options.needs ?? 'manage';
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const run = await this.#find(id);
      if (needs === 'view') {
        await requireViewRun(caller, run, await this.#playbooks.find(run.playbook_id).catch(() => null));
      } else {
        await requireManageRun(caller, run);
        if (needs === 'manage_in_progress' && run.current_status === STATUS_FINISHED) throw badRequest('playbooks.run.finished', 'cannot modify a finished run');
      }
      const now = Math.max(Date.now(), run.update_at + 1);
      const changed = await change(run, now);
      if (!changed) return runToWire(run, await this.#store.timeline(id));
      const next = { ...changed.run, update_at: now };
      if (await this.#store.update(next, run.update_at, changed.events.map((event) => this.#event(run, caller.userId, now, event)))) {
        return this.#publishUpdated(next);
      }
    }
    throw new HttpError(409, 'playbooks.run.conflict', 'The run changed too often while this edit was made; try again.');
  }

  async #publishUpdated(run: Run, alsoTo: string[] = []): Promise<Record<string, unknown>> {
    const wire = runToWire(run, await this.#store.timeline(run.id));
    await this.#publish('playbook_run_updated', run, await this.#playbooks.find(run.playbook_id).catch(() => null), wire, alsoTo);
    return wire;
  }

  /** The run channel: the one given, the playbook's linked channel, or a new one named from the template or the run. */
  async #runChannel(caller: PlaybookAccess, playbook: Playbook, input: RunCreateInput, name: string): Promise<string> {
    const linked = input.channel_id !== '' ? input.channel_id : playbook.channel_mode === 'link_existing_channel' ? playbook.channel_id : '';
    if (linked !== '') {
      const channel = await this.#api.channels.get(linked).catch(() => null);
      if (!channel || channel.team_id !== playbook.team_id || channel.delete_at !== 0) throw badRequest('playbooks.run.channel_id', `channel ${linked} is not an open channel of the playbook's team`);
      const mayPost = await this.#api.users.hasPermission(caller.userId, 'create_post', { channel_id: linked }).catch(() => false);
      if (!mayPost) throw notAuthorized(`user ${caller.userId} may not post in channel ${linked}`);
      return linked;
    }
    const publicRun = input.create_public_run ?? playbook.create_public_playbook_run;
    const displayName = (playbook.channel_name_template.trim() !== '' ? playbook.channel_name_template.replace(/\{\{?\s*name\s*\}?\}/gi, name) : name).slice(0, 64);
    const slug = displayName.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'run';
    const channel = await this.#api.channels.create({ team_id: playbook.team_id, name: `${slug}-${newId().slice(0, 6)}`, display_name: displayName, type: publicRun ? 'O' : 'P', creator_id: caller.userId });
    return channel.id;
  }

  async #visible(caller: PlaybookAccess, run: Run | null, id: string): Promise<Run> {
    // As for playbooks, an unknown run answers as a forbidden one.
    if (!run) throw notAuthorized(`user ${caller.userId} may not see run ${id}`);
    await requireViewRun(caller, run, await this.#playbooks.find(run.playbook_id).catch(() => null));
    return run;
  }

  async #find(id: string): Promise<Run> {
    const run = await this.#store.get(id);
    if (!run) throw new HttpError(404, 'playbooks.run.not_found', 'Not found', `no run ${id}`);
    return run;
  }

  /** The teams a listing covers (the one asked for, which the caller must be on, or all of the caller's) and whose view it takes (null: a system admin's). */
  async #listScope(caller: PlaybookAccess, teamId: string): Promise<{ teamIds: string[]; viewerId: string | null }> {
    if (teamId !== '' && !(await caller.canViewTeam(teamId))) throw notAuthorized(`user ${caller.userId} may not list runs of team ${teamId}`);
    const teamIds = teamId !== '' ? [teamId] : await this.#callerTeams(caller);
    return { teamIds, viewerId: (await caller.isSystemAdmin()) ? null : caller.userId };
  }

  async #callerTeams(caller: PlaybookAccess): Promise<string[]> {
    const teams: string[] = [];
    for (const teamId of await this.#store.teamIds()) if (await caller.canViewTeam(teamId)) teams.push(teamId);
    return teams;
  }

  #event(run: Run, creatorId: string, now: number, event: NewEvent): TimelineEvent {
    return { id: newId(), playbook_run_id: run.id, create_at: now, event_at: now, delete_at: 0, summary: '', details: '', post_id: '', subject_user_id: '', creator_user_id: creatorId, ...event };
  }

  /** Tells the run's owner, participants and the playbook's members (and `alsoTo`), one user at a time. */
  async #publish(event: 'playbook_run_created' | 'playbook_run_updated', run: Run, playbook: Playbook | null, value: Record<string, unknown>, alsoTo: string[] = []): Promise<void> {
    const audience = new Set([run.owner_user_id, ...run.participant_ids, ...(playbook?.members.map((member) => member.user_id) ?? []), ...alsoTo]);
    for (const userId of audience) await publishPlaybooksEvent(this.#api, event, value, { user_id: userId, team_id: run.team_id });
  }

  /** Posts as the user (empty: the plugin's bot); a post that fails is logged, and null. */
  async #post(channelId: string, userId: string, message: string): Promise<Post | null> {
    return this.#api.posts
      .create({ channel_id: channelId, ...(userId !== '' ? { user_id: userId } : {}), message })
      .catch((err: Error) => (this.#api.log.warn('playbooks: a run post failed', { channel_id: channelId, error: err.message }), null));
  }

  async #mayReadChannel(userId: string, channelId: string): Promise<boolean> {
    return this.#api.users.hasPermission(userId, 'read_channel', { channel_id: channelId }).catch(() => false);
  }

  async #onTeam(userId: string, teamId: string): Promise<boolean> {
    return this.#api.users.hasPermission(userId, 'view_team', { team_id: teamId }).catch(() => false);
  }

  async #username(userId: string): Promise<string> {
    return (await this.#api.users.get(userId).catch(() => null))?.username ?? userId;
  }
}

/**
 * What a change takes of the caller: the right to see the run, to change it, or to change it while
 * it is in progress (Mattermost's checkEditPermissions with its active-run check).
 */
type ChangeRight = 'view' | 'manage' | 'manage_in_progress';

/** Joining or leaving a run oneself takes only the right to see it; changing others' part, the right to change a run in progress. */
function joiningOrLeaving(userIds: string[], caller: PlaybookAccess): ChangeRight {
  return userIds.length === 1 && userIds[0] === caller.userId ? 'view' : 'manage_in_progress';
}

/** A run's own copy of the playbook's checklists: new ids, open items, due dates counted from the start. */
function runChecklists(checklists: Checklist[], now: number): Checklist[] {
  return checklists.map((checklist) => ({
    ...checklist,
    id: newId(),
    update_at: now,
    items: checklist.items.map((item) => ({ ...item, id: newId(), state: '', state_modified: 0, assignee_modified: item.assignee_id !== '' ? now : 0, due_date: item.due_date > 0 ? now + item.due_date : 0, update_at: now })),
  }));
}

/** Mattermost's props of a status update post (custom_run_update): what the clients draw it with. */
function runUpdateProps(run: Run, authorUsername: string): Record<string, unknown> {
  const items = run.checklists.flatMap((checklist) => checklist.items);
  return { numTasksChecked: items.filter((item) => item.state === 'closed').length, numTasks: items.length, participantIds: run.participant_ids, authorUsername, playbookRunId: run.id, runName: run.name };
}
