// Post and file search as Mattermost's database search behaves: only channels the searcher is a
// member of (their team's channels plus DMs and GMs), Mattermost's query syntax, newest first,
// never a deleted post or file, and never a system message.
import type { Store } from '../../store/store.ts';
import type { Post } from '../../store/entities/post.ts';
import type { FileInfo } from '../../store/entities/file-info.ts';
import type { SearchableChannel, SearchFilters } from '../../store/search-repository.ts';
import type { PermissionService } from '../permission-service.ts';
import type { PostListView, PostService } from '../post-service.ts';
import type { AuthSession } from '../auth-session.ts';
import { isEmptyQuery, parseSearchQuery, type SearchQuery } from './search-query.ts';
import { endOfDay, startOfDay } from './search-dates.ts';
import { matchedWords } from './search-matches.ts';

export interface SearchDeps {
  store: Store;
  permissions: PermissionService;
  posts: PostService;
}

export interface SearchParams {
  terms: string;
  isOrSearch: boolean;
  /** Seconds east of UTC of the searcher's time zone (dates in before:/after:/on: are local days). */
  timeZoneOffset: number;
  includeDeletedChannels: boolean;
  page: number;
  perPage: number;
}

export interface PostSearchView extends PostListView {
  /** Per post id, the words of the post that matched. */
  matches: Map<string, string[]>;
}

export class SearchService {
  #deps: SearchDeps;

  constructor(deps: SearchDeps) {
    this.#deps = deps;
  }

  /** Posts in `teamId` (null: every team) and the searcher's DMs and GMs. */
  async posts(session: AuthSession, teamId: string | null, params: SearchParams): Promise<PostSearchView> {
    const query = await this.#prepare(session, teamId, params);
    const posts = query ? await this.#deps.store.search.posts(query.filters) : [];
    const list = await this.#deps.posts.listOf(posts);
    const terms = query?.parsed.terms ?? [];
    return { ...list, matches: new Map(posts.map((post: Post) => [post.id, matchedWords(post.message, post.hashtags, terms)])) };
  }

  /** Files attached to posts in those channels, by name, extension, author and date. */
  async files(session: AuthSession, teamId: string | null, params: SearchParams): Promise<FileInfo[]> {
    const query = await this.#prepare(session, teamId, params);
    if (!query) return [];
    const { parsed, filters } = query;
    return this.#deps.store.search.files({ ...filters, extensions: parsed.extensions, excludedExtensions: parsed.excludedExtensions });
  }

  /** The parsed query and the filters it stands for; null when it cannot match anything. */
  async #prepare(session: AuthSession, teamId: string | null, params: SearchParams): Promise<{ parsed: SearchQuery; filters: SearchFilters } | null> {
    if (teamId !== null) await this.#deps.permissions.requireTeam(session, teamId, 'view_team');
    const parsed = parseSearchQuery(params.terms);
    if (isEmptyQuery(parsed)) return null;
    const { store } = this.#deps;
    const [channels, fromIds, excludedUserIds] = await Promise.all([
      this.#channels(session, teamId, parsed, params.includeDeletedChannels),
      this.#userIds(parsed.fromUsers),
      this.#userIds(parsed.excludedUsers),
    ]);
    const offset = params.timeZoneOffset;
    const lower: number[] = [];
    const upper: number[] = [];
    const excludedSpans: Array<readonly [number, number]> = [];
    if (parsed.on) {
      lower.push(startOfDay(parsed.on, offset));
      upper.push(endOfDay(parsed.on, offset));
    }
    // after: and before: exclude the day named, as in Mattermost.
    if (parsed.after) lower.push(startOfDay(parsed.after, offset, 1));
    if (parsed.before) upper.push(startOfDay(parsed.before, offset) - 1);
    if (parsed.excludedAfter) upper.push(startOfDay(parsed.excludedAfter, offset, 1) - 1);
    if (parsed.excludedBefore) lower.push(startOfDay(parsed.excludedBefore, offset));
    if (parsed.excludedOn) excludedSpans.push([startOfDay(parsed.excludedOn, offset), endOfDay(parsed.excludedOn, offset)]);
    return {
      parsed,
      filters: {
        channelIds: channels.map((c) => c.id),
        text: { terms: parsed.terms, excluded: parsed.excludedTerms, anyTerm: params.isOrSearch },
        userIds: parsed.fromUsers.length > 0 ? fromIds : null,
        excludedUserIds,
        createdFrom: lower.length > 0 ? Math.max(...lower) : null,
        createdTo: upper.length > 0 ? Math.min(...upper) : null,
        excludedSpans,
        offset: params.page * params.perPage,
        limit: params.perPage,
      },
    };
  }

  /** The searcher's channels that in: names (all when none is named) and -in: does not. */
  async #channels(session: AuthSession, teamId: string | null, parsed: SearchQuery, includeDeleted: boolean): Promise<SearchableChannel[]> {
    const { store } = this.#deps;
    const channels = await store.search.searchableChannels(session.userId, teamId, includeDeleted);
    const named = [...parsed.inChannels, ...parsed.excludedChannels];
    if (named.length === 0) return channels;
    const myUsername = named.some((name) => name.replace(/^~/, '').startsWith('@')) ? ((await store.users.findById(session.userId))?.username ?? '') : '';
    const names = (c: SearchableChannel, list: string[]) => list.some((name) => channelNamed(c, name, myUsername));
    return channels.filter((c) => (parsed.inChannels.length === 0 || names(c, parsed.inChannels)) && !names(c, parsed.excludedChannels));
  }

  async #userIds(usernames: readonly string[]): Promise<string[]> {
    if (usernames.length === 0) return [];
    return (await this.#deps.store.users.findByUsernames(usernames)).map((u) => u.id);
  }
}

/**
 * Whether `name` from in: names the channel: a channel name (`~` optional), `@alice` for the DM
 * with alice, or `@alice,bob` for the group message with them (the searcher may be listed or not).
 */
function channelNamed(channel: SearchableChannel, name: string, myUsername: string): boolean {
  const bare = name.replace(/^~/, '');
  if (!bare.startsWith('@')) return channel.name === bare.toLowerCase();
  if (channel.type !== 'D' && channel.type !== 'G') return false;
  const wanted = new Set(bare.slice(1).toLowerCase().split(',').map((u) => u.replace(/^@/, '')).filter((u) => u !== ''));
  wanted.add(myUsername);
  const members = new Set(channel.memberUsernames);
  return wanted.size === members.size && [...wanted].every((u) => members.has(u));
}
