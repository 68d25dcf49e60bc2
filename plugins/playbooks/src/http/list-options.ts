// The query of GET /playbooks, read as Mattermost's parseGetPlaybooksOptions reads it: defaults for
// what is missing (title, ascending, page 0, 1000 a page) and a 400 naming the bad parameter.
import type { ListOptions } from '../playbooks/playbook-service.ts';
import { SORT_COLUMNS, type PlaybookSort } from '../store/playbook-store.ts';
import { badRequest } from './playbooks-error.ts';

const DEFAULT_PER_PAGE = 1000;

export function parseListOptions(query: Record<string, string>): ListOptions {
  const sort = (query.sort ?? '').toLowerCase() || 'title';
  if (!(sort in SORT_COLUMNS)) throw invalid(`bad parameter 'sort' (${sort}): it should be empty or one of 'title', 'stages', 'steps', 'runs', 'last_run_at'`);
  const direction = (query.direction ?? '').toLowerCase() || 'asc';
  if (direction !== 'asc' && direction !== 'desc') throw invalid(`bad parameter 'direction' (${direction}): it should be empty or one of 'asc' or 'desc'`);
  const page = count(query.page, 'page', 0);
  const perPage = count(query.per_page, 'per_page', DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE;
  return {
    teamId: query.team_id ?? '',
    sort: sort as PlaybookSort,
    direction,
    page,
    perPage,
    searchTerm: query.search_term ?? '',
    withArchived: parseBool(query.with_archived),
  };
}

export function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw invalid(`bad parameter '${name}': it should be a number`);
  const number = Number(value);
  if (number < 0 || !Number.isSafeInteger(number)) throw invalid(`bad parameter '${name}': it should be a positive number`);
  return number;
}

/** Go's strconv.ParseBool; anything else reads as false, as Mattermost ignores the error. */
function parseBool(value: string | undefined): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value ?? '');
}

function invalid(reason: string) {
  return badRequest('playbooks.playbook.list.invalid_param', `failed to get playbooks: ${reason}`);
}
