// Search: Mattermost's POST /posts/search and /files/search, in one team or across all of them,
// with its SearchParameter body and its PostSearchResults / FileInfoList answers.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, objectBody, requireActor, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import type { SearchParams } from '../../app/search/search-service.ts';
import { MAX_TIME_ZONE_OFFSET } from '../../app/search/search-dates.ts';
import { toWireFileInfo } from '../../wire/file-info.ts';
import { toWirePostList } from '../../wire/post.ts';

/** Mattermost's default page size for search. */
const DEFAULT_PER_PAGE = 60;
const MAX_PER_PAGE = 200;
/** Deeper pages cost the database more than anyone reads; narrow the search instead. */
const MAX_RESULTS_DEPTH = 10_000;

export function searchRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { search } = services;

  for (const [path, team] of [['/posts/search', false], ['/teams/:team_id/posts/search', true]] as const) {
    api.post(path, async (ctx) => {
      const actor = requireActor(ctx);
      const teamId = team ? idParam(ctx, 'team_id') : null;
      const results = await search.posts(actor, teamId, searchParams(ctx));
      noStore(ctx);
      ctx.body = { ...toWirePostList(results), matches: Object.fromEntries(results.matches) };
    });
  }

  for (const [path, team] of [['/files/search', false], ['/teams/:team_id/files/search', true]] as const) {
    api.post(path, async (ctx) => {
      const actor = requireActor(ctx);
      const teamId = team ? idParam(ctx, 'team_id') : null;
      const files = await search.files(actor, teamId, searchParams(ctx));
      noStore(ctx);
      ctx.body = {
        order: files.map((f) => f.id),
        file_infos: Object.fromEntries(files.map((f) => [f.id, toWireFileInfo(f)])),
        next_file_info_id: '',
        prev_file_info_id: '',
      };
    });
  }
}

/** Mattermost's SearchParameter body, checked field by field. */
function searchParams(ctx: ParleyContext): SearchParams {
  const body = objectBody(ctx);
  const terms = body.terms;
  if (typeof terms !== 'string' || terms.trim() === '') throw AppError.invalidParam('terms', 'give the text to search for');
  const page = integer(body, 'page', 0, 0, Number.MAX_SAFE_INTEGER);
  const perPage = integer(body, 'per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  if ((page + 1) * perPage > MAX_RESULTS_DEPTH) throw AppError.invalidParam('page', `search results go ${MAX_RESULTS_DEPTH} deep at most; narrow the search`);
  return {
    terms,
    isOrSearch: boolean(body, 'is_or_search'),
    includeDeletedChannels: boolean(body, 'include_deleted_channels'),
    timeZoneOffset: integer(body, 'time_zone_offset', 0, -MAX_TIME_ZONE_OFFSET, MAX_TIME_ZONE_OFFSET),
    page,
    perPage,
  };
}

function integer(body: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw AppError.invalidParam(name, `must be an integer from ${min} to ${max}`);
  return value;
}

function boolean(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw AppError.invalidParam(name, 'must be true or false');
  return value;
}

/** Search results are personal and change with every post: never cached (as Mattermost). */
function noStore(ctx: ParleyContext): void {
  ctx.set('Cache-Control', 'no-cache, no-store, must-revalidate');
}
