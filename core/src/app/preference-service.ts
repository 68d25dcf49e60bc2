// Per-user preferences (display settings, favourite channels, ...), Mattermost's category/name/value
// triples, read and changed only by their owner (or an admin, with edit_other_users) and announced
// to the owner's other sessions. Favourite channels also move in and out of the Favorites sidebar
// category.
import type { Repositories } from '../store/store.ts';
import { Preference } from '../store/entities/preference.ts';
import type { AppEvents } from './app-events.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import { favoriteChanges, type SidebarCategoryService } from './sidebar-category-service.ts';

/** One preference as a client sends it; deleting ignores the value. */
export interface PreferenceInput {
  userId: string;
  category: string;
  name: string;
  value: string;
}

/** Mattermost's limits (model.Preference.IsValid), in runes. */
const CATEGORY_MAX = 32;
const NAME_MAX = 32;
const VALUE_MAX = 2000;

export class PreferenceService {
  #store: Repositories;
  #events: AppEvents;
  #permissions: PermissionService;
  #sidebar: SidebarCategoryService;

  constructor(deps: { store: Repositories; events: AppEvents; permissions: PermissionService; sidebar: SidebarCategoryService }) {
    this.#store = deps.store;
    this.#events = deps.events;
    this.#permissions = deps.permissions;
    this.#sidebar = deps.sidebar;
  }

  list(actor: Actor, userId: string, category?: string): Promise<Preference[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    return this.#store.preferences.listForUser(userId, category);
  }

  async get(actor: Actor, userId: string, category: string, name: string): Promise<Preference> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const preference = await this.#store.preferences.findOne(userId, category, name);
    if (!preference) throw AppError.notFound('preference', `${category}/${name}`);
    return preference;
  }

  async save(actor: Actor, userId: string, input: readonly PreferenceInput[]): Promise<void> {
    const preferences = this.#owned(actor, userId, input, true);
    await this.#store.preferences.upsertMany(preferences);
    await this.#sidebar.favoritesChanged(userId, favoriteChanges(preferences, false));
    this.#events.publish({ event: 'preferences_changed', subject: { kind: 'preferences', preferences }, broadcast: { user_id: userId } });
  }

  async delete(actor: Actor, userId: string, input: readonly PreferenceInput[]): Promise<void> {
    const preferences = this.#owned(actor, userId, input, false);
    await this.#store.preferences.deleteMany(userId, preferences);
    await this.#sidebar.favoritesChanged(userId, favoriteChanges(preferences, true));
    this.#events.publish({ event: 'preferences_deleted', subject: { kind: 'preferences', preferences }, broadcast: { user_id: userId } });
  }

  // Every entry must belong to the user in the URL: Mattermost refuses a list that mixes users.
  #owned(actor: Actor, userId: string, input: readonly PreferenceInput[], keepValue: boolean): Preference[] {
    this.#permissions.requireSelfOrSystem(actor, userId);
    return input.map((entry, i) => {
      if (entry.userId !== userId) throw AppError.forbidden('edit_other_users');
      const check = (field: 'category' | 'name' | 'value', min: number, max: number) => {
        const length = [...entry[field]].length;
        if (length < min || length > max) throw AppError.invalidParam(`preferences[${i}].${field}`, `${min} to ${max} characters`);
        return entry[field];
      };
      return Object.assign(new Preference(), {
        userId,
        category: check('category', 1, CATEGORY_MAX),
        name: check('name', 1, NAME_MAX),
        value: keepValue ? check('value', 0, VALUE_MAX) : '',
      });
    });
  }
}
