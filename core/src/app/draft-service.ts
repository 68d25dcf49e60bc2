// Synced drafts (ServiceSettings.AllowSyncedDrafts): the message a user is writing in a channel or
// thread, kept on the server so their other devices show it too. A draft is its author's alone, and
// only for a channel they belong to and may post in; an empty message removes it. Each change is
// announced to the author's other connections (never back to the one that made it).
import type { ConfigService } from '../config/config-service.ts';
import type { Repositories } from '../store/store.ts';
import type { Draft } from '../store/draft-repository.ts';
import type { AppEvents } from './app-events.ts';
import type { DraftView } from './draft-view.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export interface DraftDeps {
  store: Repositories;
  config: ConfigService;
  events: AppEvents;
  permissions: PermissionService;
}

/** POST /drafts: the draft as the client sends it (the author is always the caller). */
export interface DraftInput {
  channelId: string;
  rootId: string;
  message: string;
  props: Record<string, unknown>;
  fileIds: string[];
  priority: Record<string, unknown> | null;
}

/** Mattermost's limits for a draft, those of the post it becomes (model.Draft.IsValid), in runes. */
const MESSAGE_MAX_RUNES = 16383;
const FILE_IDS_MAX_RUNES = 300;
const PROPS_MAX_RUNES = 800000;

export class DraftService {
  #deps: DraftDeps;

  constructor(deps: DraftDeps) {
    this.#deps = deps;
  }

  /**
   * Saves the caller's draft for a channel or thread (create_post there, as a member); an empty
   * message deletes it instead and answers null, as Mattermost does. `connectionId` is the
   * caller's own WebSocket connection, which is not told.
   */
  async upsert(actor: Actor, input: DraftInput, connectionId: string): Promise<DraftView | null> {
    this.#requireEnabled();
    const access = await this.#deps.permissions.channelAccess(actor, input.channelId);
    if (!access?.member) throw AppError.forbidden('create_post');
    await this.#deps.permissions.requireChannel(actor, access, 'create_post');
    if (access.channel.deleteAt > 0) {
      throw AppError.badRequest('api.draft.create_draft.can_not_draft_to_deleted.error', 'Drafts cannot be saved in an archived channel.');
    }
    checkDraft(input);
    if (input.message === '') {
      await this.#remove(actor.userId, input.channelId, input.rootId, connectionId);
      return null;
    }
    const now = Date.now();
    const fileIds = [...new Set(input.fileIds)];
    const { draft, created } = await this.#deps.store.drafts.upsert({ ...input, fileIds, userId: actor.userId, createAt: now, updateAt: now });
    const view = await this.#view(draft);
    this.#publish(created ? 'draft_created' : 'draft_updated', view, connectionId);
    return view;
  }

  /** GET /users/{id}/teams/{team_id}/drafts: the caller's own drafts in a team they belong to. */
  async listForTeam(actor: Actor, userId: string, teamId: string): Promise<DraftView[]> {
    this.#requireEnabled();
    if (userId !== actor.userId) throw AppError.forbidden('edit_other_users');
    await this.#deps.permissions.requireTeam(actor, teamId, 'view_team');
    const drafts = await this.#deps.store.drafts.listForTeam(userId, teamId);
    return Promise.all(drafts.map((draft) => this.#view(draft)));
  }

  /** DELETE /users/{id}/channels/{channel_id}/drafts[/{thread_id}]: removing a draft that is not there succeeds. */
  async delete(actor: Actor, userId: string, channelId: string, rootId: string, connectionId: string): Promise<void> {
    this.#requireEnabled();
    if (userId !== actor.userId) throw AppError.forbidden('delete_post');
    await this.#remove(userId, channelId, rootId, connectionId);
  }

  async #remove(userId: string, channelId: string, rootId: string, connectionId: string): Promise<void> {
    const removed = await this.#deps.store.drafts.delete(userId, channelId, rootId);
    if (removed) this.#publish('draft_deleted', { draft: removed, files: [] }, connectionId);
  }

  async #view(draft: Draft): Promise<DraftView> {
    return { draft, files: await this.#deps.store.fileInfos.findUnattached(draft.fileIds, draft.userId) };
  }

  #publish(event: string, view: DraftView, connectionId: string): void {
    const { draft } = view;
    this.#deps.events.publish({
      event,
      subject: { kind: 'draft', view },
      broadcast: { user_id: draft.userId, channel_id: draft.channelId, ...(connectionId ? { omit_connection_id: connectionId } : {}) },
    });
  }

  #requireEnabled(): void {
    if (!this.#deps.config.get().ServiceSettings.AllowSyncedDrafts) {
      throw AppError.notImplemented('api.drafts.disabled.app_error', 'Synced drafts are turned off on this server (ServiceSettings.AllowSyncedDrafts).');
    }
  }
}

/** Mattermost's size limits of a draft (and of a scheduled post, which is one): 400 past them. */
export function checkDraft(input: DraftInput): void {
  const runes = (text: string) => [...text].length;
  if (runes(input.message) > MESSAGE_MAX_RUNES) {
    throw AppError.badRequest('model.draft.is_valid.message_length.app_error', `A draft may hold at most ${MESSAGE_MAX_RUNES} characters.`, `channel_id=${input.channelId}`);
  }
  if (runes(JSON.stringify(input.fileIds)) > FILE_IDS_MAX_RUNES) {
    throw AppError.badRequest('model.draft.is_valid.file_ids.app_error', 'The draft names too many files.', `channel_id=${input.channelId}`);
  }
  if (runes(JSON.stringify(input.props)) > PROPS_MAX_RUNES) {
    throw AppError.badRequest('model.draft.is_valid.props.app_error', 'The draft props are too large.', `channel_id=${input.channelId}`);
  }
  if (input.priority && runes(JSON.stringify(input.priority)) > PROPS_MAX_RUNES) {
    throw AppError.badRequest('model.draft.is_valid.priority.app_error', 'The draft priority is too large.', `channel_id=${input.channelId}`);
  }
}
