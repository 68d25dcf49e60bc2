// The load model's collapsed reply threads (load-test-ng's viewGlobalThreads, viewThread,
// updateThreadRead, followThread, unfollowThread, markAllThreadsInTeamAsRead): the threads a user
// has listed are kept in its small store (SimUser.threads), which these actions pick from, and
// listed again from the server when it is empty, as load-test-ng does.
import { betweenScrolls, type KnownThread, type SimContext, type SimUser } from './capacity-user.ts';

/** The Threads screen's page (load-test-ng's PageSize). */
const THREADS_PAGE = 25;
/** Threads a user's store keeps; older ones are forgotten (load-test-ng keeps all, which does not scale to thousands of users). */
const KNOWN_THREADS = 100;
/** ViewThread's page of replies: the web app's PER_PAGE_DEFAULT. */
const THREAD_QUERY = 'skipFetchThreads=false&collapsedThreads=true&collapsedThreadsExtended=false&direction=down&perPage=60';

interface ThreadsPage {
  threads: Array<{ id: string; last_reply_at: number; unread_replies: number; post: { create_at: number } }>;
}

function threadsPath(ctx: SimContext, user: SimUser): string {
  return `/users/${user.data.id}/teams/${ctx.org.teams[user.data.team].id}/threads`;
}

/** GET .../threads with load-test-ng's options; the threads listed go into the user's store (returned, newest first). */
async function listThreads(ctx: SimContext, user: SimUser, options: { unread: boolean; threadsOnly: boolean; before?: string }): Promise<KnownThread[]> {
  const query = [`per_page=${THREADS_PAGE}`, 'extended=false', 'deleted=false', `unread=${options.unread}`, `threadsOnly=${options.threadsOnly}`];
  if (options.before) query.push(`before=${options.before}`);
  const route = options.before ? 'GET /users/{id}/teams/{id}/threads?before' : 'GET /users/{id}/teams/{id}/threads';
  const reply = await user.request(ctx, route, `${threadsPath(ctx, user)}?${query.join('&')}`, undefined, true);
  if (!reply.body) return [];
  const listed = (JSON.parse(reply.body) as ThreadsPage).threads.map((t) => ({
    id: t.id,
    rootCreateAt: t.post.create_at,
    lastReplyAt: t.last_reply_at,
    unread: t.unread_replies > 0,
  }));
  remember(user, listed);
  return listed;
}

function remember(user: SimUser, listed: readonly KnownThread[]): void {
  const fresh = new Set(listed.map((t) => t.id));
  user.threads = [...listed, ...user.threads.filter((t) => !fresh.has(t.id))]
    .sort((a, b) => b.lastReplyAt - a.lastReplyAt)
    .slice(0, KNOWN_THREADS);
}

/** The totals the web app loads with a team (load-test-ng's loadTeam). */
export async function threadTotals(ctx: SimContext, user: SimUser): Promise<void> {
  await user.request(ctx, 'GET /users/{id}/teams/{id}/threads (totals)', `${threadsPath(ctx, user)}?totalsOnly=true&threadsOnly=false`);
}

/** The Threads screen: all threads, scrolled 1-3 pages, then the Unread tab, scrolled 1-3 pages; 1-10 s between scrolls. */
export async function viewGlobalThreads(ctx: SimContext, user: SimUser): Promise<void> {
  for (const unread of [false, true]) {
    let shown = user.threads.filter((t) => !unread || t.unread);
    if (shown.length === 0) shown = await listThreads(ctx, user, { unread, threadsOnly: true });
    if (shown.length === 0) return;
    let oldest = shown[shown.length - 1].id;
    const scrolls = 1 + user.rng.int(3);
    for (let i = 0; i < scrolls && !ctx.clock.stopped; i++) {
      const page = await listThreads(ctx, user, { unread, threadsOnly: true, before: oldest });
      if (page.length === 0) break;
      oldest = page[page.length - 1].id;
      await betweenScrolls(ctx, user);
    }
  }
}

/** A thread of its store, or the first the server lists when the store is empty. */
async function someThread(ctx: SimContext, user: SimUser, threadsOnly: boolean): Promise<KnownThread | undefined> {
  if (user.threads.length > 0) return user.rng.pick(user.threads);
  const listed = await listThreads(ctx, user, { unread: false, threadsOnly });
  return threadsOnly ? listed[0] : listed.length > 0 ? user.rng.pick(listed) : undefined;
}

/** Opens a thread in the right-hand side: all of it (this server's thread route has no updates-only form). */
export async function viewThread(ctx: SimContext, user: SimUser): Promise<void> {
  const thread = await someThread(ctx, user, true);
  if (thread) await user.request(ctx, 'GET /posts/{id}/thread', `/posts/${thread.id}/thread?${THREAD_QUERY}`);
}

/** Marks a thread read up to its root post, which has the server count all its replies' mentions again. */
export async function updateThreadRead(ctx: SimContext, user: SimUser): Promise<void> {
  const thread = await someThread(ctx, user, false);
  if (!thread) return;
  const reply = await user.request(ctx, 'PUT /users/{id}/teams/{id}/threads/{id}/read/{ts}', `${threadsPath(ctx, user)}/${thread.id}/read/${thread.rootCreateAt}`, undefined, true);
  if (reply.body) thread.unread = (JSON.parse(reply.body) as ThreadsPage['threads'][number]).unread_replies > 0;
}

/** Follows the thread of a reply in the current channel (of any post when none is a reply). */
export async function followThread(ctx: SimContext, user: SimUser): Promise<void> {
  const posts = user.channel(ctx)?.posts ?? [];
  const replies = posts.filter((p) => p.rootId !== '');
  const post = replies.length > 0 ? user.rng.pick(replies) : posts.length > 0 ? user.rng.pick(posts) : undefined;
  if (!post) return;
  await user.request(ctx, 'PUT /users/{id}/teams/{id}/threads/{id}/following', `${threadsPath(ctx, user)}/${post.rootId || post.id}/following`);
}

/** Unfollows a thread of its store (which keeps it, as load-test-ng's does). */
export async function unfollowThread(ctx: SimContext, user: SimUser): Promise<void> {
  if (user.threads.length === 0) return;
  const thread = user.rng.pick(user.threads);
  await user.request(ctx, 'DELETE /users/{id}/teams/{id}/threads/{id}/following', `${threadsPath(ctx, user)}/${thread.id}/following`);
}

export async function markAllThreadsInTeamAsRead(ctx: SimContext, user: SimUser): Promise<void> {
  const reply = await user.request(ctx, 'PUT /users/{id}/teams/{id}/threads/read', `${threadsPath(ctx, user)}/read`);
  if (reply.status === 200) for (const thread of user.threads) thread.unread = false;
}
