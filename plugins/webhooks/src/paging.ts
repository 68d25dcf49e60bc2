// Mattermost's page and per_page query parameters: a value that is not a whole number counts as
// absent, as in Mattermost's API.

const DEFAULT_PER_PAGE = 60;
const MAX_PER_PAGE = 200;

export interface Page {
  page: number;
  perPage: number;
}

export function readPage(query: Record<string, string>): Page {
  return { page: intParam(query, 'page', 0), perPage: Math.min(intParam(query, 'per_page', DEFAULT_PER_PAGE), MAX_PER_PAGE) };
}

export function pageOf<T>(items: T[], { page, perPage }: Page): T[] {
  return items.slice(page * perPage, page * perPage + perPage);
}

function intParam(query: Record<string, string>, name: string, fallback: number): number {
  const raw = query[name];
  return raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : fallback;
}
