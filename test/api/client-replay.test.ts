// Issue 14's acceptance replay: the REST calls Mattermost's web app and mobile app make when a person
// signs in, opens the app on a team, opens a channel, posts, replies in a thread, reacts, uploads a
// file and searches — in the apps' order, with their paths, queries and bodies, each checked for a
// 2xx answer carrying the fields the app reads. Every call names the Mattermost function it comes
// from (mattermost/mattermost `webapp/channels/src/...`, mattermost/mattermost-mobile `app/...`).
//
// The scene has collapsed reply threads on (the person's `collapsed_reply_threads` preference) and
// custom emoji enabled, so the calls the apps make only then are part of the replay. Left out:
// calls behind a paid licence (groups and group mentions, data retention, scheduled posts,
// compliance, cloud limits, insights), calls a system admin alone makes (GET /limits/users), calls
// to plugins (calls, agents, apps bindings, playbooks), push-proxy and device-token calls (no device
// token in a test), and the WebSocket itself (other suites cover it). Calls an app sends together
// (Promise.all) are sent one after another here, in the order the source lists them.
import { expect } from 'chai';
import type { Post } from '@mattermost/types/posts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { pngFile } from '../helpers/file-fixtures.ts';
import { MobileAppTransport, replay, WebAppTransport, type AppTransport, type ReplayCall, type ReplayValues } from '../helpers/client-replay.ts';

const WEB = 'mattermost/mattermost webapp/channels/src';
const REDUX = `${WEB}/packages/mattermost-redux/src/actions`;
const MOBILE = 'mattermost/mattermost-mobile app';

/** A custom emoji name no emoji has: the apps still ask the server about it when a message uses it. */
const CUSTOM_EMOJI = 'parley_wave';

/** The picture the upload flows attach (drawn once, in the suite's before hook). */
let picture: File;

// --- shape checks: the fields each app reads from an answer ------------------------------------

function isPostList(list: any): void {
  expect(list, 'a PostList').to.include.keys('order', 'posts');
  expect(list.order).to.be.an('array');
  expect(list.posts).to.be.an('object');
  for (const id of list.order) expect(list.posts, `posts[${id}] for an id in order`).to.have.property(id);
}

function isUnreadPostList(list: any): void {
  isPostList(list);
  expect(list, 'the unread window of a PostList').to.include.keys('next_post_id', 'prev_post_id');
}

function isArrayOf(keys: string[]) {
  return (answer: any): void => {
    expect(answer).to.be.an('array');
    for (const item of answer) expect(item).to.include.keys(...keys);
  };
}

function isCategories(answer: any, v: ReplayValues): void {
  expect(answer).to.include.keys('categories', 'order');
  expect(answer.order).to.be.an('array').that.is.not.empty;
  const ids = answer.categories.map((c: any) => c.id);
  expect(answer.order).to.have.members(ids);
  for (const category of answer.categories) {
    expect(category).to.include.keys('id', 'user_id', 'team_id', 'type', 'display_name', 'sorting', 'channel_ids', 'muted', 'collapsed');
    expect(category.team_id).to.equal(v.teamId);
  }
  const types = answer.categories.map((c: any) => c.type);
  expect(types).to.include.members(['favorites', 'channels', 'direct_messages']);
  const channels = answer.categories.find((c: any) => c.type === 'channels');
  expect(channels.channel_ids).to.include(v.channelId);
}

/** An image body (the answer is not JSON; the apps put the URL in an <img>). */
function isPicture(answer: unknown): void {
  expect(answer, 'image bytes').to.be.a('string').that.is.not.empty;
}

function isThreadList(answer: any): void {
  expect(answer).to.include.keys('threads', 'total', 'total_unread_threads', 'total_unread_mentions');
  expect(answer.threads).to.be.an('array');
}

function isClientConfig(answer: any): void {
  expect(answer.Version, 'config Version').to.be.a('string').that.is.not.empty;
}

/** What the apps read from the signed-in configuration to turn on the features this replay uses. */
function isSignedInClientConfig(answer: any): void {
  isClientConfig(answer);
  expect(answer.CollapsedThreads, 'config CollapsedThreads (collapsed reply threads allowed)').not.to.equal('disabled');
  expect(answer.EnableCustomEmoji, 'config EnableCustomEmoji').to.equal('true');
}

function isCreatedPost(answer: any, v: ReplayValues, rootId = ''): void {
  expect(answer).to.include.keys('id', 'create_at', 'channel_id', 'user_id', 'message', 'root_id', 'pending_post_id');
  expect(answer.user_id).to.equal(v.userId);
  expect(answer.root_id).to.equal(rootId);
  expect(answer.pending_post_id, 'the pending_post_id the app sent, echoed').to.equal(v.pendingPostId);
}

function isUploaded(answer: any): void {
  expect(answer).to.include.keys('file_infos', 'client_ids');
  expect(answer.file_infos).to.have.length(1);
  expect(answer.file_infos[0]).to.include.keys('id', 'name', 'extension', 'size', 'mime_type', 'has_preview_image');
}

const rememberFile = (answer: any): ReplayValues => ({ fileId: answer.file_infos[0].id });

function hasAttachedFile(answer: any, v: ReplayValues): void {
  expect(answer.file_ids).to.deep.equal([v.fileId]);
  expect(answer.metadata?.files?.map((f: any) => f.id), 'metadata.files of the new post').to.deep.equal([v.fileId]);
}

function isThread(answer: any, v: ReplayValues): void {
  expect(answer).to.include.keys('id', 'reply_count', 'last_reply_at', 'last_viewed_at', 'participants', 'post', 'unread_replies', 'unread_mentions');
  expect(answer.id).to.equal(v.rootPostId);
}

function isSearchResult(answer: any, v: ReplayValues): void {
  isPostList(answer);
  expect(answer.order, 'search results').to.include(v.searchPostId);
}

function isFileSearchResult(answer: any, v: ReplayValues): void {
  expect(answer).to.include.keys('order', 'file_infos');
  expect(answer.order, 'file search results').to.include(v.searchFileId);
}

function isReaction(answer: any, v: ReplayValues): void {
  expect(answer).to.include({ user_id: v.userId, post_id: v.rootPostId });
  expect(answer).to.include.keys('emoji_name', 'create_at');
}

/** The body of a new post as the web app's create_post sends it (actions/views/create_comment, post_actions). */
function webPost(v: ReplayValues, extra: Partial<Post> = {}): Record<string, unknown> {
  const now = Date.now();
  v.pendingPostId = `${v.userId}:${now}`;
  return { file_ids: [], message: '', channel_id: v.channelId, root_id: '', pending_post_id: v.pendingPostId, user_id: v.userId, create_at: 0, update_at: now, reply_count: 0, metadata: {}, props: {}, ...extra };
}

/** The body of a new post as the mobile app's createPost sends it (app/actions/remote/post.ts). */
function mobilePost(v: ReplayValues, extra: Partial<Post> = {}): Record<string, unknown> {
  const now = Date.now();
  v.pendingPostId = `${v.userId}:${now}`;
  return { user_id: v.userId, channel_id: v.channelId, root_id: '', message: '', id: '', pending_post_id: v.pendingPostId, create_at: now, update_at: now, delete_at: 0, ...extra };
}

/** The web app's synced draft (mattermost-redux actions/drafts.ts upsertDraft). */
function webDraft(v: ReplayValues, message: string, rootId = '', fileIds: string[] = []): Record<string, unknown> {
  return { create_at: 0, update_at: 0, delete_at: 0, user_id: v.userId, channel_id: v.channelId, root_id: rootId, message, props: {}, file_ids: fileIds };
}

function uploadForm(v: ReplayValues, file: File, clientId?: string): FormData {
  const form = new FormData();
  form.append('channel_id', v.channelId);
  if (clientId) form.append('client_ids', clientId);
  form.append('files', file, file.name);
  return form;
}

// --- the web app ---------------------------------------------------------------------------------

const webLoadMe: ReplayCall[] = [
  { from: `${REDUX}/users.ts loadMe → general.ts getClientConfig`, method: 'GET', path: () => '/config/client?format=old', reads: isSignedInClientConfig },
  { from: `${REDUX}/users.ts loadMe → general.ts getLicenseConfig`, method: 'GET', path: () => '/license/client?format=old', reads: (a) => expect(a.IsLicensed).to.be.a('string') },
  { from: `${REDUX}/users.ts loadMe → getMe`, method: 'GET', path: () => '/users/me', reads: (a, v) => expect(a).to.include({ id: v.userId }) },
  { from: `${REDUX}/users.ts loadMe → preferences.ts getMyPreferences`, method: 'GET', path: () => '/users/me/preferences', reads: isArrayOf(['user_id', 'category', 'name', 'value']) },
  { from: `${REDUX}/users.ts loadMe → teams.ts getMyTeams`, method: 'GET', path: () => '/users/me/teams', reads: (a, v) => expect(a.map((t: any) => t.id)).to.include(v.teamId) },
  { from: `${REDUX}/users.ts loadMe → teams.ts getMyTeamMembers`, method: 'GET', path: () => '/users/me/teams/members', reads: isArrayOf(['team_id', 'user_id', 'roles', 'delete_at']) },
  { from: `${REDUX}/users.ts loadMe → teams.ts getMyTeamUnreads(collapsed threads on)`, method: 'GET', path: () => '/users/me/teams/unread?include_collapsed_threads=true', reads: isArrayOf(['team_id', 'msg_count', 'mention_count', 'thread_count', 'thread_mention_count']) },
];

const webApp: Record<string, ReplayCall[]> = {
  'sign in': [
    { from: `${WEB}/actions/views/root.ts loadConfigAndMe → getClientConfig`, method: 'GET', path: () => '/config/client?format=old', reads: isClientConfig },
    { from: `${WEB}/actions/views/root.ts loadConfigAndMe → getLicenseConfig`, method: 'GET', path: () => '/license/client?format=old' },
    {
      from: `${WEB}/actions/views/login.ts login → Client4.login`,
      method: 'POST',
      path: () => '/users/login',
      body: (v) => ({ login_id: v.username, password: PASSWORD, token: '', deviceId: '' }),
      reads: (a, v) => {
        expect(a).to.include({ id: v.userId });
        expect(a.roles).to.be.a('string');
      },
    },
    { from: `${WEB}/actions/views/login.ts login → roles.ts loadRolesIfNeeded`, method: 'POST', path: () => '/roles/names', body: () => ['system_user'], reads: isArrayOf(['name', 'permissions']) },
    ...webLoadMe,
  ],

  'first load of a team': [
    ...webLoadMe,
    { from: `${REDUX}/channels.ts fetchAllMyTeamsChannelsAndChannelMembersREST → getAllChannelsMembers`, method: 'GET', path: (v) => `/users/${v.userId}/channel_members?page=0&per_page=200`, reads: isArrayOf(['channel_id', 'user_id', 'roles', 'last_viewed_at', 'msg_count', 'mention_count', 'notify_props']) },
    { from: `${REDUX}/channels.ts fetchAllMyTeamsChannelsAndChannelMembersREST → getAllTeamsChannels`, method: 'GET', path: () => '/users/me/channels', reads: (a, v) => expect(a.map((c: any) => c.id)).to.include.members([v.channelId, v.townSquareId]) },
    { from: `${WEB}/components/team_controller/actions/index.ts initializeTeam → status_actions addVisibleUsersInCurrentChannelAndSelfToStatusPoll`, method: 'POST', path: () => '/users/status/ids', body: (v) => [v.userId], reads: isArrayOf(['user_id', 'status']) },
    { from: `${REDUX}/channels.ts fetchChannelsAndMembers → getMyChannels (components/team_controller on focus, websocket_actions reconnect)`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/channels?include_deleted=false`, reads: isArrayOf(['id', 'team_id', 'type', 'name', 'display_name', 'last_post_at', 'total_msg_count']) },
    { from: `${REDUX}/channels.ts fetchChannelsAndMembers → getMyChannelMembers (components/team_controller on focus, websocket_actions reconnect)`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/channels/members`, reads: isArrayOf(['channel_id', 'user_id', 'msg_count', 'mention_count', 'msg_count_root', 'mention_count_root']) },
    { from: `${REDUX}/channel_categories.ts fetchMyCategories (components/sidebar componentDidMount)`, method: 'GET', path: (v) => `/users/${v.userId}/teams/${v.teamId}/channels/categories`, reads: isCategories },
    { from: `${REDUX}/threads.ts getThreadCounts (components/threading/global_threads_link, collapsed threads on)`, method: 'GET', path: (v) => `/users/${v.userId}/teams/${v.teamId}/threads?before=&after=&per_page=60&extended=false&deleted=false&unread=false&since=0&totalsOnly=true&threadsOnly=false`, reads: (a) => expect(a).to.include.keys('total', 'total_unread_threads', 'total_unread_mentions') },
    { from: `${REDUX}/drafts.ts getDrafts (synced drafts, the sidebar's Drafts link)`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/drafts`, reads: (a) => expect(a).to.be.an('array') },
  ],

  'open a channel': [
    { from: `${REDUX}/channels.ts markChannelAsViewedOnServer → Client4.viewMyChannel`, method: 'POST', path: () => '/channels/members/me/view', body: (v) => ({ channel_id: v.channelId, collapsed_threads_supported: true }), reads: (a) => expect(a).to.include({ status: 'OK' }) },
    { from: `${REDUX}/channels.ts updateApproximateViewTime → savePreferences`, method: 'PUT', path: (v) => `/users/${v.userId}/preferences`, body: (v) => [{ user_id: v.userId, category: 'channel_approximate_view_time', name: v.channelId, value: String(Date.now()) }] },
    {
      from: `${WEB}/actions/views/channel.ts loadUnreads → mattermost-redux/actions/posts.ts getPostsUnread`,
      method: 'GET',
      path: (v) => `/users/${v.userId}/channels/${v.channelId}/posts/unread?limit_after=30&limit_before=30&skipFetchThreads=false&collapsedThreads=true&collapsedThreadsExtended=false`,
      reads: (a, v) => {
        isUnreadPostList(a);
        expect(a.order, 'the root post; its reply is collapsed').to.include(v.rootPostId).and.not.include(v.replyId);
      },
    },
    { from: `${REDUX}/posts.ts getProfilesAndStatusesForPosts → users.ts getMissingProfilesByIds → getProfilesByIds`, method: 'POST', path: () => '/users/ids', body: (v) => [v.adminId], reads: isArrayOf(['id', 'username', 'last_picture_update']) },
    { from: `${REDUX}/posts.ts getProfilesAndStatusesForPosts → users.ts getStatusesByIds`, method: 'POST', path: () => '/users/status/ids', body: (v) => [v.adminId], reads: isArrayOf(['user_id', 'status']) },
    { from: `${WEB}/components/profile_picture (Client4.getProfilePictureUrl: no _= while last_picture_update is 0)`, method: 'GET', path: (v) => `/users/${v.adminId}/image`, reads: isPicture },
    { from: `${REDUX}/posts.ts getProfilesAndStatusesForPosts → emojis.ts getCustomEmojisByName (custom emoji on, a message names one)`, method: 'POST', path: () => '/emoji/names', body: () => [CUSTOM_EMOJI], reads: (a) => expect(a).to.be.an('array') },
    { from: `${REDUX}/channels.ts getChannelStats (components/channel_header member count)`, method: 'GET', path: (v) => `/channels/${v.channelId}/stats?exclude_files_count=true`, reads: (a, v) => expect(a).to.include({ channel_id: v.channelId }).and.include.keys('member_count', 'pinnedpost_count') },
  ],

  post: [
    { from: `${REDUX}/drafts.ts upsertDraft (the message box saves the draft while typing)`, method: 'POST', path: () => '/drafts', body: (v) => webDraft(v, 'Release notes are up') },
    { from: `${REDUX}/posts.ts createPost → Client4.createPost`, method: 'POST', path: () => '/posts', body: (v) => webPost(v, { message: 'Release notes are up' }), reads: (a, v) => isCreatedPost(a, v) },
    { from: `${REDUX}/drafts.ts deleteDraft (after the post is sent)`, method: 'DELETE', path: (v) => `/users/me/channels/${v.channelId}/drafts` },
  ],

  'reply in a thread': [
    { from: `${REDUX}/posts.ts getPostThread → getPaginatedPostThread (components/threading/thread_viewer onInit)`, method: 'GET', path: (v) => `/posts/${v.rootPostId}/thread?skipFetchThreads=false&collapsedThreads=true&collapsedThreadsExtended=false&direction=down&perPage=60`, reads: (a, v) => {
      isPostList(a);
      expect(a.order).to.include.members([v.rootPostId, v.replyId]);
    } },
    { from: `${REDUX}/drafts.ts upsertDraft (the reply box)`, method: 'POST', path: () => '/drafts', body: (v) => webDraft(v, 'Count me in', v.rootPostId) },
    { from: `${REDUX}/posts.ts createPost (a reply)`, method: 'POST', path: () => '/posts', body: (v) => webPost(v, { message: 'Count me in', root_id: v.rootPostId }), reads: (a, v) => isCreatedPost(a, v, v.rootPostId) },
    { from: `${REDUX}/drafts.ts deleteDraft (the reply's draft)`, method: 'DELETE', path: (v) => `/users/me/channels/${v.channelId}/drafts/${v.rootPostId}` },
    { from: `${WEB}/components/threading/thread_viewer/thread_viewer.tsx fetchThread → threads.ts getThread`, method: 'GET', path: (v) => `/users/${v.userId}/teams/${v.teamId}/threads/${v.rootPostId}?extended=true`, reads: isThread },
    { from: `${WEB}/components/threading/thread_viewer/thread_viewer.tsx markThreadRead → threads.ts updateThreadRead`, method: 'PUT', path: (v) => `/users/${v.userId}/teams/${v.teamId}/threads/${v.rootPostId}/read/${Date.now()}`, reads: isThread },
  ],

  react: [
    { from: `${WEB}/actions/post_actions.ts addReaction → mattermost-redux/actions/posts.ts addReaction`, method: 'POST', path: () => '/reactions', body: (v) => ({ user_id: v.userId, post_id: v.rootPostId, emoji_name: 'tada' }), reads: isReaction },
    { from: `${WEB}/actions/emoji_actions.ts addRecentEmoji → savePreferences`, method: 'PUT', path: (v) => `/users/${v.userId}/preferences`, body: (v) => [{ category: 'recent_emojis', name: v.userId, user_id: v.userId, value: JSON.stringify([{ name: 'tada', usageCount: 1 }]) }] },
  ],

  'upload a file and post it': [
    { from: `${WEB}/actions/file_actions.ts uploadFile (multipart: channel_id, client_ids, files)`, method: 'POST', path: () => '/files', body: (v) => uploadForm(v, picture, 'client-file-1'), remember: rememberFile, reads: (a) => {
      isUploaded(a);
      expect(a.client_ids).to.deep.equal(['client-file-1']);
    } },
    { from: `${REDUX}/drafts.ts upsertDraft (the draft keeps the attachment)`, method: 'POST', path: () => '/drafts', body: (v) => webDraft(v, 'The new logo', '', [v.fileId]) },
    { from: `${REDUX}/posts.ts createPost (with file_ids)`, method: 'POST', path: () => '/posts', body: (v) => webPost(v, { message: 'The new logo', file_ids: [v.fileId] }), reads: (a, v) => {
      hasAttachedFile(a, v);
      isCreatedPost(a, v);
    } },
    { from: `${REDUX}/drafts.ts deleteDraft`, method: 'DELETE', path: (v) => `/users/me/channels/${v.channelId}/drafts` },
    { from: `${WEB}/components/single_image_view (Client4.getFilePreviewUrl)`, method: 'GET', path: (v) => `/files/${v.fileId}/preview` },
    { from: `${WEB}/components/file_attachment (Client4.getFileThumbnailUrl)`, method: 'GET', path: (v) => `/files/${v.fileId}/thumbnail` },
  ],

  search: [
    { from: `${WEB}/components/suggestion/search_channel_provider.tsx → channels.ts autocompleteChannelsForSearch ("in:")`, method: 'GET', path: (v) => `/teams/${v.teamId}/channels/search_autocomplete?name=${v.channelName.slice(0, 6)}`, reads: (a, v) => expect(a.map((c: any) => c.id)).to.include(v.channelId) },
    { from: `${WEB}/components/suggestion/search_user_provider.tsx → users.ts autocompleteUsers ("from:")`, method: 'GET', path: (v) => `/users/autocomplete?in_team=${v.teamId}&in_channel=&name=${v.adminName.slice(0, 6)}&limit=25`, reads: (a, v) => expect(a.users.map((u: any) => u.id)).to.include(v.adminId) },
    { from: `${REDUX}/search.ts searchPostsWithParams (actions/views/rhs.ts showSearchResults)`, method: 'POST', path: (v) => `/teams/${v.teamId}/posts/search`, body: (v) => ({ terms: v.searchTerm, is_or_search: false, include_deleted_channels: false, time_zone_offset: 0, page: 0, per_page: 20 }), reads: (a, v) => {
      isSearchResult(a, v);
      expect(a).to.have.property('matches');
    } },
    { from: `${REDUX}/search.ts searchFilesWithParams (actions/views/rhs.ts showSearchResults)`, method: 'POST', path: (v) => `/teams/${v.teamId}/files/search`, body: (v) => ({ terms: v.searchTerm, is_or_search: false, include_deleted_channels: false, time_zone_offset: 0, page: 0, per_page: 20 }), reads: isFileSearchResult },
  ],
};

// --- the mobile app ------------------------------------------------------------------------------

const mobileConfigAndLicense: ReplayCall[] = [
  { from: `${MOBILE}/actions/remote/systems.ts fetchConfigAndLicense → client getClientConfigOld`, method: 'GET', path: () => '/config/client?format=old', reads: isClientConfig },
  { from: `${MOBILE}/actions/remote/systems.ts fetchConfigAndLicense → client getClientLicenseOld`, method: 'GET', path: () => '/license/client?format=old', reads: (a) => expect(a.IsLicensed).to.be.a('string') },
];

const mobileApp: Record<string, ReplayCall[]> = {
  'sign in': [
    { from: `${MOBILE}/actions/remote/general.ts doPing → client ping (no device token)`, method: 'GET', path: () => `/system/ping?time=${Date.now()}`, reads: (a) => expect(a).to.include({ status: 'OK' }) },
    ...mobileConfigAndLicense,
    {
      from: `${MOBILE}/actions/remote/session.ts login → client/rest/users.ts login`,
      method: 'POST',
      path: () => '/users/login',
      headers: { 'Cache-Control': 'no-store' },
      body: (v) => ({ device_id: '', voip_device_id: '', login_id: v.username, password: PASSWORD, token: '' }),
      reads: (a, v) => expect(a).to.include({ id: v.userId }),
    },
    ...mobileConfigAndLicense.map((call) => ({ ...call, from: `${MOBILE}/actions/remote/entry/login.ts loginEntry → ${call.from}` })),
    {
      from: `${MOBILE}/actions/websocket/index.ts handleFirstConnect → entry/common.ts setExtraSessionProps (server ≥ 10.1)`,
      method: 'PUT',
      path: () => '/users/sessions/device',
      body: () => ({ device_id: '', device_notification_disabled: 'false', mobile_version: '2.30.0' }),
    },
    {
      from: `${MOBILE}/actions/websocket/index.ts handleFirstConnect → user.ts autoUpdateTimezone → updateMe → client patchMe`,
      method: 'PUT',
      path: () => '/users/me/patch',
      body: () => ({ timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Lisbon', manualTimezone: '' } }),
      reads: (a, v) => expect(a).to.include({ id: v.userId }).and.to.have.nested.property('timezone.automaticTimezone', 'Europe/Lisbon'),
    },
  ],

  'first load of a team': [
    ...mobileConfigAndLicense.map((call) => ({ ...call, from: `${MOBILE}/actions/remote/entry/common.ts entryRest → ${call.from}` })),
    { from: `${MOBILE}/actions/remote/entry/common.ts entryRest → preference.ts fetchMyPreferences`, method: 'GET', path: () => '/users/me/preferences', reads: isArrayOf(['user_id', 'category', 'name', 'value']) },
    { from: `${MOBILE}/actions/remote/team.ts fetchMyTeams → client getMyTeams`, method: 'GET', path: () => '/users/me/teams', reads: (a, v) => expect(a.map((t: any) => t.id)).to.include(v.teamId) },
    { from: `${MOBILE}/actions/remote/team.ts fetchMyTeams → client getMyTeamMembers`, method: 'GET', path: () => '/users/me/teams/members', reads: isArrayOf(['team_id', 'user_id', 'roles', 'delete_at']) },
    { from: `${MOBILE}/actions/remote/user.ts fetchMe → client getMe`, method: 'GET', path: () => '/users/me', reads: (a, v) => expect(a).to.include({ id: v.userId }) },
    { from: `${MOBILE}/actions/remote/channel.ts fetchMyChannelsForTeam → client getMyChannels`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/channels?include_deleted=false&last_delete_at=0`, reads: isArrayOf(['id', 'team_id', 'type', 'name', 'display_name', 'last_post_at', 'total_msg_count', 'total_msg_count_root']) },
    { from: `${MOBILE}/actions/remote/channel.ts fetchMyChannelsForTeam → client getMyChannelMembers`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/channels/members`, reads: isArrayOf(['channel_id', 'user_id', 'msg_count', 'mention_count', 'msg_count_root', 'mention_count_root', 'last_viewed_at']) },
    { from: `${MOBILE}/actions/remote/category.ts fetchCategories → client getCategories('me', …)`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/channels/categories`, reads: isCategories },
    { from: `${MOBILE}/actions/remote/entry/deferred.ts restDeferredAppEntryActions → team.ts updateCanJoinTeams → client getMyTeams`, method: 'GET', path: () => '/users/me/teams', reads: (a) => expect(a).to.be.an('array') },
    { from: `${MOBILE}/actions/remote/team.ts updateCanJoinTeams → recCanJoinTeams → client getTeams`, method: 'GET', path: () => '/teams?page=0&per_page=60&include_total_count=false', reads: isArrayOf(['id', 'delete_at']) },
    { from: `${MOBILE}/actions/remote/entry/deferred.ts processFinalInitializationTasks → role.ts fetchRoles → client getRolesByNames`, method: 'POST', path: () => '/roles/names', body: () => ['system_user', 'team_user', 'channel_user'], reads: isArrayOf(['name', 'permissions']) },
    {
      from: `${MOBILE}/actions/remote/thread.ts syncTeamThreads (first sync: all unread) → fetchThreads → client getThreads`,
      method: 'GET',
      path: (v) => `/users/${v.userId}/teams/${v.teamId}/threads?extended=true&before=&after=&deleted=false&unread=true&since=0&totalsOnly=false&excludeDirect=false&per_page=60`,
      reads: isThreadList,
    },
    {
      from: `${MOBILE}/actions/remote/thread.ts syncTeamThreads (first sync: latest page) → fetchThreads → client getThreads`,
      method: 'GET',
      path: (v) => `/users/${v.userId}/teams/${v.teamId}/threads?extended=true&before=&after=&deleted=false&unread=false&since=0&totalsOnly=false&excludeDirect=false&per_page=60`,
      reads: isThreadList,
    },
    { from: `${MOBILE}/actions/remote/post.ts fetchPostsForUnreadChannels → fetchPostsForChannel → fetchPosts → client getPosts`, method: 'GET', path: (v) => `/channels/${v.channelId}/posts?page=0&per_page=60&collapsedThreads=true&collapsedThreadsExtended=true`, reads: isPostList },
    { from: `${MOBILE}/actions/remote/post.ts fetchPostAuthors → client getProfilesByIds`, method: 'POST', path: () => '/users/ids', body: (v) => [v.adminId], reads: isArrayOf(['id', 'username']) },
  ],

  'open a channel': [
    {
      from: `${MOBILE}/actions/remote/channel.ts switchToChannelById → post.ts fetchPostsForChannel → fetchPosts → client getPosts`,
      method: 'GET',
      path: (v) => `/channels/${v.channelId}/posts?page=0&per_page=60&collapsedThreads=true&collapsedThreadsExtended=true`,
      reads: (a, v) => {
        isPostList(a);
        expect(a.order, 'the root post; its reply is collapsed').to.include(v.rootPostId).and.not.include(v.replyId);
        const root = a.posts[v.rootPostId];
        expect(root, 'the root post of a collapsed thread').to.include.keys('reply_count', 'participants', 'last_reply_at');
      },
    },
    { from: `${MOBILE}/actions/remote/post.ts fetchPostAuthors → client getProfilesByIds`, method: 'POST', path: () => '/users/ids', body: (v) => [v.adminId], reads: isArrayOf(['id', 'username']) },
    { from: `${MOBILE}/components/profile_picture → client getProfilePictureUrl (no _= while last_picture_update is 0)`, method: 'GET', path: (v) => `/users/${v.adminId}/image`, reads: isPicture },
    { from: `${MOBILE}/actions/remote/channel.ts switchToChannelById → markChannelAsRead → client viewMyChannel`, method: 'POST', path: () => '/channels/members/me/view', body: (v) => ({ channel_id: v.channelId, collapsed_threads_supported: true }), reads: (a) => expect(a).to.include({ status: 'OK' }) },
    { from: `${MOBILE}/actions/remote/channel.ts switchToChannelById → fetchChannelStats → client getChannelStats`, method: 'GET', path: (v) => `/channels/${v.channelId}/stats`, reads: (a, v) => expect(a).to.include({ channel_id: v.channelId }).and.include.keys('member_count', 'pinnedpost_count', 'guest_count', 'files_count') },
  ],

  post: [
    { from: `${MOBILE}/hooks/handle_send_message.ts doSubmitMessage → actions/remote/post.ts createPost → client createPost`, method: 'POST', path: () => '/posts', body: (v) => mobilePost(v, { message: 'On my way' }), reads: (a, v) => isCreatedPost(a, v) },
  ],

  'reply in a thread': [
    { from: `${MOBILE}/actions/remote/thread.ts fetchAndSwitchToThread → post.ts fetchPostThread → client getPostThread`, method: 'GET', path: (v) => `/posts/${v.rootPostId}/thread?skipFetchThreads=false&collapsedThreads=true&collapsedThreadsExtended=true&direction=up&perPage=60`, reads: (a, v) => {
      isPostList(a);
      expect(a.order).to.include.members([v.rootPostId, v.replyId]);
    } },
    { from: `${MOBILE}/actions/remote/post.ts fetchPostAuthors → client getProfilesByIds`, method: 'POST', path: () => '/users/ids', body: (v) => [v.adminId], reads: isArrayOf(['id', 'username']) },
    { from: `${MOBILE}/hooks/handle_send_message.ts doSubmitMessage (root_id) → actions/remote/post.ts createPost`, method: 'POST', path: () => '/posts', body: (v) => mobilePost(v, { message: 'Same here', root_id: v.rootPostId }), reads: (a, v) => isCreatedPost(a, v, v.rootPostId) },
    { from: `${MOBILE}/actions/remote/thread.ts fetchThread → client getThread`, method: 'GET', path: (v) => `/users/me/teams/${v.teamId}/threads/${v.rootPostId}?extended=true`, reads: isThread },
    { from: `${MOBILE}/actions/remote/thread.ts markThreadAsRead → client markThreadAsRead`, method: 'PUT', path: (v) => `/users/me/teams/${v.teamId}/threads/${v.rootPostId}/read/${Date.now()}`, body: () => ({}), reads: isThread },
  ],

  react: [
    { from: `${MOBILE}/screens/emoji_picker → actions/remote/custom_emoji.ts fetchCustomEmojis (custom emoji on)`, method: 'GET', path: () => '/emoji?page=0&per_page=90&sort=name', reads: (a) => expect(a).to.be.an('array') },
    { from: `${MOBILE}/actions/remote/reactions.ts addReaction → client addReaction`, method: 'POST', path: () => '/reactions', body: (v) => ({ user_id: v.userId, post_id: v.rootPostId, emoji_name: 'thumbsup' }), reads: isReaction },
  ],

  'upload a file and post it': [
    { from: `${MOBILE}/actions/remote/file.ts uploadFile → client/rest/files.ts uploadAttachment (multipart: channel_id, files)`, method: 'POST', path: () => '/files', body: (v) => uploadForm(v, picture), remember: rememberFile, reads: isUploaded },
    { from: `${MOBILE}/actions/remote/post.ts createPost (with the uploaded files)`, method: 'POST', path: () => '/posts', body: (v) => mobilePost(v, { message: 'Screenshot', file_ids: [v.fileId] }), reads: (a, v) => {
      hasAttachedFile(a, v);
      isCreatedPost(a, v);
    } },
    { from: `${MOBILE}/components/files → client getFileThumbnailUrl`, method: 'GET', path: (v) => `/files/${v.fileId}/thumbnail` },
    { from: `${MOBILE}/components/files → client getFilePreviewUrl`, method: 'GET', path: (v) => `/files/${v.fileId}/preview` },
  ],

  search: [
    { from: `${MOBILE}/actions/remote/channel.ts searchChannels(isSearch) → client autocompleteChannelsForSearch`, method: 'GET', path: (v) => `/teams/${v.teamId}/channels/search_autocomplete?name=${v.channelName.slice(0, 6)}`, reads: (a, v) => expect(a.map((c: any) => c.id)).to.include(v.channelId) },
    { from: `${MOBILE}/screens/home/search → actions/remote/search.ts searchPosts → client searchPostsWithParams`, method: 'POST', path: (v) => `/teams/${v.teamId}/posts/search`, body: (v) => ({ terms: v.searchTerm, is_or_search: false, include_deleted_channels: false, time_zone_offset: 0 }), reads: isSearchResult },
    { from: `${MOBILE}/screens/home/search → actions/remote/search.ts searchFiles → client searchFiles`, method: 'POST', path: (v) => `/teams/${v.teamId}/files/search`, body: (v) => ({ terms: v.searchTerm, is_or_search: false }), reads: isFileSearchResult },
    { from: `${MOBILE}/actions/remote/search.ts searchPosts → post.ts fetchPostAuthors → client getProfilesByIds`, method: 'POST', path: () => '/users/ids', body: (v) => [v.adminId], reads: isArrayOf(['id', 'username']) },
  ],
};

// --- the scene -----------------------------------------------------------------------------------

/**
 * A person in a team with two channels (town-square and one with the admin's posts they have not
 * read: a thread with a reply, and a post and a picture to search for), collapsed reply threads on.
 */
async function scene(ts: TestServer, admin: LoggedIn): Promise<ReplayValues> {
  const person = await createUser(ts, admin.client);
  const team = await createTeamWith(admin.client, [person.user.id]);
  const channel = await createChannelWith(admin.client, team, [person.user.id]);
  const townSquare = await admin.client.getChannelByName(team.id, 'town-square');
  await person.client.savePreferences(person.user.id, [{ user_id: person.user.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'on' }]);
  const root = await admin.client.createPost({ channel_id: channel.id, message: `Plans for the launch :${CUSTOM_EMOJI}:` } as Post);
  const reply = await admin.client.createPost({ channel_id: channel.id, root_id: root.id, message: 'Tuesday works' } as Post);
  const searchTerm = uniqueName('quartz');
  const found = await admin.client.createPost({ channel_id: channel.id, message: `The ${searchTerm} report is ready` } as Post);
  const form = new FormData();
  form.append('channel_id', channel.id);
  form.append('files', await pngFile(`${searchTerm}.png`, 64, 48), `${searchTerm}.png`);
  const uploaded = await admin.client.uploadFile(form);
  await admin.client.createPost({ channel_id: channel.id, message: 'chart', file_ids: [uploaded.file_infos[0].id] } as Post);
  return {
    userId: person.user.id,
    username: person.user.username,
    adminId: admin.user.id,
    adminName: admin.user.username,
    teamId: team.id,
    channelId: channel.id,
    channelName: channel.name,
    townSquareId: townSquare.id,
    rootPostId: root.id,
    replyId: reply.id,
    searchTerm,
    searchPostId: found.id,
    searchFileId: uploaded.file_infos[0].id,
  };
}

/** Signs `app` in as the scene's person the way that app does, outside the replayed flow. */
async function signIn(app: AppTransport, values: ReplayValues, flows: Record<string, ReplayCall[]>): Promise<void> {
  const loginCall = flows['sign in'].find((call) => call.path(values) === '/users/login')!;
  const answer = await app.send('POST', '/users/login', loginCall.body!(values), loginCall.headers);
  expect(answer.status, `${app.name} login`).to.equal(200);
}

describe('client replay: the calls of Mattermost’s apps', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    picture = await pngFile('logo.png', 120, 80);
  });
  after(async () => {
    await ts.close();
  });

  for (const [appName, flows, transport] of [
    ['web app', webApp, (server: TestServer) => new WebAppTransport(server)],
    ['mobile app', mobileApp, (server: TestServer) => new MobileAppTransport(server)],
  ] as const) {
    describe(appName, () => {
      let values: ReplayValues;

      before(async () => {
        values = await scene(ts, admin);
      });

      for (const [flow, calls] of Object.entries(flows)) {
        it(`${flow}: every call answers 2xx with what the app reads`, async () => {
          const app = transport(ts);
          const flowValues: ReplayValues = { ...values };
          if (flow !== 'sign in') await signIn(app, flowValues, flows);
          await replay(app, flow, calls, flowValues);
          if (app instanceof WebAppTransport && flow === 'sign in') {
            expect(app.cookie('MMUSERID'), 'the MMUSERID cookie the web app looks for before loadMe').to.equal(values.userId);
            expect(app.cookie('MMCSRF'), 'the MMCSRF cookie Client4 reads').to.be.a('string').that.is.not.empty;
          }
        });
      }
    });
  }
});
