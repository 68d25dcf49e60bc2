// What a parsed query asks of the store, once its names are resolved to ids: the searched
// channels, authors, create_at bounds from the dates (local days in the searcher's time zone) and
// the page. Pure, so the service, the query-plan test and the benchmark build the same filters.
import type { SearchFilters } from '../../store/search-repository.ts';
import type { SearchQuery } from './search-query.ts';
import { endOfDay, startOfDay } from './search-dates.ts';

export interface ResolvedNames {
  /** Channels searched: the searcher's, narrowed by in: and -in:. */
  channelIds: readonly string[];
  /** Ids of the from: users that exist (empty while from: was given matches nothing). */
  fromUserIds: readonly string[];
  excludedUserIds: readonly string[];
}

export interface PageOptions {
  isOrSearch: boolean;
  /** Seconds east of UTC. */
  timeZoneOffset: number;
  page: number;
  perPage: number;
}

export function toSearchFilters(parsed: SearchQuery, names: ResolvedNames, options: PageOptions): SearchFilters {
  const offset = options.timeZoneOffset;
  const lower: number[] = [];
  const upper: number[] = [];
  const excludedSpans: Array<readonly [number, number]> = [];
  if (parsed.on) {
    lower.push(startOfDay(parsed.on, offset));
    upper.push(endOfDay(parsed.on, offset));
  }
  // after: and before: leave out the day they name, as in Mattermost; so do their negations.
  if (parsed.after) lower.push(startOfDay(parsed.after, offset, 1));
  if (parsed.before) upper.push(startOfDay(parsed.before, offset) - 1);
  if (parsed.excludedAfter) upper.push(startOfDay(parsed.excludedAfter, offset, 1) - 1);
  if (parsed.excludedBefore) lower.push(startOfDay(parsed.excludedBefore, offset));
  if (parsed.excludedOn) excludedSpans.push([startOfDay(parsed.excludedOn, offset), endOfDay(parsed.excludedOn, offset)]);
  return {
    channelIds: names.channelIds,
    text: { terms: parsed.terms, excluded: parsed.excludedTerms, anyTerm: options.isOrSearch },
    userIds: parsed.fromUsers.length > 0 ? names.fromUserIds : null,
    excludedUserIds: names.excludedUserIds,
    createdFrom: lower.length > 0 ? Math.max(...lower) : null,
    createdTo: upper.length > 0 ? Math.min(...upper) : null,
    excludedSpans,
    offset: options.page * options.perPage,
    limit: options.perPage,
  };
}
