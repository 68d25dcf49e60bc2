// Sidebar categories: how each user groups their channels in each team — Favorites, Channels and
// Direct Messages by default, plus categories of their own — read and changed only by that user (or
// by those who may edit other users), announced to the user's sessions, and kept in step with the
// favorite_channel preferences both ways, as Mattermost does.
import type { Store } from '../store/store.ts';
import type { SidebarCategory, SidebarCategoryWithChannels } from '../store/sidebar-repository.ts';
import { SORT_DISTANCE } from '../store/sidebar-repository.ts';
import { Preference } from '../store/entities/preference.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { PermissionService } from './permission-service.ts';
import { newId } from './ids.ts';

export type { SidebarCategoryWithChannels } from '../store/sidebar-repository.ts';

/** The preference category naming a user's favorite channels. */
export const FAVORITE_CHANNEL = 'favorite_channel';

const CATEGORY_SORTINGS: readonly string[] = ['', 'manual', 'recent', 'alpha'];

/** A category as a client sends it: a new one (no id), or the new state of an existing one. */
export interface SidebarCategoryInput {
  /** '' for a new category. */
  id: string;
  displayName: string;
  sorting: string;
  muted: boolean;
  collapsed: boolean;
  channelIds: string[];
}

export interface OrderedSidebarCategories {
  categories: SidebarCategoryWithChannels[];
  order: string[];
}

/** A change to favorite_channel preferences: the channels now favorites, and those no longer. */
export interface FavoriteChanges {
  favorited: string[];
  unfavorited: string[];
}

export class SidebarCategoryService {
  #store: Store;
  #events: AppEvents;
  #permissions: PermissionService;

  constructor(deps: { store: Store; events: AppEvents; permissions: PermissionService }) {
    this.#store = deps.store;
    this.#events = deps.events;
    this.#permissions = deps.permissions;
  }

  /** The user's categories in the team, the defaults created on first read. */
  async list(actor: Actor, userId: string, teamId: string): Promise<OrderedSidebarCategories> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const categories = await this.#categories(userId, teamId);
    return { categories, order: categories.map((c) => c.id) };
  }

  async order(actor: Actor, userId: string, teamId: string): Promise<string[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    return (await this.#categories(userId, teamId)).map((c) => c.id);
  }

  async get(actor: Actor, userId: string, teamId: string, categoryId: string): Promise<SidebarCategoryWithChannels> {
    return this.#owned(actor, userId, teamId, categoryId);
  }

  /**
   * A category of the user's own, placed after Favorites when Favorites comes first (else first),
   * holding the given channels (taken out of the categories they were in).
   */
  async create(actor: Actor, userId: string, teamId: string, input: SidebarCategoryInput): Promise<SidebarCategoryWithChannels> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const displayName = customName(input.displayName);
    const existing = await this.#categories(userId, teamId);
    if (existing.length === 0) throw categoriesNotFound(userId, teamId);
    const channelIds = await this.#usersChannels(userId, teamId, input.channelIds);
    const category: SidebarCategory = {
      id: newId(),
      userId,
      teamId,
      sortOrder: 0,
      sorting: validSorting(input.sorting),
      type: 'custom',
      displayName,
      muted: input.muted,
      collapsed: input.collapsed,
    };
    const order = existing.map((c) => c.id);
    const at = existing[0].type === 'favorites' ? 1 : 0;
    order.splice(at, 0, category.id);
    category.sortOrder = at * SORT_DISTANCE;
    await this.#store.transaction(async (tx) => {
      await tx.sidebar.insertCategory(category);
      await tx.sidebar.unplace(userId, teamId, channelIds);
      await tx.sidebar.place(userId, category.id, channelIds);
      await tx.sidebar.setOrder(order);
      await tx.preferences.deleteMany(userId, favoriteKeys(channelIds));
    });
    this.#events.publish({ event: 'sidebar_category_created', data: { category_id: category.id }, broadcast: { user_id: userId, team_id: teamId } });
    return { ...category, channelIds };
  }

  /**
   * Sets the state of several categories of the user (PUT .../categories). Default categories keep
   * their names; Direct Messages keeps its channels (they are not placed by hand) and is never muted.
   * Channels moved into Favorites become favorite_channel preferences, and those moved out stop being.
   */
  async updateMany(actor: Actor, userId: string, teamId: string, inputs: readonly SidebarCategoryInput[]): Promise<SidebarCategoryWithChannels[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const originals: SidebarCategoryWithChannels[] = [];
    for (const input of inputs) {
      const original = await this.#store.sidebar.findById(input.id);
      if (!original || !belongs(original, userId, teamId)) throw AppError.invalidParam('category', `${input.id} is not one of the user's categories in the team`);
      originals.push(original);
    }
    return this.#apply(userId, teamId, inputs, originals);
  }

  /** The same for one category (PUT .../categories/{category_id}). */
  async update(actor: Actor, userId: string, teamId: string, input: SidebarCategoryInput): Promise<SidebarCategoryWithChannels> {
    const original = await this.#owned(actor, userId, teamId, input.id);
    const [updated] = await this.#apply(userId, teamId, [input], [original]);
    return updated;
  }

  /** Reorders the user's categories in the team: `order` must name each of them once. */
  async updateOrder(actor: Actor, userId: string, teamId: string, order: readonly string[]): Promise<string[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const current = (await this.#categories(userId, teamId)).map((c) => c.id);
    if (order.some((id) => !current.includes(id))) throw AppError.invalidParam('category', 'the order names a category that is not one of the user\'s in the team');
    if (new Set(order).size !== order.length || order.length !== current.length) {
      throw AppError.badRequest('app.channel.sidebar_categories.app_error', 'The new order must list each of the user\'s categories in the team exactly once.');
    }
    await this.#store.sidebar.setOrder(order);
    this.#events.publish({ event: 'sidebar_category_order_updated', data: { order: [...order] }, broadcast: { user_id: userId, team_id: teamId } });
    return [...order];
  }

  /** Deletes a category of the user's own; its channels go back to Channels and Direct Messages. */
  async delete(actor: Actor, userId: string, teamId: string, categoryId: string): Promise<void> {
    const category = await this.#owned(actor, userId, teamId, categoryId);
    if (category.type !== 'custom') {
      throw AppError.badRequest('app.channel.sidebar_categories.app_error', 'The Favorites, Channels and Direct Messages categories cannot be deleted.', `category_id=${categoryId}`);
    }
    await this.#store.sidebar.deleteCategory(category.id);
    this.#events.publish({ event: 'sidebar_category_deleted', data: { category_id: category.id }, broadcast: { user_id: userId, team_id: teamId } });
  }

  /** A user who joined a team gets its default categories at once (reading creates them otherwise). */
  createDefaults(userId: string, teamId: string): Promise<void> {
    return this.#store.sidebar.createDefaults(userId, teamId);
  }

  /**
   * favorite_channel preferences were saved or deleted: the channels move into or out of the
   * user's Favorites categories, and the user's sessions are told to read their categories again.
   */
  async favoritesChanged(userId: string, changes: FavoriteChanges): Promise<void> {
    if (changes.favorited.length === 0 && changes.unfavorited.length === 0) return;
    await this.#store.transaction(async (tx) => {
      for (const channelId of changes.favorited) await tx.sidebar.favorite(userId, channelId);
      await tx.sidebar.unfavorite(userId, changes.unfavorited);
    });
    // As Mattermost: no team and no categories named, so clients fetch theirs.
    this.#events.publish({ event: 'sidebar_category_updated', broadcast: { user_id: userId } });
  }

  async #categories(userId: string, teamId: string): Promise<SidebarCategoryWithChannels[]> {
    const categories = await this.#store.sidebar.listForTeam(userId, teamId);
    if (categories.length > 0) return categories;
    await this.#store.sidebar.createDefaults(userId, teamId);
    return this.#store.sidebar.listForTeam(userId, teamId);
  }

  /**
   * A category of the user's in the team, for the user or those who may edit other users. One that
   * is not theirs there is refused like another user's (403), as Mattermost does, except to those
   * who may edit other users, who learn it is not there (404).
   */
  async #owned(actor: Actor, userId: string, teamId: string, categoryId: string): Promise<SidebarCategoryWithChannels> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const category = await this.#store.sidebar.findById(categoryId);
    if (category && belongs(category, userId, teamId)) return category;
    if (!this.#permissions.hasSystem(actor, 'edit_other_users')) throw AppError.forbidden('edit_other_users');
    throw new AppError('app.channel.sidebar_categories.app_error', 404, 'No such category for that user and team.', { details: `category_id=${categoryId}` });
  }

  /** The ids among `channelIds` of channels the user is a member of in the team (or DMs and GMs); others are dropped, as Mattermost does. */
  async #usersChannels(userId: string, teamId: string, channelIds: readonly string[]): Promise<string[]> {
    if (channelIds.length === 0) return [];
    const theirs = new Set((await this.#store.channels.listForUser(userId, teamId, true)).map((c) => c.id));
    return [...new Set(channelIds)].filter((id) => theirs.has(id));
  }

  async #apply(userId: string, teamId: string, inputs: readonly SidebarCategoryInput[], originals: readonly SidebarCategoryWithChannels[]): Promise<SidebarCategoryWithChannels[]> {
    const changed: SidebarCategoryWithChannels[] = [];
    for (const [i, input] of inputs.entries()) {
      const original = originals[i];
      const custom = original.type === 'custom';
      const directMessages = original.type === 'direct_messages';
      changed.push({
        ...original,
        displayName: custom ? customName(input.displayName) : original.displayName,
        sorting: validSorting(input.sorting),
        muted: directMessages ? original.muted : input.muted,
        collapsed: input.collapsed,
        channelIds: directMessages ? original.channelIds : await this.#usersChannels(userId, teamId, input.channelIds),
      });
    }
    const placed = changed.filter((c) => c.type !== 'direct_messages');
    await this.#store.transaction(async (tx) => {
      // Sorted by id, so concurrent updates lock rows in one order.
      for (const category of [...changed].sort((a, b) => a.id.localeCompare(b.id))) await tx.sidebar.updateCategory(category);
      await tx.sidebar.clearCategories(changed.map((c) => c.id));
      // A channel sits in one category: moving it in takes it out of the one it was in.
      await tx.sidebar.unplace(userId, teamId, placed.flatMap((c) => c.channelIds));
      for (const category of placed) await tx.sidebar.place(userId, category.id, category.channelIds);
      for (const [i, category] of changed.entries()) {
        if (category.type === 'favorites') {
          await tx.preferences.deleteMany(userId, favoriteKeys(originals[i].channelIds));
          await tx.preferences.upsertMany(category.channelIds.map((channelId) => favoritePreference(userId, channelId)));
        } else if (category.type !== 'direct_messages') {
          await tx.preferences.deleteMany(userId, favoriteKeys(category.channelIds));
        }
      }
    });
    const updated: SidebarCategoryWithChannels[] = [];
    for (const category of changed) updated.push((await this.#store.sidebar.findById(category.id)) ?? category);
    this.#events.publish({ event: 'sidebar_category_updated', subject: { kind: 'sidebar_categories', categories: updated }, broadcast: { user_id: userId, team_id: teamId } });
    await this.#followMutes(userId, updated, originals);
    return updated;
  }

  /**
   * Channels follow their category's mute, as Mattermost does: all of a category that was muted or
   * unmuted, and a channel moved between a muted and an unmuted category.
   */
  async #followMutes(userId: string, updated: readonly SidebarCategoryWithChannels[], originals: readonly SidebarCategoryWithChannels[]): Promise<void> {
    const mute = new Set<string>();
    const unmute = new Set<string>();
    const wasIn = new Map<string, SidebarCategoryWithChannels>();
    for (const original of originals) for (const channelId of original.channelIds) wasIn.set(channelId, original);
    for (const [i, category] of updated.entries()) {
      const original = originals[i];
      if (category.muted !== original.muted) for (const channelId of category.channelIds) (category.muted ? mute : unmute).add(channelId);
      for (const channelId of category.channelIds) {
        const from = wasIn.get(channelId);
        if (!from || from.id === category.id || from.muted === category.muted) continue;
        (category.muted ? mute : unmute).add(channelId);
      }
    }
    const now = Date.now();
    const members = [...(await this.#store.channels.setMuted(userId, [...mute], true, now)), ...(await this.#store.channels.setMuted(userId, [...unmute], false, now))];
    for (const member of members) this.#events.publish({ event: 'channel_member_updated', subject: { kind: 'channel_member', member }, broadcast: { user_id: userId } });
  }
}

/** The favorite_channel preferences among those saved or deleted, as channels favorited and unfavorited. */
export function favoriteChanges(preferences: readonly Preference[], deleted: boolean): FavoriteChanges {
  const favorites = preferences.filter((p) => p.category === FAVORITE_CHANNEL);
  if (deleted) return { favorited: [], unfavorited: favorites.map((p) => p.name) };
  return { favorited: favorites.filter((p) => p.value !== 'false').map((p) => p.name), unfavorited: favorites.filter((p) => p.value === 'false').map((p) => p.name) };
}

function belongs(category: SidebarCategory, userId: string, teamId: string): boolean {
  return category.userId === userId && category.teamId === teamId;
}

function favoriteKeys(channelIds: readonly string[]): Array<{ category: string; name: string }> {
  return channelIds.map((name) => ({ category: FAVORITE_CHANNEL, name }));
}

function favoritePreference(userId: string, channelId: string): Preference {
  return Object.assign(new Preference(), { userId, category: FAVORITE_CHANNEL, name: channelId, value: 'true' });
}

function validSorting(value: string): string {
  if (!CATEGORY_SORTINGS.includes(value)) throw AppError.invalidParam('category', `sorting must be one of ${CATEGORY_SORTINGS.map((s) => `"${s}"`).join(', ')}`);
  return value;
}

/** A custom category's name: 1 to 64 characters that are not all spaces. */
function customName(value: string): string {
  if (value.trim() === '' || [...value].length > 64) throw AppError.invalidParam('category', 'display_name must be 1 to 64 characters');
  return value;
}

function categoriesNotFound(userId: string, teamId: string): AppError {
  return new AppError('app.channel.sidebar_categories.app_error', 404, 'The user has no sidebar categories in that team: they are not a member of it.', {
    details: `user_id=${userId} team_id=${teamId}`,
  });
}
