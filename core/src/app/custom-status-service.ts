// Custom statuses (TeamSettings.EnableCustomUserStatuses): an emoji and a short text a user shows
// beside their name, until cleared or until it expires. Stored where Mattermost keeps it, as a JSON
// string in the user's props (`customStatus`), with the user's five most recent statuses in the
// `custom_status` / `recent_custom_statuses` preference; every change goes out as user_updated.
import type { ConfigService } from '../config/config-service.ts';
import type { Repositories } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import type { PreferenceService } from './preference-service.ts';
import type { UserService } from './user-service.ts';

export interface CustomStatusDeps {
  store: Repositories;
  config: ConfigService;
  permissions: PermissionService;
  users: UserService;
  preferences: PreferenceService;
}

/** Mattermost's CustomStatus; `expiresAt` in epoch milliseconds, 0 for never. */
export interface CustomStatus {
  emoji: string;
  text: string;
  duration: string;
  expiresAt: number;
}

/** The user props key and the preference Mattermost keeps them under. */
export const CUSTOM_STATUS_PROP = 'customStatus';
const RECENT_CATEGORY = 'custom_status';
const RECENT_NAME = 'recent_custom_statuses';
const MAX_RECENT = 5;
const TEXT_MAX_RUNES = 100;
const DEFAULT_EMOJI = 'speech_balloon';
const DURATIONS = new Set(['thirty_minutes', 'one_hour', 'four_hours', 'today', 'this_week', 'date_and_time']);
/** Go's zero time.Time, how Mattermost writes "never expires". */
const NEVER = '0001-01-01T00:00:00Z';

export class CustomStatusService {
  #deps: CustomStatusDeps;

  constructor(deps: CustomStatusDeps) {
    this.#deps = deps;
  }

  /** PUT /users/{id}/status/custom. */
  async set(actor: Actor, userId: string, input: CustomStatus): Promise<User> {
    this.#requireEnabled();
    if ((input.emoji === '' && input.text === '') || !durationFits(input, Date.now())) throw AppError.invalidParam('custom_status');
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const status: CustomStatus = {
      emoji: input.emoji || DEFAULT_EMOJI,
      text: [...input.text].slice(0, TEXT_MAX_RUNES).join(''),
      // A time without a named duration is "until that date and time".
      duration: input.duration === '' && input.expiresAt > 0 ? 'date_and_time' : input.duration,
      expiresAt: input.expiresAt,
    };
    const user = await this.#setProp(userId, encodeCustomStatus(status));
    const recent = [status, ...(await this.#recent(userId)).filter((s) => s.text !== status.text)].slice(0, MAX_RECENT);
    await this.#saveRecent(actor, userId, recent);
    return user;
  }

  /** DELETE /users/{id}/status/custom. */
  async clear(actor: Actor, userId: string): Promise<User> {
    this.#requireEnabled();
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    return this.#setProp(userId, '');
  }

  /** POST /users/{id}/status/custom/recent/delete: forgets one of the recent statuses. */
  async removeRecent(actor: Actor, userId: string, input: CustomStatus): Promise<void> {
    this.#requireEnabled();
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const recent = await this.#recent(userId);
    const kept = recent.filter((s) => encodeCustomStatus(s) !== encodeCustomStatus(input));
    if (kept.length === recent.length) {
      throw AppError.badRequest('app.custom_status.remove_recent_custom_statuses.no_recent.app_error', 'That status is not among the recent custom statuses.');
    }
    await this.#saveRecent(actor, userId, kept);
  }

  async #setProp(userId: string, value: string): Promise<User> {
    const user = await this.#deps.users.get(userId);
    const updated = await this.#deps.store.users.update(userId, { props: { ...user.props, [CUSTOM_STATUS_PROP]: value }, updateAt: Date.now() });
    if (!updated) throw AppError.notFound('user', userId);
    this.#deps.users.publishUpdated(updated);
    return updated;
  }

  async #recent(userId: string): Promise<CustomStatus[]> {
    const preference = await this.#deps.store.preferences.findOne(userId, RECENT_CATEGORY, RECENT_NAME);
    if (!preference) return [];
    try {
      const list: unknown = JSON.parse(preference.value);
      return Array.isArray(list) ? list.map(decodeStored).filter((s): s is CustomStatus => s !== null) : [];
    } catch {
      return []; // a value written by hand that is no list starts the list afresh
    }
  }

  #saveRecent(actor: Actor, userId: string, recent: CustomStatus[]): Promise<void> {
    const value = `[${recent.map(encodeCustomStatus).join(',')}]`;
    return this.#deps.preferences.save(actor, userId, [{ userId, category: RECENT_CATEGORY, name: RECENT_NAME, value }]);
  }

  #requireEnabled(): void {
    if (!this.#deps.config.get().TeamSettings.EnableCustomUserStatuses) {
      throw AppError.notImplemented('api.custom_status.disabled', 'Custom statuses are turned off on this server (TeamSettings.EnableCustomUserStatuses).');
    }
  }
}

/** Mattermost's AreDurationAndExpirationTimeValid: no duration never expires; a named one must end in the future. */
function durationFits(status: CustomStatus, now: number): boolean {
  if (status.duration === '') return status.expiresAt === 0 || status.expiresAt >= now;
  return DURATIONS.has(status.duration) && status.expiresAt >= now;
}

/** The JSON Mattermost stores and sends (`expires_at` as an RFC 3339 time). */
export function encodeCustomStatus(status: CustomStatus): string {
  const expiresAt = status.expiresAt > 0 ? new Date(status.expiresAt).toISOString() : NEVER;
  return JSON.stringify({ emoji: status.emoji, text: status.text, duration: status.duration, expires_at: expiresAt });
}

/**
 * Whether a stored custom status (the props value) is over: one with a duration whose time has
 * passed. Clients are shown a user without it.
 */
export function customStatusExpired(stored: string, now: number): boolean {
  try {
    const status = decodeStored(JSON.parse(stored));
    return status !== null && status.duration !== '' && status.expiresAt > 0 && status.expiresAt < now;
  } catch {
    return false;
  }
}

function decodeStored(value: unknown): CustomStatus | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : '');
  const expires = Date.parse(text('expires_at'));
  return { emoji: text('emoji'), text: text('text'), duration: text('duration'), expiresAt: Number.isNaN(expires) || expires < 0 ? 0 : expires };
}
