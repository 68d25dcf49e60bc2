// Searching a team's posts as Mattermost's web app does: the text goes to the server as typed
// (POST /teams/{id}/posts/search), whose parser understands from:, in:, before:, after:, on:,
// "quoted phrases", -excluded words and #hashtags; the results show in the right-hand panel.
import type { Post } from '@mattermost/types/posts';
import { client } from '../client.ts';
import type { ChatStore } from './chat-store.ts';
import { ensureUsers } from './chat-loader.ts';

/** Results per page, as Mattermost's web app asks for them. */
export const SEARCH_PAGE_SIZE = 20;

/** One page of results, newest first, with the words of each post that matched. */
export interface SearchPage {
  posts: Post[];
  matches: Record<string, string[]>;
  /** True when the server may have more after this page. */
  more: boolean;
}

/** Opens the right-hand panel on the results of `terms` in `teamId`. */
export function openSearch(store: ChatStore, teamId: string, terms: string): void {
  const trimmed = terms.trim();
  if (trimmed !== '') store.update(() => ({ rhs: { kind: 'search', teamId, terms: trimmed } }));
}

export async function searchPosts(store: ChatStore, teamId: string, terms: string, page: number): Promise<SearchPage> {
  const found = await client.searchPostsWithParams(teamId, {
    terms,
    is_or_search: false,
    // Seconds east of UTC: on:, before: and after: dates are the user's days, not UTC's.
    time_zone_offset: -new Date().getTimezoneOffset() * 60,
    page,
    per_page: SEARCH_PAGE_SIZE,
  });
  const posts = found.order.map((id) => found.posts[id]).filter((post): post is Post => post !== undefined);
  await ensureUsers(store, posts.map((post) => post.user_id));
  return { posts, matches: found.matches ?? {}, more: found.order.length === SEARCH_PAGE_SIZE };
}
