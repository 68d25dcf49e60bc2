// Search SQL: the channels a user may search, posts by full-text match (posts.search_vector, GIN)
// and files by name (the file_infos name index), with Mattermost's filters. Newest first.
import { Repository } from './repository.ts';
import { Post } from './entities/post.ts';
import { FileInfo } from './entities/file-info.ts';
import { hasText, tsqueryExpression, type SqlFragment, type TextQuery } from './text-query.ts';

/** A channel a user may search, with its members' usernames for DMs and GMs (`in:@alice`). */
export interface SearchableChannel {
  id: string;
  name: string;
  type: string;
  /** Members' usernames (the searching user included); filled for DMs and GMs when asked for. */
  memberUsernames: string[];
}

/** What every search narrows by; create_at bounds are inclusive epoch milliseconds. */
export interface SearchFilters {
  /** Searched channels; empty matches nothing. */
  channelIds: readonly string[];
  text: TextQuery;
  /** Authors (from:); null for anyone. */
  userIds: readonly string[] | null;
  excludedUserIds: readonly string[];
  createdFrom: number | null;
  createdTo: number | null;
  /** Inclusive [from, to] spans left out (-on:). */
  excludedSpans: ReadonlyArray<readonly [number, number]>;
  offset: number;
  limit: number;
}

export interface FileSearchFilters extends SearchFilters {
  /** Lower-case extensions without the dot (ext:); empty for any. */
  extensions: readonly string[];
  excludedExtensions: readonly string[];
}

/** File names are matched with their separators as spaces, as the index (m0006) stores them. */
const FILE_NAME_VECTOR = `to_tsvector('simple'::regconfig, translate(f.name, '._-', '   '))`;
const fileNameWords = (text: string) => text.replace(/[._-]/g, ' ');

/** Spans before the newest bound searched before the whole history (a week, a quarter). */
const RECENT_SPANS_MS = [7, 90].map((days) => days * 86_400_000);

export class SearchRepository extends Repository {
  /**
   * Channels the user is a member of: in `teamId` plus DMs and GMs, or in every team when teamId is
   * null; archived ones only with `includeDeleted`, and DM and GM members only `withMembers`.
   */
  async searchableChannels(userId: string, teamId: string | null, options: { includeDeleted: boolean; withMembers: boolean }): Promise<SearchableChannel[]> {
    const members = `(select string_agg(u.username, ',') from channel_members cm join users u on u.id = cm.user_id where cm.channel_id = c.id)`;
    const rows = await this.sql<{ id: string; name: string; type: string; usernames: string | null }>(
      `select c.id, c.name, c.type, ${options.withMembers ? `case when c.type in ('D', 'G') then ${members} end` : 'null'} as usernames
         from channels c join channel_members m on m.channel_id = c.id
        where m.user_id = ? ${teamId === null ? '' : `and (c.team_id = ? or c.team_id = '')`} ${options.includeDeleted ? '' : 'and c.delete_at = 0'}`,
      teamId === null ? [userId] : [userId, teamId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, memberUsernames: r.usernames ? r.usernames.split(',') : [] }));
  }

  /** Live, non-system posts matching `filters`, newest first. */
  async posts(filters: SearchFilters): Promise<Post[]> {
    const ids = await this.#newestIds(filters);
    if (ids.length === 0) return [];
    const byId = new Map((await this.em().find(Post, { id: { $in: ids } })).map((post) => [post.id, post]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The page of matching ids: each of searchAttempts in turn until one yields a full page. */
  async #newestIds(filters: SearchFilters): Promise<string[]> {
    const attempts = searchAttempts(filters, Date.now());
    for (const attempt of attempts.slice(0, -1)) {
      const ids = await this.#ids(attempt);
      if (ids.length === filters.limit) return ids;
    }
    return this.#ids(attempts[attempts.length - 1]);
  }

  async #ids(filters: SearchFilters): Promise<string[]> {
    const query = postSearchQuery(filters);
    if (!query) return [];
    // Only ids go through the sort; the rows are then read by primary key.
    return (await this.sql<{ id: string }>(query.sql, query.params)).map((r) => r.id);
  }

  /**
   * The plan PostgreSQL chooses for the post search statement over `filters` as given (the whole
   * history when they set no dates), as EXPLAIN (FORMAT JSON): for diagnostics and plan tests.
   */
  async explainPosts(filters: SearchFilters): Promise<unknown> {
    const query = postSearchQuery(filters);
    if (!query) return null;
    const rows = await this.sql<{ 'QUERY PLAN': unknown }>(`explain (format json) ${query.sql}`, query.params);
    return rows[0]['QUERY PLAN'];
  }

  /** Live files attached to posts, matching `filters` by name, newest first. */
  async files(filters: FileSearchFilters): Promise<FileInfo[]> {
    if (filters.channelIds.length === 0) return [];
    const where = commonFilters('f', 'creator_id', filters);
    if (hasText(filters.text)) {
      const text = tsqueryExpression(filters.text, fileNameWords);
      where.push({ sql: `${FILE_NAME_VECTOR} @@ (${text.sql})`, params: text.params });
    }
    if (filters.extensions.length > 0) where.push(inList('lower(f.extension)', filters.extensions, false));
    if (filters.excludedExtensions.length > 0) where.push(inList('lower(f.extension)', filters.excludedExtensions, true));
    return this.select(
      FileInfo,
      `select f.* from file_infos f
        where f.delete_at = 0 and f.post_id <> '' and ${where.map((w) => w.sql).join(' and ')}
        order by f.create_at desc, f.id desc limit ? offset ?`,
      [...where.flatMap((w) => w.params), filters.limit, filters.offset],
    );
  }
}

/**
 * The filters a post search runs with, in turn: recent spans first, then the whole history. A
 * common word matches tens of thousands of posts, and PostgreSQL must read every one of them to
 * sort by date; within the last week it reads a few hundred (the GIN bitmap ANDed with the
 * channel/create_at index). A full page inside a span is the right page overall, as every newer
 * post lies inside it; a short one sends the search on to the next attempt.
 */
export function searchAttempts(filters: SearchFilters, now: number): SearchFilters[] {
  const newest = filters.createdTo ?? now;
  const attempts: SearchFilters[] = [];
  for (const span of RECENT_SPANS_MS) {
    const from = newest - span;
    if (filters.createdFrom !== null && filters.createdFrom >= from) break;
    attempts.push({ ...filters, createdFrom: from });
  }
  return [...attempts, filters];
}

/**
 * The statement behind SearchRepository.posts (ids of matching posts, newest first) with `?`
 * placeholders; exported so benchmarks can time the same SQL straight on PostgreSQL.
 */
export function postSearchQuery(filters: SearchFilters): SqlFragment | null {
  if (filters.channelIds.length === 0) return null;
  const where = commonFilters('p', 'user_id', filters);
  if (hasText(filters.text)) {
    const text = tsqueryExpression(filters.text);
    where.push({ sql: `p.search_vector @@ (${text.sql})`, params: text.params });
  }
  // The channel list is bound as values, not a subquery: the planner then sees how many posts
  // match the text and runs one GIN scan, instead of one per channel of a misestimated join.
  return {
    sql: `select p.id from posts p
           where p.delete_at = 0 and p.type not like 'system\\_%' and ${where.map((w) => w.sql).join(' and ')}
           order by p.create_at desc, p.id desc limit ? offset ?`,
    params: [...where.flatMap((w) => w.params), filters.limit, filters.offset],
  };
}

/** Channel, author and date conditions shared by post and file searches. */
function commonFilters(alias: string, userColumn: string, filters: SearchFilters): SqlFragment[] {
  const where = [inList(`${alias}.channel_id`, filters.channelIds, false)];
  if (filters.userIds) where.push(filters.userIds.length > 0 ? inList(`${alias}.${userColumn}`, filters.userIds, false) : { sql: 'false', params: [] });
  if (filters.excludedUserIds.length > 0) where.push(inList(`${alias}.${userColumn}`, filters.excludedUserIds, true));
  if (filters.createdFrom !== null) where.push({ sql: `${alias}.create_at >= ?`, params: [filters.createdFrom] });
  if (filters.createdTo !== null) where.push({ sql: `${alias}.create_at <= ?`, params: [filters.createdTo] });
  for (const [from, to] of filters.excludedSpans) where.push({ sql: `${alias}.create_at not between ? and ?`, params: [from, to] });
  return where;
}

function inList(column: string, values: readonly unknown[], negate: boolean): SqlFragment {
  return { sql: `${column} ${negate ? 'not in' : 'in'} (${values.map(() => '?').join(', ')})`, params: [...values] };
}
