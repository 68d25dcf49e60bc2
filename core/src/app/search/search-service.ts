// Post and file search as Mattermost's database search behaves: only channels the searcher is a
// member of (their team's channels plus DMs and GMs), Mattermost's query syntax, newest first,
// never a deleted post or file, and never a system message.
import type { Store } from '../../store/store.ts';
import type { FileInfo } from '../../store/entities/file-info.ts';
import type { SearchableChannel, SearchFilters } from '../../store/search-repository.ts';
import type { TextTerm } from '../../store/text-query.ts';
import type { PermissionService } from '../permission-service.ts';
import type { PostService } from '../post-service.ts';
import type { Actor } from '../actor.ts';
import { isEmptyQuery, parseSearchQuery, type SearchQuery } from './search-query.ts';
import { toSearchFilters } from './search-filters.ts';
import { matchedWords } from './search-matches.ts';
import { type PostListView } from '../post-view.ts';

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
  async posts(actor: Actor, teamId: string | null, params: SearchParams): Promise<PostSearchView> {
    const query = await this.#prepare(actor, teamId, params);
    const posts = query ? await this.#deps.store.search.posts(query.filters) : [];
    const list = await this.#deps.posts.listOf(posts);
    const terms = query?.parsed.terms ?? [];
    return { ...list, matches: new Map(posts.map((post) => [post.id, matchedWords(post.message, post.hashtags, terms)])) };
  }

  /** Files attached to posts in those channels, by name, extension, author and date. */
  async files(actor: Actor, teamId: string | null, params: SearchParams): Promise<FileInfo[]> {
    const query = await this.#prepare(actor, teamId, params);
    if (!query) return [];
    const { parsed, filters } = query;
    // As Mattermost's file search: every unquoted word matches names it begins a word of, and
    // names have no hashtags ("#q3" looks for "q3").
    const asPrefix = (term: TextTerm): TextTerm => (term.kind === 'phrase' ? term : { kind: 'word', text: term.text.replace(/^#/, ''), prefix: true });
    const text = { ...filters.text, terms: filters.text.terms.map(asPrefix) };
    return this.#deps.store.search.files({ ...filters, text, extensions: parsed.extensions, excludedExtensions: parsed.excludedExtensions });
  }

  /** The parsed query and the filters it stands for; null when it cannot match anything. */
  async #prepare(actor: Actor, teamId: string | null, params: SearchParams): Promise<{ parsed: SearchQuery; filters: SearchFilters } | null> {
    if (teamId !== null) await this.#deps.permissions.requireTeam(actor, teamId, 'view_team');
    const parsed = parseSearchQuery(params.terms);
    if (isEmptyQuery(parsed)) return null;
    const [channels, fromIds, excludedUserIds] = await Promise.all([
      this.#channels(actor, teamId, parsed, params.includeDeletedChannels),
      this.#userIds(parsed.fromUsers),
      this.#userIds(parsed.excludedUsers),
    ]);
    const names = { channelIds: channels.map((c) => c.id), fromUserIds: fromIds, excludedUserIds };
    return { parsed, filters: toSearchFilters(parsed, names, params) };
  }

  /** The searcher's channels that in: names (all when none is named) and -in: does not. */
  async #channels(actor: Actor, teamId: string | null, parsed: SearchQuery, includeDeleted: boolean): Promise<SearchableChannel[]> {
    const { store } = this.#deps;
    const named = [...parsed.inChannels, ...parsed.excludedChannels];
    const byMembers = named.some((name) => name.replace(/^~/, '').startsWith('@'));
    const channels = await store.search.searchableChannels(actor.userId, teamId, { includeDeleted, withMembers: byMembers });
    if (named.length === 0) return channels;
    const myUsername = byMembers ? ((await store.users.findById(actor.userId))?.username ?? '') : '';
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
 * A channel id names its channel too: Mattermost keeps a value that names no channel as an id, and
 * its web app lists a channel's files with `channel:<channel id>`.
 */
function channelNamed(channel: SearchableChannel, name: string, myUsername: string): boolean {
  const bare = name.replace(/^~/, '');
  if (!bare.startsWith('@')) return channel.name === bare.toLowerCase() || channel.id === bare;
  if (channel.type !== 'D' && channel.type !== 'G') return false;
  const wanted = new Set(bare.slice(1).toLowerCase().split(',').map((u) => u.replace(/^@/, '')).filter((u) => u !== ''));
  wanted.add(myUsername);
  const members = new Set(channel.memberUsernames);
  return wanted.size === members.size && [...wanted].every((u) => members.has(u));
}
