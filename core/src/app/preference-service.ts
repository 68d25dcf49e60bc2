// Per-user preferences (display settings, favourite channels, ...), Mattermost's category/name/value
// triples, changed only by their owner (or an admin) and announced to the owner's other sessions.
import type { Repositories } from '../store/store.ts';
import { Preference } from '../store/entities/preference.ts';
import type { AppEvents } from './app-events.ts';
import { AppError } from '../errors/app-error.ts';

const MAX_PER_REQUEST = 100;

export class PreferenceService {
  #store: Repositories;
  #events: AppEvents;

  constructor(deps: { store: Repositories; events: AppEvents }) {
    this.#store = deps.store;
    this.#events = deps.events;
  }

  list(userId: string, category?: string): Promise<Preference[]> {
    return this.#store.preferences.listForUser(userId, category);
  }

  async get(userId: string, category: string, name: string): Promise<Preference> {
    const preference = await this.#store.preferences.findOne(userId, category, name);
    if (!preference) throw AppError.notFound('preference', `${category}/${name}`);
    return preference;
  }

  async save(userId: string, body: unknown): Promise<void> {
    const preferences = parsePreferences(userId, body, true);
    await this.#store.preferences.upsertMany(preferences);
    this.#events.publish({ event: 'preferences_changed', subject: { kind: 'preferences', preferences }, broadcast: { user_id: userId } });
  }

  async delete(userId: string, body: unknown): Promise<void> {
    const preferences = parsePreferences(userId, body, false);
    await this.#store.preferences.deleteMany(userId, preferences);
    this.#events.publish({ event: 'preferences_deleted', subject: { kind: 'preferences', preferences }, broadcast: { user_id: userId } });
  }
}

// Every entry must belong to the user in the URL: Mattermost refuses a list that mixes users.
function parsePreferences(userId: string, body: unknown, needValue: boolean): Preference[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_PER_REQUEST) {
    throw AppError.invalidParam('preferences', `expected a JSON array of 1 to ${MAX_PER_REQUEST} preferences`);
  }
  return body.map((entry, i) => {
    const e = entry as Record<string, unknown>;
    if (typeof e !== 'object' || e === null) throw AppError.invalidParam(`preferences[${i}]`, 'expected an object');
    if (e.user_id !== userId) throw AppError.forbidden('edit_other_users');
    const check = (field: string, max: number) => {
      const value = e[field];
      if (typeof value !== 'string' || value === '' || value.length > max) throw AppError.invalidParam(`preferences[${i}].${field}`, `1 to ${max} characters`);
      return value;
    };
    const value = needValue ? e.value : '';
    if (typeof value !== 'string' || value.length > 2000) throw AppError.invalidParam(`preferences[${i}].value`, 'a string of at most 2000 characters');
    return Object.assign(new Preference(), { userId, category: check('category', 32), name: check('name', 32), value });
  });
}
