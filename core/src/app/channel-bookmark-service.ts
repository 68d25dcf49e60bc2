// Channel bookmarks (Mattermost 9.5+): links and files pinned to the top of a channel, at most 50 live
// ones per channel, in an order members can change. Who may: in public and private channels the
// add/edit/delete/order_bookmark_{public,private}_channel permissions (channel members and admins,
// team and system admins in the default scheme); in direct and group messages any member but a
// guest. Nothing changes in an archived channel. An edit by someone other than the owner deletes
// the bookmark and saves a new version owned by the editor (original_id names the old one), as
// Mattermost does, so clients syncing with bookmarks_since see both. Every change is announced to
// the channel's members, except the connection that made it.
import type { Repositories, Store } from '../store/store.ts';
import type { ChannelBookmark } from '../store/channel-bookmark-repository.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { FileInfo } from '../store/entities/file-info.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents, EventSubject } from './app-events.ts';
import type { ChannelBookmarkUpdate, ChannelBookmarkView } from './channel-bookmark-view.ts';
import { BOOKMARK_FILE_OWNER } from './file-service.ts';
import { newId } from './ids.ts';
import type { ChannelAccess, PermissionService } from './permission-service.ts';
import { isGuestRoles } from './roles.ts';

export interface ChannelBookmarkDeps {
  store: Store;
  events: AppEvents;
  permissions: PermissionService;
}

/** POST /channels/{id}/bookmarks. */
export interface NewChannelBookmarkInput {
  type: string;
  displayName: string;
  linkUrl: string;
  imageUrl: string;
  emoji: string;
  fileId: string;
}

/** PATCH /channels/{id}/bookmarks/{id}: an absent field stays as it is. */
export interface ChannelBookmarkPatch {
  displayName?: string;
  linkUrl?: string;
  imageUrl?: string;
  emoji?: string;
  fileId?: string;
  sortOrder?: number;
}

/** Mattermost's model.MaxBookmarksPerChannel. */
export const MAX_BOOKMARKS_PER_CHANNEL = 50;

type BookmarkAction = 'add' | 'edit' | 'delete' | 'order';

/** Mattermost's error-id stems per action (api.channel.bookmark.<stem>.*). */
const ACTION_STEMS: Record<BookmarkAction, string> = {
  add: 'create_channel_bookmark',
  edit: 'update_channel_bookmark',
  delete: 'delete_channel_bookmark',
  order: 'update_channel_bookmark_sort_order',
};

export class ChannelBookmarkService {
  #deps: ChannelBookmarkDeps;

  constructor(deps: ChannelBookmarkDeps) {
    this.#deps = deps;
  }

  /**
   * GET /channels/{id}/bookmarks: the live bookmarks in their order, or with `since` > 0 every one
   * added, changed or deleted since then. Anyone who may read the channel's posts may list them.
   */
  async list(actor: Actor, channelId: string, since: number): Promise<ChannelBookmarkView[]> {
    const access = await this.#access(actor, channelId);
    await this.#deps.permissions.requireReadChannel(actor, access, 'read_channel_content');
    // Twice the cap, as Mattermost: room for the deleted ones a sync also returns.
    return this.#views(await this.#deps.store.bookmarks.listForChannel(channelId, since, MAX_BOOKMARKS_PER_CHANNEL * 2));
  }

  /** POST /channels/{id}/bookmarks: the new bookmark goes after the others. */
  async create(actor: Actor, channelId: string, input: NewChannelBookmarkInput, connectionId: string): Promise<ChannelBookmarkView> {
    await this.#writable(actor, channelId, 'add');
    const now = Date.now();
    const bookmark: ChannelBookmark = {
      id: newId(),
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      channelId,
      ownerId: actor.userId,
      fileId: input.fileId,
      displayName: input.displayName,
      sortOrder: 0,
      linkUrl: input.linkUrl,
      imageUrl: input.imageUrl,
      emoji: input.emoji,
      type: validType(input.type),
      originalId: '',
      parentId: '',
    };
    validate(bookmark);
    await this.#deps.store.transaction(async (tx) => {
      await tx.bookmarks.lockChannel(channelId);
      if ((await tx.bookmarks.countLive(channelId)) >= MAX_BOOKMARKS_PER_CHANNEL) {
        throw AppError.badRequest('app.channel.bookmark.save.limit_exceeded.app_error', `A channel may have at most ${MAX_BOOKMARKS_PER_CHANNEL} bookmarks; delete one first.`);
      }
      if (bookmark.type === 'file') await requireBookmarkFile(tx, bookmark);
      bookmark.sortOrder = await tx.bookmarks.nextSortOrder(channelId);
      await tx.bookmarks.insert(bookmark);
    });
    const [view] = await this.#views([bookmark]);
    this.#publish('channel_bookmark_created', { kind: 'channel_bookmark', view }, channelId, connectionId);
    return view;
  }

  /**
   * PATCH /channels/{id}/bookmarks/{id}: its owner changes it in place; anyone else replaces it with
   * a new version of their own (the answer's `deleted` is the old one).
   */
  async update(actor: Actor, channelId: string, bookmarkId: string, patch: ChannelBookmarkPatch, connectionId: string): Promise<ChannelBookmarkUpdate> {
    await this.#writable(actor, channelId, 'edit');
    const current = await this.#bookmarkIn(channelId, bookmarkId);
    const now = Date.now();
    const patched: ChannelBookmark = { ...current, ...definedFields(patch), updateAt: now };
    validate(patched);
    const fileChanged = patched.type === 'file' && patched.fileId !== current.fileId;
    let result: { updated: ChannelBookmark; deleted: ChannelBookmark | null };
    if (current.ownerId === actor.userId) {
      result = await this.#deps.store.transaction(async (tx) => {
        if (fileChanged) await requireBookmarkFile(tx, patched);
        if (!(await tx.bookmarks.update(patched))) throw bookmarkNotFound(bookmarkId);
        return { updated: patched, deleted: null };
      });
    } else {
      const version: ChannelBookmark = { ...patched, id: newId(), createAt: now, deleteAt: 0, ownerId: actor.userId, originalId: current.id };
      result = await this.#deps.store.transaction(async (tx) => {
        await tx.bookmarks.lockChannel(channelId);
        const deleted = await tx.bookmarks.markDeleted(current.id, now);
        if (!deleted) throw bookmarkNotFound(bookmarkId);
        if (fileChanged) await requireBookmarkFile(tx, version);
        await tx.bookmarks.insert(version);
        return { updated: version, deleted };
      });
    }
    const views = await this.#views(result.deleted ? [result.updated, result.deleted] : [result.updated]);
    const update: ChannelBookmarkUpdate = { updated: views[0], deleted: views[1] ?? null };
    this.#publish('channel_bookmark_updated', { kind: 'channel_bookmark_update', update }, channelId, connectionId);
    return update;
  }

  /** DELETE /channels/{id}/bookmarks/{id}: answers the bookmark as deleted. */
  async delete(actor: Actor, channelId: string, bookmarkId: string, connectionId: string): Promise<ChannelBookmarkView> {
    await this.#writable(actor, channelId, 'delete');
    await this.#bookmarkIn(channelId, bookmarkId);
    const deleted = await this.#deps.store.bookmarks.markDeleted(bookmarkId, Date.now());
    if (!deleted) throw bookmarkNotFound(bookmarkId);
    const [view] = await this.#views([deleted]);
    this.#publish('channel_bookmark_deleted', { kind: 'channel_bookmark', view }, channelId, connectionId);
    return view;
  }

  /**
   * POST /channels/{id}/bookmarks/{id}/sort_order: moves the bookmark to position `index` (0 first)
   * and renumbers the others around it; answers all of the channel's bookmarks in their new order.
   */
  async move(actor: Actor, channelId: string, bookmarkId: string, index: number, connectionId: string): Promise<ChannelBookmarkView[]> {
    await this.#writable(actor, channelId, 'order');
    const ordered = await this.#deps.store.transaction(async (tx) => {
      await tx.bookmarks.lockChannel(channelId);
      const bookmarks = await tx.bookmarks.listForChannel(channelId, 0, MAX_BOOKMARKS_PER_CHANNEL * 2);
      const from = bookmarks.findIndex((b) => b.id === bookmarkId);
      if (from === -1) throw bookmarkNotFound(bookmarkId);
      if (index > bookmarks.length - 1) {
        throw AppError.badRequest('app.channel.bookmark.update_sort.app_error', `The sort order must be from 0 to ${bookmarks.length - 1}, one place per bookmark of the channel.`);
      }
      const [moved] = bookmarks.splice(from, 1);
      bookmarks.splice(index, 0, moved);
      const now = Date.now();
      await tx.bookmarks.renumber(channelId, bookmarks.map((b) => b.id), now);
      return bookmarks.map((b, position) => ({ ...b, sortOrder: position, updateAt: now }));
    });
    const views = await this.#views(ordered);
    this.#publish('channel_bookmark_sorted', { kind: 'channel_bookmarks', views }, channelId, connectionId);
    return views;
  }

  /** The channel, when the actor may change its bookmarks (see the header). */
  async #writable(actor: Actor, channelId: string, action: BookmarkAction): Promise<Channel> {
    const access = await this.#access(actor, channelId);
    const { channel } = access;
    const stem = ACTION_STEMS[action];
    if (channel.deleteAt > 0) {
      throw new AppError(`api.channel.bookmark.${stem}.deleted_channel.forbidden.app_error`, 403, 'Bookmarks of an archived channel cannot be changed.');
    }
    if (channel.type === 'O' || channel.type === 'P') {
      await this.#deps.permissions.requireChannel(actor, access, `${action}_bookmark_${channel.type === 'O' ? 'public' : 'private'}_channel`);
    } else if (actor.kind === 'user') {
      await this.#requireDirectMember(access, actor.roles, stem);
    }
    return channel;
  }

  async #requireDirectMember(access: ChannelAccess, roles: readonly string[], stem: string): Promise<void> {
    if (!access.member) {
      throw new AppError(`api.channel.bookmark.${stem}.direct_or_group_channels.forbidden.app_error`, 403, 'Only the members of a direct or group message can change its bookmarks.');
    }
    if (isGuestRoles(roles)) {
      throw new AppError(`api.channel.bookmark.${stem}.direct_or_group_channels_by_guests.forbidden.app_error`, 403, 'Guests cannot change the bookmarks of direct or group messages.');
    }
  }

  async #access(actor: Actor, channelId: string): Promise<ChannelAccess> {
    const access = await this.#deps.permissions.channelAccess(actor, channelId);
    if (!access) throw AppError.notFound('channel', channelId);
    return access;
  }

  /** A live bookmark of the channel in the path: 404 when there is none, 400 when it is another channel's. */
  async #bookmarkIn(channelId: string, bookmarkId: string): Promise<ChannelBookmark> {
    const bookmark = await this.#deps.store.bookmarks.findLive(bookmarkId);
    if (!bookmark) throw bookmarkNotFound(bookmarkId);
    if (bookmark.channelId !== channelId) throw AppError.invalidParam('channel_id', 'the bookmark belongs to another channel');
    return bookmark;
  }

  async #views(bookmarks: readonly ChannelBookmark[]): Promise<ChannelBookmarkView[]> {
    const files = new Map<string, FileInfo>();
    for (const file of await this.#deps.store.fileInfos.findByIds([...new Set(bookmarks.map((b) => b.fileId).filter((id) => id !== ''))])) files.set(file.id, file);
    return bookmarks.map((bookmark) => ({ bookmark, file: files.get(bookmark.fileId) ?? null }));
  }

  #publish(event: string, subject: EventSubject, channelId: string, connectionId: string): void {
    this.#deps.events.publish({ event, subject, broadcast: { channel_id: channelId, ...(connectionId ? { omit_connection_id: connectionId } : {}) } });
  }
}

/**
 * A file bookmark shows a file uploaded for it (POST /files?bookmark=true) to the same channel,
 * never attached to a post and shown by no other live bookmark — Mattermost's rule.
 */
async function requireBookmarkFile(tx: Repositories, bookmark: ChannelBookmark): Promise<void> {
  const [file] = await tx.fileInfos.findByIds([bookmark.fileId]);
  const usable = file && file.deleteAt === 0 && file.channelId === bookmark.channelId && file.postId === '' && file.creatorId === BOOKMARK_FILE_OWNER;
  if (!usable || (await tx.bookmarks.fileInUse(bookmark.fileId))) {
    throw AppError.badRequest(
      'app.channel.bookmark.save.file_info.app_error',
      'A file bookmark needs a file uploaded for bookmarks (POST /files?bookmark=true) to this channel that no post or other bookmark uses.',
      `file_id=${bookmark.fileId}`,
    );
  }
}

function bookmarkNotFound(bookmarkId: string): AppError {
  return new AppError('app.channel.bookmark.get.app_error', 404, 'There is no such bookmark in this channel (it may have been deleted).', { details: `bookmark_id=${bookmarkId}` });
}

function validType(type: string): 'link' | 'file' {
  if (type !== 'link' && type !== 'file') throw AppError.badRequest('model.channel_bookmark.is_valid.type.app_error', 'A bookmark is of type "link" or "file".');
  return type;
}

/** The fields of a patch that were given (a spread of `undefined` would erase the current value). */
function definedFields(patch: ChannelBookmarkPatch): Partial<ChannelBookmark> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<ChannelBookmark>;
}

/** Mattermost's ChannelBookmark.IsValid, for what a client can set. */
function validate(b: ChannelBookmark): void {
  if (b.displayName.trim() === '') throw AppError.badRequest('model.channel_bookmark.is_valid.display_name.app_error', 'A bookmark needs a display name.');
  if (b.type === 'link' && !isHttpUrl(b.linkUrl)) {
    throw AppError.badRequest('model.channel_bookmark.is_valid.link_url.missing_or_invalid.app_error', 'A link bookmark needs an http or https link_url.');
  }
  if (b.type === 'link' && b.imageUrl !== '' && !isHttpUrl(b.imageUrl)) {
    throw AppError.badRequest('model.channel_bookmark.is_valid.image_url.app_error', "A bookmark's image_url must be an http or https URL.");
  }
  if (b.type === 'file' && b.fileId === '') {
    throw AppError.badRequest('model.channel_bookmark.is_valid.file_id.missing_or_invalid.app_error', 'A file bookmark needs the file_id of an uploaded file.');
  }
  if (b.imageUrl !== '' && b.fileId !== '') {
    throw AppError.badRequest('model.channel_bookmark.is_valid.link_file.app_error', 'A bookmark has either an image_url (link) or a file_id (file), not both.');
  }
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, host } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && host !== '';
}
