// Mattermost's SearchParameter body (POST /posts/search, /files/search) as the search service takes it.
import type { SearchParams } from '../app/search/search-service.ts';
import { MAX_TIME_ZONE_OFFSET } from '../app/search/search-dates.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's default page size for search. */
const DEFAULT_PER_PAGE = 60;
const MAX_PER_PAGE = 200;
/** Deeper pages cost the database more than anyone reads; narrow the search instead. */
const MAX_RESULTS_DEPTH = 10_000;
/** Far longer than any query a person types; the query parser has its own limits. */
const MAX_TERMS = 4096;

export function decodeSearchParams(body: unknown, refuse: Refusal = paramRefusal): SearchParams {
  const fields = JsonFields.of(body, 'search', refuse);
  const terms = fields.string('terms', { max: MAX_TERMS });
  if (terms.trim() === '') throw refuse('terms', 'give the text to search for');
  const page = fields.integer('page', { min: 0, max: Number.MAX_SAFE_INTEGER }, 0);
  const perPage = fields.integer('per_page', { min: 1, max: MAX_PER_PAGE }, DEFAULT_PER_PAGE);
  if ((page + 1) * perPage > MAX_RESULTS_DEPTH) throw refuse('page', `search results go ${MAX_RESULTS_DEPTH} deep at most; narrow the search`);
  return {
    terms,
    isOrSearch: fields.boolean('is_or_search'),
    includeDeletedChannels: fields.boolean('include_deleted_channels'),
    timeZoneOffset: fields.integer('time_zone_offset', { min: -MAX_TIME_ZONE_OFFSET, max: MAX_TIME_ZONE_OFFSET }, 0),
    page,
    perPage,
  };
}
