// The playbook operations of the REST API, each for a caller (PlaybookAccess) and in Mattermost's
// order: find, check, validate, store, tell the clients.
import { HttpError, isValidId, newId, type PluginAPI } from '@parley/plugin-api';
import { badRequest, notAuthorized, playbookNotFound } from '../http/playbooks-error.ts';
import type { PlaybookFilter, PlaybookStore } from '../store/playbook-store.ts';
import { publishPlaybooksEvent } from '../websocket-events.ts';
import type { PlaybookAccess } from './playbook-access.ts';
import type { PlaybookPatch } from './playbook-patch.ts';
import { countsOf, PLAYBOOK_ADMIN, PLAYBOOK_MEMBER, validatePlaybook, withIds, type Playbook, type PlaybookInput } from './playbook.ts';

export interface PlaybookPage {
  total_count: number;
  page_count: number;
  has_more: boolean;
  items: Playbook[];
}

export type ListOptions = Omit<PlaybookFilter, 'teamIds' | 'memberId'> & { teamId: string };

export class PlaybookService {
  #api: PluginAPI;
  #store: PlaybookStore;

  constructor(api: PluginAPI, store: PlaybookStore) {
    this.#api = api;
    this.#store = store;
  }

  /** A playbook by id; 404 when there is none. */
  async find(id: string): Promise<Playbook> {
    const playbook = await this.#store.get(id);
    if (!playbook) throw playbookNotFound(id);
    return playbook;
  }

  /** The playbooks whose keywords may start a run (their triggers on, not archived), whoever sees them. */
  withKeywordTriggers(): Promise<Playbook[]> {
    return this.#store.withKeywordTriggers();
  }

  async get(caller: PlaybookAccess, id: string): Promise<Playbook> {
    // Mattermost's check reads the playbook first, so an unknown id is "Not authorized" too.
    const playbook = await this.#store.get(id);
    if (!playbook) throw notAuthorized(`user ${caller.userId} may not see playbook ${id}`);
    await caller.requireView(playbook);
    return playbook;
  }

  async create(caller: PlaybookAccess, input: PlaybookInput): Promise<string> {
    if (input.id !== '') throw badRequest('playbooks.playbook.has_id', 'Playbook given already has ID');
    if (input.reminder_timer_default_seconds <= 0) throw badRequest('playbooks.playbook.reminder_timer', 'playbook ReminderTimerDefaultSeconds must be > 0');
    validatePlaybook(input);
    await caller.requireCreate(input);
    // Without members, the creator is the playbook's only admin.
    const members = input.members.length > 0 ? input.members : [{ user_id: caller.userId, roles: [PLAYBOOK_MEMBER, PLAYBOOK_ADMIN] }];
    return this.#insert({ ...input, members });
  }

  async update(caller: PlaybookAccess, id: string, input: PlaybookInput, sentFields: ReadonlySet<string>): Promise<void> {
    const old = await this.find(id);
    // A client that does not know admin_only_edit must not turn the lock off by leaving it out.
    const next: PlaybookInput = { ...input, id, admin_only_edit: sentFields.has('admin_only_edit') ? input.admin_only_edit : old.admin_only_edit };
    validatePlaybook(next);
    const fixed = await caller.requireUpdate(next, old);
    if (old.delete_at !== 0) throw archivedError();
    await this.#validateBroadcastChannels(fixed);
    const now = Date.now();
    const stored = withIds(fixed, now);
    if (!(await this.#store.update({ ...old, ...stored, ...countsOf(stored), id, update_at: now }))) throw archivedError();
  }

  /**
   * PATCH: the run number prefix (unique, in any case, among the team's playbooks not archived: 409
   * otherwise) and the channel name template, for those who may edit the playbook's properties.
   */
  async patch(caller: PlaybookAccess, id: string, patch: PlaybookPatch): Promise<void> {
    const playbook = await this.find(id);
    if (!(await caller.has(playbook, 'manage_properties'))) throw notAuthorized(`user ${caller.userId} does not have access to playbook ${id}`);
    if (playbook.delete_at !== 0) throw archivedError();
    const prefix = patch.run_number_prefix;
    if (prefix !== undefined && prefix !== '' && prefix !== playbook.run_number_prefix && (await this.#store.runNumberPrefixTaken(playbook.team_id, prefix, id))) {
      throw new HttpError(409, 'playbooks.playbook.run_number_prefix_taken', 'duplicate entry', `another playbook of the team uses the run number prefix ${prefix}`);
    }
    if (Object.keys(patch).length === 0) return;
    if (!(await this.#store.patchSettings(id, patch, Date.now()))) throw archivedError();
  }

  async archive(caller: PlaybookAccess, id: string): Promise<void> {
    const playbook = await this.find(id);
    await caller.requireEdit(playbook);
    await this.#store.archive(id, Date.now());
    await this.#publish('playbook_archived', playbook);
  }

  async restore(caller: PlaybookAccess, id: string): Promise<void> {
    const playbook = await this.find(id);
    await caller.requireEdit(playbook);
    await this.#store.restore(id, Date.now());
    await this.#publish('playbook_restored', playbook);
  }

  /** A copy titled "Copy of …", its caller its only admin, without the team-unique run prefix and the name template. */
  async duplicate(caller: PlaybookAccess, id: string): Promise<string> {
    const playbook = await this.find(id);
    await caller.requireView(playbook);
    await caller.requireCreate(playbook);
    await caller.requireEdit(playbook);
    const copy: PlaybookInput = {
      ...playbook,
      id: '',
      title: `Copy of ${playbook.title}`,
      run_number_prefix: '',
      channel_name_template: '',
      members: [{ user_id: caller.userId, roles: [PLAYBOOK_MEMBER, PLAYBOOK_ADMIN] }],
      metrics: playbook.metrics.map((metric) => ({ ...metric, id: '' })),
      checklists: playbook.checklists.map((checklist) => ({ ...checklist, id: '', items: checklist.items.map((item) => ({ ...item, id: '' })) })),
    };
    return this.#insert(copy);
  }

  async export(caller: PlaybookAccess, id: string): Promise<Playbook> {
    const playbook = await this.find(id);
    await caller.requireView(playbook);
    return playbook;
  }

  /** An exported playbook, created public in `teamId` with the importer as its only admin. */
  async import(caller: PlaybookAccess, input: PlaybookInput, teamId: string): Promise<string> {
    if (input.id !== '') throw badRequest('playbooks.playbook.import_has_id', 'playbook import should not have ID field');
    const playbook: PlaybookInput = {
      ...input,
      public: true,
      team_id: teamId !== '' ? teamId : input.team_id,
      members: [{ user_id: caller.userId, roles: [PLAYBOOK_MEMBER, PLAYBOOK_ADMIN] }],
      metrics: input.metrics.map((metric) => ({ ...metric, id: '' })),
    };
    if (!isValidId(playbook.team_id)) throw badRequest('playbooks.playbook.team_id', 'team_id must be the 26-character id of a team: give it in the query (?team_id=) or the body.');
    validatePlaybook(playbook);
    await caller.requireCreate(playbook);
    return this.#insert(playbook);
  }

  /**
   * One page of the playbooks the caller may see: in `teamId` (which the caller must belong to), or
   * else in every team the caller belongs to.
   */
  async list(caller: PlaybookAccess, options: ListOptions): Promise<PlaybookPage> {
    const admin = await caller.isSystemAdmin();
    let teamIds: string[];
    if (options.teamId !== '') {
      if (!(await caller.canViewTeam(options.teamId))) throw notAuthorized(`user ${caller.userId} does not have permission to list playbooks for team ${options.teamId}`);
      teamIds = [options.teamId];
    } else {
      teamIds = [];
      for (const teamId of await this.#store.teamIds()) if (await caller.canViewTeam(teamId)) teamIds.push(teamId);
    }
    const { total, items } = await this.#store.list({ ...options, teamIds, memberId: admin ? null : caller.userId });
    const pageCount = options.perPage > 0 ? Math.ceil(total / options.perPage) : 0;
    return { total_count: total, page_count: pageCount, has_more: options.page + 1 < pageCount, items };
  }

  /** Stores a new playbook the caller may create (validated, for a copy, as its original was). */
  async #insert(input: PlaybookInput): Promise<string> {
    await this.#validateBroadcastChannels(input);
    const now = Date.now();
    const stored = withIds(input, now);
    const playbook: Playbook = { ...stored, ...countsOf(stored), id: newId(), create_at: now, update_at: now, delete_at: 0, num_runs: 0, last_run_at: 0 };
    await this.#store.create(playbook);
    await this.#publish('playbook_created', playbook);
    return playbook.id;
  }

  /** Broadcasting needs channels that exist and are not archived (checked when broadcasting is on, as Mattermost does). */
  async #validateBroadcastChannels(playbook: PlaybookInput): Promise<void> {
    if (!playbook.broadcast_enabled) return;
    for (const channelId of playbook.broadcast_channel_ids) {
      const channel = await this.#api.channels.get(channelId).catch(() => null);
      if (!channel) throw badRequest('playbooks.playbook.broadcast_channel', `broadcasting to invalid channel ID ${channelId}`);
      if (channel.delete_at !== 0) throw badRequest('playbooks.playbook.broadcast_channel', `broadcasting to archived channel ${channelId}`);
    }
  }

  /** Mattermost tells the team (`{teamID}`); a restricted playbook's events go to its members only. */
  async #publish(event: 'playbook_created' | 'playbook_archived' | 'playbook_restored', playbook: PlaybookInput): Promise<void> {
    const value = { teamID: playbook.team_id };
    if (playbook.public) {
      await publishPlaybooksEvent(this.#api, event, value, { team_id: playbook.team_id });
      return;
    }
    for (const member of playbook.members) await publishPlaybooksEvent(this.#api, event, value, { user_id: member.user_id, team_id: playbook.team_id });
  }
}

function archivedError(): HttpError {
  return badRequest('playbooks.playbook.archived', 'Playbook cannot be modified: it is archived. Restore it first.');
}
