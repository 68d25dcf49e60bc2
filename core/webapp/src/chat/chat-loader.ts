// Fetching what the chat shows from the REST API into the store: the user's teams, channels and
// memberships at start (and again after a reconnect), the pages of a channel's posts, and the people
// those name.
import type { Post, PostList } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import { client } from '../client.ts';
import type { ChatStore } from './chat-store.ts';
import { directPartnerId } from './channel-names.ts';
import { collapsedNow, collapsedThreads, threadsSetting } from './threads/collapsed-threads.ts';
import { reloadThreadUnreads } from './threads/thread-unreads.ts';
import { POSTS_PER_PAGE } from './post-pages.ts';
import { takeEarly, takeEarlyPosts } from './take-early.ts';
import { EARLY_PATHS } from '../startup/early-answers.ts';

/**
 * My teams, their channels with my memberships, my preferences, the people of my direct messages,
 * and (with collapsed threads on) my unread followed threads per team.
 */
export async function loadMyWorld(store: ChatStore): Promise<void> {
  // The collapsed threads setting is read first: every unread count depends on it.
  const [teams, teamMembers, preferences] = await Promise.all([
    takeEarly(EARLY_PATHS.teams, () => client.getMyTeams()),
    takeEarly(EARLY_PATHS.teamMembers, () => client.getMyTeamMembers()),
    // Client4 types the answer as one preference; the route answers the list of them.
    takeEarly(EARLY_PATHS.preferences, () => client.getMyPreferences() as unknown as Promise<PreferenceType[]>),
    threadsSetting(),
  ]);
  store.update(() => ({
    teams: Object.fromEntries(teams.map((t) => [t.id, t])),
    teamMembers: Object.fromEntries(teamMembers.map((m) => [m.team_id, m])),
    preferences,
  }));
  await Promise.all([...teams.map((team) => loadTeamChannels(store, team.id)), collapsedNow(store.state) ? reloadThreadUnreads(store) : undefined]);
  const me = store.state.me.id;
  const partners = Object.values(store.state.channels)
    .filter((c) => c.type === 'D')
    .map((c) => directPartnerId(c, me));
  await ensureUsers(store, partners);
  // Statuses only colour the avatars: the chat shows without waiting for them.
  void loadStatuses(store, Object.keys(store.state.users)).catch(() => undefined);
}

export async function loadTeamChannels(store: ChatStore, teamId: string): Promise<void> {
  const [channels, members] = await Promise.all([
    takeEarly(EARLY_PATHS.teamChannels(teamId), () => client.getMyChannels(teamId)),
    takeEarly(EARLY_PATHS.teamChannelMembers(teamId), () => client.getMyChannelMembers(teamId)),
  ]);
  store.addChannels(channels, members);
}

/** Fetches the profiles among `ids` that the store does not have yet. */
export async function ensureUsers(store: ChatStore, ids: Iterable<string>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => id && !store.state.users[id]);
  if (missing.length > 0) store.addUsers(await client.getProfilesByIds(missing));
}

async function loadStatuses(store: ChatStore, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const statuses = await client.getStatusesByIds(ids);
  store.update((s) => ({ statuses: { ...s.statuses, ...Object.fromEntries(statuses.map((st) => [st.user_id, st.status])) } }));
}

function postsOf(list: PostList): Post[] {
  return list.order.map((id) => list.posts[id]).filter((p): p is Post => p !== undefined);
}

async function addPage(store: ChatStore, channelId: string, list: PostList, exhausted: boolean): Promise<void> {
  const posts = postsOf(list);
  await ensureUsers(store, posts.map((p) => p.user_id));
  store.addPosts(channelId, posts, exhausted);
}

/** Loads of a channel's newest posts under way: a catch-up waits for them, since their answers may be older than it. */
const recentLoads = new Set<Promise<void>>();

/** The newest page of a channel's posts. */
export function loadRecentPosts(store: ChatStore, channelId: string): Promise<void> {
  const loading = fetchRecentPosts(store, channelId);
  recentLoads.add(loading);
  const settled = () => void recentLoads.delete(loading);
  loading.then(settled, settled);
  return loading;
}

async function fetchRecentPosts(store: ChatStore, channelId: string): Promise<void> {
  const early = await takeEarlyPosts(channelId);
  if (early) {
    store.addUsers(early.authors);
    await addPage(store, channelId, early.list, early.list.order.length < POSTS_PER_PAGE);
    return;
  }
  const list = await client.getPosts(channelId, 0, POSTS_PER_PAGE, false, await collapsedThreads(store.state));
  await addPage(store, channelId, list, list.order.length < POSTS_PER_PAGE);
}

/** The page older than the oldest post loaded; false when there was nothing older. */
export async function loadOlderPosts(store: ChatStore, channelId: string): Promise<boolean> {
  const loaded = store.state.postsInChannel[channelId];
  const oldest = loaded?.order[0];
  if (!oldest || loaded.reachedOldest) return false;
  const list = await client.getPostsBefore(channelId, oldest, 0, POSTS_PER_PAGE, false, await collapsedThreads(store.state));
  await addPage(store, channelId, list, list.order.length < POSTS_PER_PAGE);
  return list.order.length > 0;
}

/**
 * After the socket was down: every post created, edited or deleted since the newest change seen in
 * each loaded channel, and fresh counts for the sidebars, so nothing said meanwhile is missed.
 */
export async function catchUp(store: ChatStore): Promise<Post[]> {
  const caughtUp = await catchUpPosts(store);
  await loadMyWorld(store);
  return caughtUp;
}

/**
 * Every post created, edited or deleted since the newest change seen in each loaded channel (once the
 * loads under way have landed): what the socket did not bring because it was down or not registered yet.
 * Returns the posts the store did not have (neither deleted nor only edited), for the caller to read.
 */
export async function catchUpPosts(store: ChatStore): Promise<Post[]> {
  await Promise.allSettled([...recentLoads]);
  const state = store.state;
  const perChannel = await Promise.all(
    Object.entries(state.postsInChannel).map(async ([channelId, loaded]) => {
      const since = Math.max(0, ...loaded.order.map((id) => state.posts[id]?.update_at ?? 0));
      const list = await client.getPostsSince(channelId, since, false, await collapsedThreads(store.state));
      const posts = Object.values(list.posts);
      await ensureUsers(store, posts.map((p) => p.user_id));
      const unseen = posts.filter((post) => post.delete_at === 0 && !store.state.posts[post.id]);
      store.addPosts(channelId, posts);
      for (const post of posts) if (post.delete_at !== 0) store.removePost(post);
      return unseen;
    }),
  );
  return perChannel.flat();
}
