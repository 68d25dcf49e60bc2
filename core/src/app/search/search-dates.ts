// The dates of before:/after:/on: (YYYY-MM-DD, as Mattermost also accepts 2024-1-5) and the
// create_at bounds they stand for in the searcher's time zone.
import { AppError } from '../../errors/app-error.ts';

export interface SearchDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
/** Time zone offsets stay within what exists on Earth (UTC-12 to UTC+14), in seconds. */
export const MAX_TIME_ZONE_OFFSET = 14 * 3600;

export function parseSearchDate(value: string): SearchDate {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  if (!date || !isCalendarDate(date)) {
    throw AppError.badRequest('api.post.search_posts.invalid_date.app_error', `"${value}" is not a date: write dates as YYYY-MM-DD, for example on:2024-03-15.`);
  }
  return date;
}

/**
 * The first millisecond of `date` in a zone `offsetSeconds` east of UTC (the client's
 * time_zone_offset), shifted by `days`.
 */
export function startOfDay(date: SearchDate, offsetSeconds: number, days = 0): number {
  return Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS - offsetSeconds * 1000;
}

/** The last millisecond of `date` in that zone. */
export function endOfDay(date: SearchDate, offsetSeconds: number): number {
  return startOfDay(date, offsetSeconds, 1) - 1;
}

function isCalendarDate({ year, month, day }: SearchDate): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
