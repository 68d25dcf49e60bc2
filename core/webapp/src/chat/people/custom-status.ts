// Custom statuses (an emoji and a short text beside a name, until an expiry): reading a user's from
// their props as Mattermost keeps it, the expiry times Mattermost's "Clear after" choices give, the
// recent list the server keeps in the `custom_status` / `recent_custom_statuses` preference, and the
// calls that set, clear and forget one.
import type { UserCustomStatus as WireStatus, UserProfile } from '@mattermost/types/users';
import type { PreferenceType } from '@mattermost/types/preferences';
import { client } from '../../client.ts';

/** Mattermost's CustomStatusDuration values (its types declare them as an enum, which this code does not import at run time). */
export type CustomStatusDuration = '' | 'thirty_minutes' | 'one_hour' | 'four_hours' | 'today' | 'this_week' | 'date_and_time';

/** Mattermost's UserCustomStatus, with the durations as strings. */
export interface UserCustomStatus {
  emoji: string;
  text: string;
  duration: CustomStatusDuration;
  expires_at?: string;
}

/** Mattermost's "Clear after" choices, in its order and words ('' never clears). */
export const CLEAR_AFTER: ReadonlyArray<{ duration: CustomStatusDuration; label: string }> = [
  { duration: '', label: "Don't clear" },
  { duration: 'thirty_minutes', label: '30 minutes' },
  { duration: 'one_hour', label: '1 hour' },
  { duration: 'four_hours', label: '4 hours' },
  { duration: 'today', label: 'Today' },
  { duration: 'this_week', label: 'This week' },
];

/** The statuses Mattermost suggests before a person has recent ones of their own. */
export const SUGGESTED: readonly UserCustomStatus[] = [
  { emoji: 'calendar', text: 'In a meeting', duration: 'one_hour' },
  { emoji: 'hamburger', text: 'Out for lunch', duration: 'thirty_minutes' },
  { emoji: 'sneezing_face', text: 'Out sick', duration: 'today' },
  { emoji: 'house', text: 'Working from home', duration: 'today' },
  { emoji: 'palm_tree', text: 'On a vacation', duration: 'this_week' },
];

const MINUTE = 60_000;
const RECENT_CATEGORY = 'custom_status';
const RECENT_NAME = 'recent_custom_statuses';

function isStatus(value: unknown): value is UserCustomStatus {
  const v = value as Partial<UserCustomStatus> | null;
  return typeof v === 'object' && v !== null && typeof v.emoji === 'string' && typeof v.text === 'string';
}

/** The user's custom status while it lasts (the server also leaves an expired one out of what it sends). */
export function customStatusOf(user: UserProfile | undefined, now = Date.now()): UserCustomStatus | undefined {
  const stored = (user?.props as Record<string, unknown> | undefined)?.customStatus;
  if (typeof stored !== 'string' || stored === '') return undefined;
  try {
    const status: unknown = JSON.parse(stored);
    if (!isStatus(status) || (status.emoji === '' && status.text === '')) return undefined;
    return expiresAt(status) > 0 && expiresAt(status) <= now ? undefined : status;
  } catch {
    return undefined;
  }
}

/** When it ends, epoch ms; 0 when it never does (Go's zero time is how Mattermost writes "never"). */
export function expiresAt(status: UserCustomStatus): number {
  if (!status.duration || !status.expires_at) return 0;
  const time = Date.parse(status.expires_at);
  return Number.isNaN(time) || time < 0 ? 0 : time;
}

/** The end of a duration chosen `now`, as Mattermost's web app computes it (local time). */
export function expiryFor(duration: CustomStatusDuration, now: Date = new Date()): string | undefined {
  const at = new Date(now);
  at.setSeconds(0, 0);
  switch (duration) {
    case 'thirty_minutes':
      return new Date(at.getTime() + 30 * MINUTE).toISOString();
    case 'one_hour':
      return new Date(at.getTime() + 60 * MINUTE).toISOString();
    case 'four_hours':
      return new Date(at.getTime() + 240 * MINUTE).toISOString();
    case 'today':
      return endOfDay(now, 0).toISOString();
    case 'this_week':
      // The week ends on Saturday, as moment's endOf('week') that Mattermost uses.
      return endOfDay(now, 6 - now.getDay()).toISOString();
    default:
      return undefined;
  }
}

function endOfDay(from: Date, daysLater: number): Date {
  const end = new Date(from);
  end.setDate(end.getDate() + daysLater);
  end.setHours(23, 59, 59, 999);
  return end;
}

/** "Until 5:30 PM", "Until Friday", or '' for one that does not clear. */
export function untilText(status: UserCustomStatus, now = new Date()): string {
  const end = expiresAt(status);
  if (end === 0) return '';
  const date = new Date(end);
  const sameDay = date.toDateString() === now.toDateString();
  if (status.duration === 'today') return 'Until Today';
  return sameDay ? `Until ${date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}` : `Until ${date.toLocaleDateString([], { weekday: 'long' })}`;
}

/** My recent custom statuses, newest first, as the server keeps them. */
export function recentStatuses(preferences: PreferenceType[]): UserCustomStatus[] {
  const stored = preferences.find((p) => p.category === RECENT_CATEGORY && p.name === RECENT_NAME)?.value;
  try {
    const list: unknown = JSON.parse(stored ?? '[]');
    return Array.isArray(list) ? list.filter(isStatus) : [];
  } catch {
    return [];
  }
}

export function setCustomStatus(emoji: string, text: string, duration: CustomStatusDuration): Promise<unknown> {
  const expires = expiryFor(duration);
  return client.updateCustomStatus(toWire({ emoji, text: text.trim(), duration, ...(expires ? { expires_at: expires } : {}) }));
}

export function clearCustomStatus(): Promise<unknown> {
  return client.unsetCustomStatus();
}

export function forgetRecentStatus(status: UserCustomStatus): Promise<unknown> {
  return client.removeRecentCustomStatus(toWire(status));
}

function toWire(status: UserCustomStatus): WireStatus {
  return status as unknown as WireStatus;
}
