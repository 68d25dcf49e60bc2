// The requests the web app needs first, sent by a small classic script that index.html runs before
// the app's module: the signed-in user and, on a chat page, my teams, team memberships, preferences,
// each team's channels and my channel memberships, the server's client configuration — and when the
// address names a channel, that channel's newest posts and their authors. They travel while the
// app's code downloads, parses and evaluates; sent from the app itself they would leave only after
// all of that, one waiting for the other (user → teams → channels → posts). The app takes each
// answer once (chat/take-early.ts).
// Kept tiny and free of the app's libraries: it is on the page's critical path.
import type { Channel } from '@mattermost/types/channels';
import type { PostList } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { parseChatPath } from '../chat/chat-paths.ts';
import { POSTS_PER_PAGE } from '../chat/post-pages.ts';
import { collapsedFor, type ThreadsSetting } from '../chat/threads/collapsed-rule.ts';
import { EARLY_PATHS, type EarlyAnswer, type EarlyRequests } from './early-answers.ts';

/** Pages of the app that are not the chat: they need the user, not the chat's data. */
const OTHER_PAGES = ['/login', '/admin_console', '/plug'];

/** A GET as Client4 makes it with the session cookie (X-Requested-With marks it as the app's own). */
async function get(path: string): Promise<EarlyAnswer> {
  const response = await fetch(path, { credentials: 'include', headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' } });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function post(path: string, body: unknown): Promise<EarlyAnswer> {
  // The MMCSRF cookie's value, as Client4 sends on every request that is not a GET.
  const csrf = document.cookie.split('; ').find((c) => c.startsWith('MMCSRF='))?.slice('MMCSRF='.length) ?? '';
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'include',
    headers: { 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

const ok = (answer: EarlyAnswer) => answer.status >= 200 && answer.status < 300;

function sendEarlyRequests(pathname: string): EarlyRequests {
  const gets: EarlyRequests['gets'] = {};
  const send = (path: string) => {
    const request = get(path);
    request.catch(() => undefined); // an answer no one takes (the app may never get to it) is no unhandled rejection
    gets[path] = request;
    return request;
  };
  const early: EarlyRequests = { gets };
  if (OTHER_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`))) {
    send(EARLY_PATHS.me);
    return early;
  }
  // The heads of the longest chains leave first: the browser opens six connections to the server and
  // the page's scripts and stylesheet hold three, so the last of these requests wait for one to free.
  // The channel's posts need the channel (by its name), the configuration and my preferences; each
  // team's channels need my teams.
  const route = parseChatPath(pathname);
  const channel = route.kind === 'channel' ? get(`/api/v4/teams/name/${encodeURIComponent(route.team)}/channels/name/${encodeURIComponent(route.channel)}`) : undefined;
  const teams = send(EARLY_PATHS.teams);
  const preferences = send(EARLY_PATHS.preferences);
  const config = send(EARLY_PATHS.config);
  const me = send(EARLY_PATHS.me);
  send(EARLY_PATHS.teamMembers);
  const collapsed = Promise.all([config, preferences]).then(([settings, prefs]) => ok(settings) && ok(prefs) && collapsedFor((settings.body as Record<string, string>).CollapsedThreads as ThreadsSetting, prefs.body as PreferenceType[]));
  // Each team's channels and my memberships, once the teams are known; the thread counts with collapsed threads on.
  const channelsAsked = teams.then((answer) => {
    if (!ok(answer)) return;
    for (const team of answer.body as Team[]) {
      send(EARLY_PATHS.teamChannels(team.id));
      send(EARLY_PATHS.teamChannelMembers(team.id));
    }
  });
  const unreadsAsked = collapsed.then((on) => {
    if (on) send(EARLY_PATHS.teamUnreadsWithThreads);
  });
  let postsAsked: Promise<unknown> = Promise.resolve();
  if (channel) {
    const asked = firstPostsPage(channel, me, collapsed);
    early.posts = asked.then((chain) => chain?.page);
    postsAsked = asked;
  }
  for (const request of [channel, collapsed, early.posts]) request?.catch(() => undefined);
  // A page's first Intl.DateTimeFormat loads the locale's and time zone's data: 60–300 ms in Chromium,
  // which the message list's first render (every post shows its time) would pay. Done once every
  // request the first view waits for has left: begun earlier, it holds the page's only thread while
  // the first answers come back, and the requests that follow them leave that much later.
  void Promise.allSettled([channelsAsked, unreadsAsked, postsAsked]).then(() => {
    setTimeout(() => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(0), 0);
  });
  return early;
}

type FirstPostsPage = Awaited<NonNullable<EarlyRequests['posts']>>;

/**
 * The newest page of the channel the address names (`channel`, asked already), and its authors other
 * than me. Settles once its last request the first view waits on (the posts) has left: `page` is the
 * rest of it.
 */
async function firstPostsPage(channel: Promise<EarlyAnswer>, me: Promise<EarlyAnswer>, collapsed: Promise<boolean>): Promise<{ page: Promise<FirstPostsPage> } | undefined> {
  const [found, threads] = await Promise.all([channel, collapsed]);
  if (!ok(found)) return undefined;
  const channelId = (found.body as Channel).id;
  const list = get(`/api/v4/channels/${channelId}/posts?page=0&per_page=${POSTS_PER_PAGE}&skipFetchThreads=true&collapsedThreads=${threads}&collapsedThreadsExtended=false`);
  const page = Promise.all([list, me]).then(async ([answer, user]) => {
    if (!ok(user)) return undefined;
    const myId = (user.body as UserProfile).id;
    const others = ok(answer) ? [...new Set(Object.values((answer.body as PostList).posts).map((p) => p.user_id))].filter((id) => id !== myId) : [];
    const authors = others.length > 0 ? await post('/api/v4/users/ids', others) : { status: 200, body: [] };
    return { channelId, list: answer, authors };
  });
  return { page };
}

window.parleyEarly = sendEarlyRequests(window.location.pathname);
