// Preferences on the wire: Mattermost's Preference JSON, and the lists that save or delete them.
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Preference } from '../store/entities/preference.ts';
import type { PreferenceInput } from '../app/preference-service.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Most preferences one request may save or delete. */
const MAX_PER_REQUEST = 100;

export function toWirePreference(p: Preference): PreferenceType {
  return { user_id: p.userId, category: p.category, name: p.name, value: p.value };
}

/** PUT /users/{id}/preferences and POST .../preferences/delete: a JSON array of 1 to 100 preferences. */
export function decodePreferences(body: unknown, refuse: Refusal = paramRefusal): PreferenceInput[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_PER_REQUEST) {
    throw refuse('preferences', `expected a JSON array of 1 to ${MAX_PER_REQUEST} preferences`);
  }
  return body.map((entry: unknown, i) => {
    const fields = JsonFields.of(entry, `preferences[${i}]`, (field, why) => refuse(`preferences[${i}].${field}`, why));
    return { userId: fields.string('user_id'), category: fields.string('category'), name: fields.string('name'), value: fields.string('value') };
  });
}
