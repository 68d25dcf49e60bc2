// The load model: Mattermost's load-test-ng SimulController (loadtest/control/simulcontroller,
// controller.go and actions.go), its actions with their weights, each turned into the requests
// Mattermost's web app makes for it — as far as this server has the routes. An action whose
// routes this server lacks is left out: its weight stays in the draw and a turn that draws it does
// nothing, so the other actions keep Mattermost's rates. The thread and sidebar actions are in
// capacity-threads.ts and capacity-sidebar.ts.
import { newId } from '../../core/src/app/ids.ts';
import type { OrgChannel, Permalink, PostRef } from './capacity-org.ts';
import { hasBit, setBit } from './capacity-org.ts';
import { createSidebarCategory, loadCategories, updateSidebarCategory } from './capacity-sidebar.ts';
import { sentence, word } from './capacity-text.ts';
import { markAllThreadsInTeamAsRead, followThread, threadTotals, unfollowThread, updateThreadRead, viewGlobalThreads, viewThread } from './capacity-threads.ts';
import { betweenScrolls, type SimContext, type SimUser } from './capacity-user.ts';

type Run = (ctx: SimContext, user: SimUser) => Promise<void>;

export interface ActionSpec {
  name: string;
  /** load-test-ng's frequency. */
  weight: number;
  run?: Run;
  /** Why this server cannot run it (then there is no `run`). */
  leftOut?: string;
}

const PERCENT_REPLIES = 0.18;
/** Root posts sent urgent (load-test-ng's PercentUrgentPosts). */
const PERCENT_URGENT_POSTS = 0.001;
const PERCENT_WITH_FILE = 0.02;
/** The web app sends typing events only to channels below MaxNotificationsPerChannel (1000) members. */
const TYPING_MEMBER_LIMIT = 1000;
/** Posts the web app loads before and after the last one read when it opens a channel for the first time. */
const AROUND_UNREAD = 30;
const SCROLL_PAGE = 30;
/** GET /users/{id}/channel_members's page in load-test-ng's GetAllChannelMembersForUser. */
const MEMBERSHIPS_PAGE = 200;
/** Members of a group message the web app lists for its name (GetUsersInChannel(id, 0, 8)). */
const GROUP_NAME_MEMBERS = 8;
/** A channel search's term: up to this many first characters of a name (load-test-ng's numChars). */
const SEARCH_CHARS = 4;
/** Most ids one /users/ids or /users/status/ids request takes here. */
const MAX_IDS = 1000;
const EMOJIS = ['+1', 'tada', 'point_up', 'raised_hands'];
const ROLES = ['system_user', 'team_user', 'channel_user'];
const THREAD_QUERY = 'skipFetchThreads=false&collapsedThreads=true&collapsedThreadsExtended=false&direction=down&perPage=25';
const DAY_MS = 86_400_000;
const CUSTOM_STATUS_MS = 30 * 60_000;

/** Where the model sends a request to the nearest route this server has, or is simpler than load-test-ng. */
export const SUBSTITUTES = [
  'SearchChannels types into GET /teams/{id}/channels/search_autocomplete (the user\'s one team), not POST /channels/search?system_console=false, which this server keeps to system administrators',
  'ViewThread loads the whole thread every time: GET /posts/{id}/thread has no updatesOnly/fromUpdateAt here',
  "a user's store keeps its 100 most recent threads (load-test-ng's keeps every thread it has listed)",
  "a profile picture is asked for once per user and author (the browser keeps it a day, per the server's Cache-Control), not on every page of posts as load-test-ng does",
  "the file on 2 % of posts is a small text file, not load-test-ng's sample images",
  'a post in a DM or group another user just created does not make its members fetch their membership (GET /channels/{id}/members/{id})',
];

export const ACTIONS: ActionSpec[] = [
  { name: 'SwitchChannel', weight: 6.5219, run: switchChannel },
  { name: 'ScrollChannel', weight: 1.9873, run: scrollChannel },
  { name: 'OpenDirectOrGroupChannel', weight: 0.9843, run: openDirectOrGroupChannel },
  { name: 'UnreadCheck', weight: 1, run: unreadCheck },
  { name: 'CreatePost', weight: 1, run: createPost },
  { name: 'JoinChannel', weight: 0.0049, run: joinChannel },
  { name: 'AddReaction', weight: 0.1306, run: addReaction },
  { name: 'FullReload', weight: 0.0008, run: fullReload },
  { name: 'CreateDirectChannel', weight: 0.0055, run: createDirectChannel },
  { name: 'SearchUsers', weight: 0.032, run: searchUsers },
  { name: 'SearchPosts', weight: 0.0218, run: searchPosts },
  { name: 'EditPost', weight: 0.04, run: editPost },
  { name: 'DeletePost', weight: 0.0049, run: deletePost },
  { name: 'CreateGroupChannel', weight: 0.0029, run: createGroupChannel },
  { name: 'CreatePrivateChannel', weight: 0.0002, run: (ctx, user) => createChannel(ctx, user, 'P') },
  { name: 'CreatePublicChannel', weight: 0.0001, run: (ctx, user) => createChannel(ctx, user, 'O') },
  { name: 'ViewThread', weight: 0.2841, run: viewThread },
  { name: 'ClickUserProfile', weight: 0.03, run: clickUserProfile },
  { name: 'ClickPermalink', weight: 0.3, run: clickPermalink },
  { name: 'ReconnectWebSocket', weight: 0.144, run: reconnectWebSocket },
  { name: 'ViewGlobalThreads', weight: 0.6023, run: viewGlobalThreads },
  { name: 'UpdateThreadRead', weight: 0.3236, run: updateThreadRead },
  { name: 'UnfollowThread', weight: 0.005, run: unfollowThread },
  { name: 'FollowThread', weight: 0.0005, run: followThread },
  { name: 'MarkAllThreadsInTeamAsRead', weight: 0.0001, run: markAllThreadsInTeamAsRead },
  { name: 'SearchChannels', weight: 0.015, run: searchChannels },
  { name: 'SearchGroupChannels', weight: 0.0204, run: searchGroupChannels },
  { name: 'UpdateCustomStatus', weight: 0.0028, run: updateCustomStatus },
  { name: 'RemoveCustomStatus', weight: 0.0026, run: removeCustomStatus },
  { name: 'UpdateSidebarCategory', weight: 0.004, run: updateSidebarCategory },
  { name: 'CreateSidebarCategory', weight: 0.0001, run: createSidebarCategory },
  { name: 'CreatePostReminder', weight: 0.0005, run: createPostReminder },
  { name: 'CreateAckPost', weight: 0.0001, run: createAckPost },
  { name: 'AckToPost', weight: 0.0001, run: ackToPost },
  { name: 'CreatePersistentNotificationPost', weight: 0.0001, run: createPersistentNotificationPost },
  { name: 'LogoutLogin', weight: 0.0006, leftOut: 'needs a password login; these users have sessions, no passwords' },
  { name: 'SwitchTeam', weight: 0.0001, leftOut: 'each simulated user is in one team (load-test-ng then does nothing too)' },
  { name: 'GenerateUserReport', weight: 0.0001, leftOut: 'administrators only (none is simulated); no /reports/users' },
  { name: 'surveyConnectAPI', weight: 0.01, leftOut: "the user-survey plugin's routes" },
  { name: 'SubmitPartialResponse', weight: 0.05, leftOut: "the user-survey plugin's routes" },
  { name: 'SubmitCompleteResponse', weight: 0.05, leftOut: "the user-survey plugin's routes" },
];

// --- the web app's building blocks (load-test-ng's viewChannel, fetchPostsInfo, loadTeam, Reload) ---

/**
 * The profile pictures of users the page shows for the first time, one request each (its image
 * elements, `?_=` the picture's version). The server lets the browser keep a picture a day, so one
 * the user has seen (taken as: whose profile it has) is not asked for again — where load-test-ng,
 * which has no browser cache, revalidates every author's picture on every page of posts (in a
 * 100-user step that was 72 % of all requests).
 */
async function fetchPictures(ctx: SimContext, user: SimUser, users: readonly number[]): Promise<void> {
  for (const index of users) await user.request(ctx, 'GET /users/{id}/image', `/users/${ctx.org.users[index].id}/image?_=0`);
}

/** Profiles and statuses of the posts' authors (and users mentioned) it has not fetched yet, and the authors' pictures. */
async function fetchPostsInfo(ctx: SimContext, user: SimUser, posts: readonly PostRef[]): Promise<void> {
  const statuses: string[] = [];
  const profiles: string[] = [];
  const usernames: string[] = [];
  const pictures: number[] = [];
  for (const post of posts) {
    if (!hasBit(user.data.knownStatuses, post.author)) {
      setBit(user.data.knownStatuses, post.author);
      statuses.push(ctx.org.users[post.author].id);
    }
    if (!hasBit(user.data.knownProfiles, post.author)) {
      setBit(user.data.knownProfiles, post.author);
      profiles.push(ctx.org.users[post.author].id);
      pictures.push(post.author);
    }
    if (post.mention >= 0 && !hasBit(user.data.knownProfiles, post.mention)) {
      setBit(user.data.knownProfiles, post.mention);
      usernames.push(ctx.org.users[post.mention].username);
    }
  }
  if (statuses.length > 0) await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', statuses);
  if (profiles.length > 0) await user.request(ctx, 'POST /users/ids', '/users/ids', profiles);
  await fetchPictures(ctx, user, pictures);
  if (usernames.length > 0) await user.request(ctx, 'POST /users/usernames', '/users/usernames', usernames);
}

async function viewChannel(ctx: SimContext, user: SimUser, channel: OrgChannel): Promise<void> {
  const me = user.data.id;
  const previous = user.channel(ctx);
  // The web app marks the channel it leaves as viewed first.
  if (previous) await user.request(ctx, 'POST /channels/members/{id}/view', `/channels/members/${me}/view`, { channel_id: previous.id, collapsed_threads_supported: true });
  const viewed = user.viewedAt.get(channel.index);
  if (viewed === undefined) {
    await user.request(
      ctx,
      'GET /users/{id}/channels/{id}/posts/unread',
      `/users/${me}/channels/${channel.id}/posts/unread?limit_before=${AROUND_UNREAD}&limit_after=${AROUND_UNREAD}&skipFetchThreads=false&collapsedThreads=true&collapsedThreadsExtended=false`,
    );
    await fetchPostsInfo(ctx, user, channel.posts);
  } else {
    await user.request(ctx, 'GET /channels/{id}/posts?since', `/channels/${channel.id}/posts?since=${viewed}&skipFetchThreads=false&collapsedThreads=true`);
    await fetchPostsInfo(ctx, user, channel.posts.filter((p) => p.createAt > viewed));
  }
  // 1 % of views open the right-hand side, which counts files too.
  await user.request(ctx, 'GET /channels/{id}/stats', `/channels/${channel.id}/stats?exclude_files_count=${!user.rng.chance(0.01)}`);
  if (channel.type === 'D' || channel.type === 'G') {
    const other = channel.members.find((m) => m !== user.data.index) ?? user.data.index;
    await user.request(ctx, 'PUT /users/{id}/preferences', `/users/${me}/preferences`, [
      channel.type === 'D'
        ? { user_id: me, category: 'direct_channel_show', name: ctx.org.users[other].id, value: 'true' }
        : { user_id: me, category: 'group_channel_show', name: channel.id, value: 'true' },
      { user_id: me, category: 'channel_open_time', name: channel.id, value: String(Date.now()) },
    ]);
  }
  await user.request(ctx, 'POST /channels/members/{id}/view', `/channels/members/${me}/view`, {
    channel_id: channel.id,
    prev_channel_id: previous?.id ?? '',
    collapsed_threads_supported: true,
  });
  user.viewedAt.set(channel.index, Date.now());
}

async function teamChannels(ctx: SimContext, user: SimUser, includeDeleted: boolean): Promise<void> {
  const me = user.data.id;
  const team = ctx.org.teams[user.data.team].id;
  await user.request(ctx, 'GET /users/{id}/teams/{id}/channels', `/users/${me}/teams/${team}/channels?include_deleted=${includeDeleted}`);
  await user.request(ctx, 'GET /users/{id}/teams/{id}/channels/members', `/users/${me}/teams/${team}/channels/members`);
}

/** The users it has direct messages with. */
function directPartners(ctx: SimContext, user: SimUser): string[] {
  const ids = new Set<string>();
  for (const index of user.data.personal) {
    const channel = ctx.org.channels[index];
    if (channel.type !== 'D') continue;
    for (const member of channel.members) if (member !== user.data.index) ids.add(ctx.org.users[member].id);
  }
  return [...ids].slice(0, MAX_IDS);
}

/** Unread counts per team (the team sidebar), with or without the threads' counts. */
async function teamsUnread(ctx: SimContext, user: SimUser, withThreads: boolean): Promise<void> {
  await user.request(ctx, 'GET /users/{id}/teams/unread', `/users/${user.data.id}/teams/unread?exclude_team=&include_collapsed_threads=${withThreads}`);
}

/** A page load (load-test-ng's control.Reload), then the team (loadTeam). */
async function reload(ctx: SimContext, user: SimUser): Promise<void> {
  const me = user.data.id;
  await user.request(ctx, 'GET /users', '/users?page=0&per_page=100');
  await user.request(ctx, 'GET /users/{id}/preferences', `/users/${me}/preferences`);
  // Group messages it shows are named after their members.
  for (const index of user.data.personal) {
    const channel = ctx.org.channels[index];
    if (channel.type === 'G') await user.request(ctx, 'GET /users?in_channel', `/users?in_channel=${channel.id}&page=0&per_page=${GROUP_NAME_MEMBERS}`);
  }
  const current = user.channel(ctx);
  if (current) await user.request(ctx, 'POST /channels/members/{id}/view', `/channels/members/${me}/view`, { channel_id: current.id, prev_channel_id: '' });
  await user.request(ctx, 'GET /config/client', '/config/client?format=old');
  await user.request(ctx, 'GET /users/{id}', '/users/me');
  await user.request(ctx, 'POST /roles/names', '/roles/names', ROLES);
  await user.request(ctx, 'GET /plugins/webapp', '/plugins/webapp');
  await user.request(ctx, 'GET /teams', '/teams?page=0&per_page=50');
  await user.request(ctx, 'GET /users/{id}/teams', `/users/${me}/teams`);
  await user.request(ctx, 'GET /users/{id}/teams/members', `/users/${me}/teams/members`);
  await teamChannels(ctx, user, true);
  await user.request(ctx, 'GET /users/{id}/channels', `/users/${me}/channels?last_delete_at=0`);
  const memberships = user.data.channels.length + user.data.personal.length;
  for (let page = 0; page * MEMBERSHIPS_PAGE <= memberships; page++) {
    await user.request(ctx, 'GET /users/{id}/channel_members', `/users/${me}/channel_members?page=${page}&per_page=${MEMBERSHIPS_PAGE}`);
  }
  await teamsUnread(ctx, user, false);
  const partners = directPartners(ctx, user);
  if (partners.length > 0) {
    await user.request(ctx, 'POST /users/ids', '/users/ids', partners);
    await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', partners);
  }
  await user.request(ctx, 'GET /users/{id}/status', `/users/${me}/status`);
  if (current) {
    await user.request(ctx, 'GET /users/{id}/channels/{id}/unread', `/users/${me}/channels/${current.id}/unread`);
    await user.request(ctx, 'GET /channels/{id}/stats', `/channels/${current.id}/stats?exclude_files_count=true`);
  }
  // loadTeam, as load-test-ng runs it without GraphQL (the channels came with the page).
  await teamsUnread(ctx, user, true);
  await threadTotals(ctx, user);
  await loadCategories(ctx, user);
  await user.request(ctx, 'GET /posts/scheduled/team/{id}', `/posts/scheduled/team/${ctx.org.teams[user.data.team].id}?includeDirectChannels=true`);
  await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', [me]);
}

/**
 * What a user does when it comes online (load-test-ng: login, then the initial reload and channel).
 * Its web app is taken to have been open a while, as in the hours of a load-test-ng run: it has
 * the profiles and statuses of the members of its channels and has viewed each channel. A fresh
 * store would make the first minutes of every step one-time fetches instead — every member
 * fetching every typist's profile once, N² of them — which a steady state does not have.
 */
export async function comeOnline(ctx: SimContext, user: SimUser): Promise<void> {
  const now = Date.now();
  for (const index of [...user.data.channels, ...user.data.personal]) {
    user.viewedAt.set(index, now);
    for (const member of ctx.org.channels[index].members) {
      setBit(user.data.knownProfiles, member);
      setBit(user.data.knownStatuses, member);
    }
  }
  await user.socket.open(false);
  await reload(ctx, user);
  await switchChannel(ctx, user);
}

/** Every 60 s: statuses of the current channel's authors and of the DM partners (periodic.go). */
export async function pollStatuses(ctx: SimContext, user: SimUser): Promise<void> {
  const ids = new Set([user.data.id, ...directPartners(ctx, user)]);
  for (const post of user.channel(ctx)?.posts ?? []) ids.add(ctx.org.users[post.author].id);
  await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', [...ids].slice(0, MAX_IDS));
}

/**
 * Calls `type` with each prefix of `text`, at a typing speed of 100-300 ms a key, with 15 % typos;
 * it stops once `type` resolves to FOUND (an autocomplete down to its one match).
 */
async function typeOut(ctx: SimContext, user: SimUser, text: string, type: (term: string) => Promise<unknown>): Promise<void> {
  const keyMs = user.rng.between(100, 300);
  for (let i = 1; i <= text.length && !ctx.clock.stopped; i++) {
    await ctx.clock.sleep(keyMs);
    if ((await type(text.slice(0, i))) === FOUND) return;
    if (i < text.length && user.rng.chance(0.15)) {
      await ctx.clock.sleep(keyMs);
      if ((await type(`${text.slice(0, i)}a`)) === FOUND) return;
    }
  }
}

const FOUND = Symbol('found');

function otherUser(ctx: SimContext, user: SimUser): SimUser {
  const users = ctx.users;
  const other = users[user.rng.int(users.length)];
  return other === user && users.length > 1 ? users[(other.data.index + 1) % users.length] : other;
}

/** load-test-ng's createMessage: 10 % mention someone (typed with autocomplete), 10 % a link, 1 % a permalink. */
async function composeMessage(ctx: SimContext, user: SimUser, channel: OrgChannel, isReply: boolean): Promise<{ text: string; mention: number; permalink: Permalink | null }> {
  let text = '';
  let mention = -1;
  let permalink: Permalink | null = null;
  if (user.rng.chance(0.1)) {
    const target = otherUser(ctx, user).data;
    const team = ctx.org.teams[user.data.team].id;
    const cutoff = 2 + user.rng.int(Math.floor(target.username.length / 2) + 1);
    await typeOut(ctx, user, target.username.slice(0, cutoff), (term) =>
      user.request(ctx, 'GET /users/autocomplete', `/users/autocomplete?in_team=${team}&in_channel=${channel.id}&name=${term}&limit=100`),
    );
    text += `@${target.username} `;
    mention = target.index;
  }
  if (user.rng.chance(0.1)) text += `https://example.com/${word(user.rng)} `;
  if (user.rng.chance(0.01)) {
    const source = ctx.org.channels[user.rng.pick(user.data.channels)];
    if (source.posts.length > 0) {
      permalink = { postId: user.rng.pick(source.posts).id, channel: source.index };
      text += `${ctx.siteUrl}/${ctx.org.teams[user.data.team].name}/pl/${permalink.postId} `;
    }
  }
  return { text: text + sentence(user.rng, isReply), mention, permalink };
}

/** How many online members should receive a post in `channel` (the poster included). */
function expectedReceivers(ctx: SimContext, channel: OrgChannel): number {
  let count = 0;
  for (const member of channel.members) if (member < ctx.users.length && ctx.users[member].expecting) count++;
  return count;
}

async function attachFile(ctx: SimContext, user: SimUser, channel: OrgChannel): Promise<string[]> {
  const boundary = `----capacity${newId()}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\n${sentence(user.rng, false)}\r\n--${boundary}--\r\n`;
  const reply = await ctx.http.send(user.node, 'POST /files', 'POST', `/files?channel_id=${channel.id}`, user.auth, { type: `multipart/form-data; boundary=${boundary}`, data: body }, true);
  if (!reply.body) return [];
  return (JSON.parse(reply.body) as { file_infos: Array<{ id: string }> }).file_infos.map((f) => f.id);
}

// --- the actions ---

async function switchChannel(ctx: SimContext, user: SimUser): Promise<void> {
  const choices = user.data.channels.filter((c) => c !== user.current);
  if (choices.length === 0) return;
  const channel = ctx.org.channels[user.rng.pick(choices)];
  await viewChannel(ctx, user, channel);
  user.current = channel.index;
}

async function scrollChannel(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  if (!channel || channel.posts.length === 0) return;
  let postId = channel.posts[0].id;
  const scrolls = 1 + user.rng.int(5);
  for (let i = 0; i < scrolls && !ctx.clock.stopped; i++) {
    await user.request(ctx, 'GET /channels/{id}/posts?before', `/channels/${channel.id}/posts?before=${postId}&page=0&per_page=${SCROLL_PAGE}&skipFetchThreads=false&collapsedThreads=true`);
    await fetchPostsInfo(ctx, user, channel.posts.slice(0, SCROLL_PAGE));
    // load-test-ng scrolls on from its newest post, as its store sorts them.
    postId = channel.posts.at(-1)?.id ?? postId;
    await betweenScrolls(ctx, user);
  }
}

async function openDirectOrGroupChannel(ctx: SimContext, user: SimUser): Promise<void> {
  const choices = user.data.personal.filter((c) => c !== user.current);
  if (choices.length > 0) await viewChannel(ctx, user, ctx.org.channels[user.rng.pick(choices)]);
}

async function unreadCheck(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  if (!channel) return;
  await teamChannels(ctx, user, true);
  await user.request(ctx, 'POST /channels/members/{id}/view', `/channels/members/${user.data.id}/view`, { channel_id: channel.id, collapsed_threads_supported: true });
}

async function createPost(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  if (!channel) return;
  const live = !ctx.http.pingOnly;
  if (live && channel.members.length < TYPING_MEMBER_LIMIT) user.socket.typing(channel.id);
  const isReply = user.rng.chance(PERCENT_REPLIES);
  let rootId = '';
  if (isReply) {
    if (channel.posts.length === 0) return;
    const post = user.rng.pick(channel.posts);
    rootId = post.rootId || post.id;
  }
  const fileIds = user.rng.chance(PERCENT_WITH_FILE) ? await attachFile(ctx, user, channel) : [];
  const message = await composeMessage(ctx, user, channel, isReply);
  // Mattermost's clients name a post on its way `<user id>:<ms>`; the posted event carries it back.
  const pendingId = `${user.data.id}:${Date.now()}`;
  if (live) ctx.deliveries.sending(pendingId, expectedReceivers(ctx, channel));
  const urgent = !isReply && user.rng.chance(PERCENT_URGENT_POSTS);
  const body = { channel_id: channel.id, message: message.text, root_id: rootId, pending_post_id: pendingId, file_ids: fileIds };
  const reply = await user.request(ctx, 'POST /posts', '/posts', urgent ? { ...body, metadata: { priority: priority(false, false) } } : body, true);
  if (!reply.body) {
    ctx.deliveries.notCreated(pendingId);
    return;
  }
  const created = JSON.parse(reply.body) as { id: string; create_at: number };
  ctx.org.addPost(channel, { id: created.id, author: user.data.index, rootId, createAt: created.create_at, mention: message.mention });
  if (message.permalink) channel.permalink = message.permalink;
}

/** An urgent priority, as load-test-ng's posts carry it. */
function priority(requestedAck: boolean, persistentNotifications: boolean): Record<string, unknown> {
  return { priority: 'urgent', requested_ack: requestedAck, persistent_notifications: persistentNotifications };
}

/** load-test-ng's CreateAckPost: an urgent post asking for acknowledgements, in a random channel of the user's. */
async function createAckPost(ctx: SimContext, user: SimUser): Promise<void> {
  if (user.data.channels.length === 0) return;
  const channel = ctx.org.channels[user.rng.pick(user.data.channels)];
  const message = 'Priority Post Lorem ipsum dolor sit amet, consectetur adipiscing elit';
  const reply = await user.request(ctx, 'POST /posts', '/posts', { channel_id: channel.id, message, metadata: { priority: priority(true, false) } }, true);
  if (!reply.body) return;
  const created = JSON.parse(reply.body) as { id: string; create_at: number };
  ctx.org.addPost(channel, { id: created.id, author: user.data.index, rootId: '', createAt: created.create_at, mention: -1, ackRequested: true });
}

/** load-test-ng's AckToPost: acknowledges a post that asks for it, among the recent posts of the user's channels. */
async function ackToPost(ctx: SimContext, user: SimUser): Promise<void> {
  const asking = user.data.channels.flatMap((c) => ctx.org.channels[c].posts.filter((p) => p.ackRequested));
  if (asking.length === 0) return;
  const post = user.rng.pick(asking);
  await user.request(ctx, 'POST /users/{id}/posts/{id}/ack', `/users/${user.data.id}/posts/${post.id}/ack`);
}

/** load-test-ng's CreatePersistentNotificationPost: an urgent post with persistent notifications, mentioning another member of a random channel of the user's. */
async function createPersistentNotificationPost(ctx: SimContext, user: SimUser): Promise<void> {
  if (user.data.channels.length === 0) return;
  const channel = ctx.org.channels[user.rng.pick(user.data.channels)];
  const others = channel.members.filter((m) => m !== user.data.index);
  if (others.length === 0) return;
  const mention = user.rng.pick(others);
  const message = `Persistent Notification Post mention @${ctx.org.users[mention].username}`;
  const reply = await user.request(ctx, 'POST /posts', '/posts', { channel_id: channel.id, message, metadata: { priority: priority(false, true) } }, true);
  if (!reply.body) return;
  const created = JSON.parse(reply.body) as { id: string; create_at: number };
  ctx.org.addPost(channel, { id: created.id, author: user.data.index, rootId: '', createAt: created.create_at, mention });
}

async function joinChannel(ctx: SimContext, user: SimUser): Promise<void> {
  const team = ctx.org.teams[user.data.team];
  await user.request(ctx, 'GET /teams/{id}/channels', `/teams/${team.id}/channels?page=0&per_page=100`);
  const choices = team.channels.map((i) => ctx.org.channels[i]).filter((c) => c.type === 'O' && !c.members.includes(user.data.index));
  if (choices.length === 0) return;
  const channel = user.rng.pick(choices);
  const reply = await user.request(ctx, 'POST /channels/{id}/members', `/channels/${channel.id}/members`, { user_id: user.data.id });
  if (reply.status === 201) ctx.org.join(channel, user.data);
}

async function addReaction(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  if (!channel || channel.posts.length === 0) return;
  const post = user.rng.pick(channel.posts);
  const emoji = user.rng.pick(EMOJIS);
  const key = `${post.id}:${emoji}`;
  if (user.reacted.has(key)) return;
  if (user.reacted.size > 500) user.reacted.clear();
  user.reacted.add(key);
  await user.request(ctx, 'POST /reactions', '/reactions', { user_id: user.data.id, post_id: post.id, emoji_name: emoji });
}

/** "Remind me" about a post of the current channel in ten minutes (load-test-ng's fixed delay; the time in seconds). */
async function createPostReminder(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  if (!channel || channel.posts.length === 0) return;
  const post = user.rng.pick(channel.posts);
  const targetTime = Math.floor(Date.now() / 1000) + 600;
  await user.request(ctx, 'POST /users/{id}/posts/{id}/reminder', `/users/${user.data.id}/posts/${post.id}/reminder`, { target_time: targetTime });
}

/** A full page reload: a fresh WebSocket (events sent meanwhile are not expected), then the page's requests. */
async function fullReload(ctx: SimContext, user: SimUser): Promise<void> {
  // load-test-ng clears the user's store; the page load lists the categories again, threads as needed.
  user.threads = [];
  user.expecting = false;
  await user.socket.close();
  try {
    await user.socket.open(false);
  } finally {
    user.expecting = true;
  }
  await reload(ctx, user);
  const channel = user.channel(ctx);
  if (channel) await viewChannel(ctx, user, channel);
}

async function createDirectChannel(ctx: SimContext, user: SimUser): Promise<void> {
  await user.request(ctx, 'GET /users', '/users?page=0&per_page=100');
  const other = otherUser(ctx, user);
  if (other === user) return;
  const reply = await user.request(ctx, 'POST /channels/direct', '/channels/direct', [user.data.id, other.data.id], true);
  if (!reply.body) return;
  const id = (JSON.parse(reply.body) as { id: string }).id;
  const [a, b] = [user.data.id, other.data.id].sort();
  const channel = ctx.org.channelById(id) ?? ctx.org.addChannel({ id, name: `${a}__${b}`, team: -1, type: 'D', members: [user.data.index, other.data.index] });
  await openCreatedChannel(ctx, user, channel);
}

async function createGroupChannel(ctx: SimContext, user: SimUser): Promise<void> {
  await user.request(ctx, 'GET /users', '/users?page=0&per_page=100');
  const others = new Set([otherUser(ctx, user), otherUser(ctx, user)]);
  others.delete(user);
  if (others.size < 2) return;
  const members = [user, ...others].map((u) => u.data.index);
  const reply = await user.request(ctx, 'POST /channels/group', '/channels/group', [...others].map((u) => u.data.id), true);
  if (!reply.body) return;
  const created = JSON.parse(reply.body) as { id: string; name: string };
  const channel = ctx.org.channelById(created.id) ?? ctx.org.addChannel({ id: created.id, name: created.name, team: -1, type: 'G', members });
  await openCreatedChannel(ctx, user, channel);
}

/** After creating a DM or group message the web app fetches and opens it; load-test-ng then posts. */
async function openCreatedChannel(ctx: SimContext, user: SimUser, channel: OrgChannel): Promise<void> {
  await user.request(ctx, 'GET /channels/{id}', `/channels/${channel.id}`);
  await user.request(ctx, 'GET /channels/{id}/members/{id}', `/channels/${channel.id}/members/${user.data.id}`);
  await viewChannel(ctx, user, channel);
  await createPost(ctx, user);
}

async function createChannel(ctx: SimContext, user: SimUser, type: 'O' | 'P'): Promise<void> {
  const team = ctx.org.teams[user.data.team];
  const name = newId();
  const reply = await user.request(ctx, 'POST /channels', '/channels', { team_id: team.id, name, display_name: `Channel ${name}`, type }, true);
  if (!reply.body) return;
  const channel = ctx.org.addChannel({ id: (JSON.parse(reply.body) as { id: string }).id, name, team: team.index, type, members: [user.data.index] });
  // The add-members dialog (openAddMembersDialog).
  await user.request(ctx, 'GET /teams/{id}/stats', `/teams/${team.id}/stats`);
  await user.request(ctx, 'GET /users?in_channel', `/users?in_channel=${channel.id}&page=0&per_page=50`);
  await user.request(ctx, 'GET /users?not_in_channel', `/users?in_team=${team.id}&not_in_channel=${channel.id}&page=0&per_page=100`);
  await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', [user.data.id]);
  const candidates = ctx.users.filter((u) => u.data.team === team.index && u !== user).slice(0, 100);
  if (candidates.length > 0) await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', candidates.map((u) => u.data.id));
  await user.request(ctx, 'POST /channels/members/{id}/view', `/channels/members/${user.data.id}/view`, { channel_id: channel.id, collapsed_threads_supported: true });
  if (type !== 'P') return;
  for (const invited of user.rng.sample(candidates, 1 + user.rng.int(4))) {
    const added = await user.request(ctx, 'POST /channels/{id}/members', `/channels/${channel.id}/members`, { user_id: invited.data.id });
    if (added.status === 201) ctx.org.join(channel, invited.data);
  }
}

async function searchUsers(ctx: SimContext, user: SimUser): Promise<void> {
  const target = otherUser(ctx, user).data.username;
  await typeOut(ctx, user, target, (term) => user.request(ctx, 'POST /users/search', '/users/search', { term, limit: 100 }));
}

/** load-test-ng's searchPosts: 1-4 words, each modifier in 20 % of searches. */
async function searchPosts(ctx: SimContext, user: SimUser): Promise<void> {
  const team = ctx.org.teams[user.data.team].id;
  const rng = user.rng;
  const parts: string[] = [];
  if (rng.chance(0.2)) {
    const from = otherUser(ctx, user).data.username;
    await typeOut(ctx, user, from, async (term) => {
      const reply = await user.request(ctx, 'GET /users/autocomplete', `/users/autocomplete?in_team=${team}&name=${term}&limit=25`, undefined, true);
      if (!reply.body) return null;
      const listed = (JSON.parse(reply.body) as { users: Array<{ id: string }> }).users.flatMap((u) => ctx.org.userIndex(u.id) ?? []);
      // The list shows each user's picture; the profiles come with it.
      const unseen = listed.filter((index) => !hasBit(user.data.knownProfiles, index));
      for (const index of unseen) setBit(user.data.knownProfiles, index);
      await fetchPictures(ctx, user, unseen);
      return listed.length === 1 ? FOUND : null;
    });
    parts.push(`from:${from}`);
  }
  if (rng.chance(0.2)) {
    const channel = ctx.org.channels[rng.pick(user.data.channels)].name;
    await typeOut(ctx, user, channel, async (term) => ((await autocompleteChannels(ctx, user, term)) === 1 ? FOUND : null));
    parts.push(`in:${channel}`);
  }
  if (rng.chance(0.2)) parts.push(`${rng.pick(['on', 'before', 'after'])}:${new Date(Date.now() - rng.int(7) * DAY_MS).toISOString().slice(0, 10)}`);
  if (rng.chance(0.2)) parts.push(`-${word(rng)}`);
  const words = Array.from({ length: 1 + rng.int(4) }, () => word(rng));
  parts.push(rng.chance(0.2) ? `"${words.join(' ')}"` : words.join(' '));
  await user.request(ctx, 'POST /teams/{id}/posts/search', `/teams/${team}/posts/search`, {
    terms: parts.join(' '),
    is_or_search: false,
    time_zone_offset: 0,
    include_deleted_channels: false,
    page: 0,
    per_page: 20,
  });
}

/** The team's channel autocomplete of the search box and the channel switcher; how many channels it lists. */
async function autocompleteChannels(ctx: SimContext, user: SimUser, term: string): Promise<number> {
  const team = ctx.org.teams[user.data.team].id;
  const reply = await user.request(ctx, 'GET /teams/{id}/channels/search_autocomplete', `/teams/${team}/channels/search_autocomplete?name=${encodeURIComponent(term)}`, undefined, true);
  return reply.body ? (JSON.parse(reply.body) as unknown[]).length : 0;
}

/** The channel switcher: the first 1-4 letters of one of its team's channels. */
async function searchChannels(ctx: SimContext, user: SimUser): Promise<void> {
  const name = ctx.org.channels[user.rng.pick(ctx.org.teams[user.data.team].channels)].name;
  await typeOut(ctx, user, name.slice(0, 1 + user.rng.int(Math.min(SEARCH_CHARS, name.length))), (term) => autocompleteChannels(ctx, user, term));
}

/** Group messages by a member's name: load-test-ng sends the whole username at each key of its first 1-4. */
async function searchGroupChannels(ctx: SimContext, user: SimUser): Promise<void> {
  const username = otherUser(ctx, user).data.username;
  await typeOut(ctx, user, username.slice(0, 1 + user.rng.int(Math.min(SEARCH_CHARS, username.length))), () =>
    user.request(ctx, 'POST /channels/group/search', '/channels/group/search', { term: username }),
  );
}

async function updateCustomStatus(ctx: SimContext, user: SimUser): Promise<void> {
  await user.request(ctx, 'PUT /users/{id}/status/custom', `/users/${user.data.id}/status/custom`, {
    emoji: user.rng.pick(EMOJIS),
    text: sentence(user.rng, false),
    duration: 'thirty_minutes',
    expires_at: new Date(Date.now() + CUSTOM_STATUS_MS).toISOString(),
  });
}

async function removeCustomStatus(ctx: SimContext, user: SimUser): Promise<void> {
  await user.request(ctx, 'DELETE /users/{id}/status/custom', `/users/${user.data.id}/status/custom`);
}

function ownPost(user: SimUser, channel: OrgChannel | undefined): PostRef | undefined {
  const mine = channel?.posts.filter((p) => p.author === user.data.index) ?? [];
  return mine.length > 0 ? user.rng.pick(mine) : undefined;
}

async function editPost(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  const post = ownPost(user, channel);
  if (!channel || !post) return;
  const message = await composeMessage(ctx, user, channel, post.rootId !== '');
  await user.request(ctx, 'PUT /posts/{id}/patch', `/posts/${post.id}/patch`, { message: message.text });
}

async function deletePost(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  const post = ownPost(user, channel);
  if (!channel || !post) return;
  const reply = await user.request(ctx, 'DELETE /posts/{id}', `/posts/${post.id}`);
  if (reply.status === 200) ctx.org.removePost(channel, post.id);
}

async function clickUserProfile(ctx: SimContext, user: SimUser): Promise<void> {
  const channel = user.channel(ctx);
  if (!channel || channel.posts.length === 0) return;
  const author = ctx.org.users[user.rng.pick(channel.posts).author];
  await user.request(ctx, 'GET /channels/{id}/members/{id}', `/channels/${channel.id}/members/${author.id}`);
  await user.request(ctx, 'GET /teams/{id}/members/{id}', `/teams/${ctx.org.teams[user.data.team].id}/members/${author.id}`);
}

/** Opens the post a message links to, joining its channel first when it is a public one of the team. */
async function clickPermalink(ctx: SimContext, user: SimUser): Promise<void> {
  const link = user.channel(ctx)?.permalink;
  if (!link) return;
  const target = ctx.org.channels[link.channel];
  const member = target.members.includes(user.data.index);
  // A private channel, or another team's: the web app cannot open it for this user.
  if (!member && (target.type !== 'O' || target.team !== user.data.team)) return;
  await user.request(ctx, 'GET /posts/{id}/thread', `/posts/${link.postId}/thread?${THREAD_QUERY}`);
  if (!member) {
    const joined = await user.request(ctx, 'POST /channels/{id}/members', `/channels/${target.id}/members`, { user_id: user.data.id });
    if (joined.status !== 201) return;
    ctx.org.join(target, user.data);
  }
  await teamChannels(ctx, user, false);
  await viewChannel(ctx, user, target);
  user.current = target.index;
}

/** Drops the socket and resumes it, then what the web app refetches after a reconnect. */
async function reconnectWebSocket(ctx: SimContext, user: SimUser): Promise<void> {
  await user.socket.close();
  await user.socket.open(true).catch(() => {});
  await teamChannels(ctx, user, false);
  const channel = user.channel(ctx);
  // load-test-ng's reconnect ends here while no channel is open.
  if (!channel) return;
  const latest = channel.posts.at(-1);
  if (latest) {
    await user.request(ctx, 'GET /channels/{id}/posts?since', `/channels/${channel.id}/posts?since=${latest.createAt}&skipFetchThreads=false&collapsedThreads=true`);
    const ids = new Set([...channel.posts.map((p) => ctx.org.users[p.author].id), ...directPartners(ctx, user)]);
    await user.request(ctx, 'POST /users/status/ids', '/users/status/ids', [...ids].slice(0, MAX_IDS));
  }
  await teamsUnread(ctx, user, true);
  await user.request(ctx, 'GET /plugins/webapp', '/plugins/webapp');
  const known: string[] = [];
  for (let i = 0; i < ctx.org.users.length && known.length < MAX_IDS; i++) if (hasBit(user.data.knownProfiles, i)) known.push(ctx.org.users[i].id);
  if (known.length > 0) await user.request(ctx, 'POST /users/ids', `/users/ids?since=${Date.now()}`, known);
}
