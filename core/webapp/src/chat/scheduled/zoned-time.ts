// Times in the user's time zone (their profile's automatic or manual zone, else the browser's), for
// picking when a scheduled message goes: a <input type="datetime-local"> value is a wall-clock time
// without a zone, read here as a time in that zone.
import type { UserProfile } from '@mattermost/types/users';

export function userTimeZone(me: UserProfile): string {
  const zone = me.timezone;
  const chosen = zone?.useAutomaticTimezone === 'false' ? zone.manualTimezone : zone?.automaticTimezone;
  return chosen || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The zone's offset from UTC at `epochMs`, in milliseconds (east positive). */
function offsetAt(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(epochMs)
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** The instant of a datetime-local value ("2026-12-06T09:30") in `timeZone`; NaN when it is not one. */
export function epochOfLocalInput(value: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // The offset at the guess, then at the corrected instant (they differ only around a DST change).
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** The datetime-local value showing `epochMs` in `timeZone`. */
export function localInputOf(epochMs: number, timeZone: string): string {
  const shifted = new Date(epochMs + offsetAt(epochMs, timeZone));
  return shifted.toISOString().slice(0, 16);
}

/** "Sat, Dec 6, 09:30" in `timeZone`, for lists. */
export function whenText(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(epochMs);
}
