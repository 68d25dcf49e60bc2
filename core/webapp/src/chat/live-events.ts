// What each WebSocket event changes in the store. Unread counts stay the server's: a post in the
// channel being read is read at once (and the server told so); elsewhere it adds one unread message,
// and one mention when the event's `mentions` names me, as the server counts them too (unreads.ts
// countNewPost; with collapsed threads a reply counts in its thread, threads/thread-unreads.ts).
import type { Post, PostAcknowledgement } from '@mattermost/types/posts';
import type { ServerChannel } from '@mattermost/types/channels';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { ChatStore } from './chat-store.ts';
import { ensureUsers, loadMyWorld, loadTeamChannels } from './chat-loader.ts';
import type { Dialog } from '@mattermost/types/integrations';
import { client } from '../client.ts';
import { refreshPluginUi } from '../plugin-surfaces/plugin-ui-store.ts';
import { applyThreadEvent, keptInThread } from './threads/thread-store.ts';
import { reloadSidebarCategories } from './sidebar-categories.ts';
import type { Reaction } from '@mattermost/types/reactions';
import { applyReaction } from './reactions/reaction-events.ts';
import { applyAcknowledgement } from './priority/acknowledgement-events.ts';
import { applyDraftEvent } from './channel-drafts.ts';
import { lastActionPlace } from './dialog-place.ts';
import { typingKey } from './typing-indicator.tsx';
import { notifyDesktop } from './desktop-notifications.ts';
import { countNewPost, readAll } from './unreads.ts';
import { applyPostUnread } from './views/mark-unread.ts';
import { applyPreferenceChange } from './views/saved-posts.ts';
import { applyUserUpdate } from './people/user-updates.ts';
import type { UserProfile } from '@mattermost/types/users';

/** An event as it arrives: the fields are typed per event by reading them. */
export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: { channel_id?: string; user_id?: string; team_id?: string };
}

export interface LiveContext {
  /** The channel on screen while the window has the focus, or ''. */
  readingChannelId(): string;
  /** Tells the server I read the channel (debounced by the caller). */
  markRead(channelId: string): void;
}

/** How long a typing notice shows without another one (Mattermost's web app waits about as long). */
const TYPING_SHOWN_MS = 5_000;

export async function applyLiveEvent(store: ChatStore, live: LiveEvent, context: LiveContext): Promise<void> {
  const { data, broadcast } = live;
  const me = store.state.me.id;
  switch (live.event) {
    case 'posted':
    case 'ephemeral_message': {
      const post = parse<Post>(data.post);
      if (!post) return;
      await ensureUsers(store, [post.user_id]);
      const isNew = !store.state.posts[post.id];
      if (!keptInThread(store, post)) store.addPosts(post.channel_id, [post]);
      store.setTyping(typingKey(post.channel_id, post.root_id), post.user_id, 0);
      if (live.event === 'posted' && isNew) {
        countPost(store, post, parse<string[]>(data.mentions) ?? [], context, me);
        notifyDesktop(store, post, parse<string[]>(data.mentions) ?? [], context);
      }
      return;
    }
    case 'persistent_notification_triggered': {
      const post = parse<Post>(data.post);
      if (!post) return;
      await ensureUsers(store, [post.user_id]);
      notifyDesktop(store, post, parse<string[]>(data.mentions) ?? [], context, true);
      return;
    }
    case 'post_edited': {
      const post = parse<Post>(data.post);
      if (post && store.state.posts[post.id]) store.addPosts(post.channel_id, [post]);
      return;
    }
    case 'post_deleted': {
      const post = parse<Post>(data.post);
      if (post) store.removePost(post);
      return;
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const reaction = parse<Reaction>(data.reaction);
      if (reaction) applyReaction(store, reaction, live.event === 'reaction_added');
      return;
    }
    case 'post_acknowledgement_added':
    case 'post_acknowledgement_removed': {
      const ack = parse<PostAcknowledgement>(data.acknowledgement);
      if (ack) applyAcknowledgement(store, ack, live.event === 'post_acknowledgement_added');
      return;
    }
    case 'typing': {
      const userId = String(data.user_id ?? '');
      const channelId = broadcast.channel_id ?? '';
      if (!userId || userId === me || !channelId) return;
      await ensureUsers(store, [userId]);
      store.setTyping(typingKey(channelId, typeof data.parent_id === 'string' ? data.parent_id : ''), userId, Date.now() + TYPING_SHOWN_MS);
      return;
    }
    case 'open_dialog': {
      const request = parse<{ url?: string; dialog?: Dialog; trigger_id?: string }>(data.dialog);
      if (request?.url && request.dialog) store.update(() => ({ dialog: { url: request.url ?? '', dialog: request.dialog as Dialog, triggerId: request.trigger_id ?? '', ...lastActionPlace() } }));
      return;
    }
    case 'thread_updated':
    case 'thread_read_changed':
    case 'thread_follow_changed':
      return applyThreadEvent(store, live);
    case 'draft_created':
    case 'draft_updated':
    case 'draft_deleted':
      applyDraftEvent(store, live.event, data);
      return;
    case 'plugin_ui_changed':
      await refreshPluginUi();
      return;
    case 'user_updated':
      // Sent as an object, not a JSON string.
      if (typeof data.user === 'object' && data.user !== null) applyUserUpdate(store, data.user as UserProfile);
      return;
    case 'status_change':
      store.update((s) => ({ statuses: { ...s.statuses, [String(data.user_id)]: String(data.status) } }));
      return;
    case 'channel_viewed':
      applyChannelsViewed(store, { [String(data.channel_id)]: Date.now() });
      return;
    case 'multiple_channels_viewed':
      applyChannelsViewed(store, parseObject(data.channel_times));
      return;
    case 'user_added':
      if (data.user_id === me && broadcast.channel_id) await joinedChannel(store, broadcast.channel_id);
      return;
    case 'user_removed':
      if (broadcast.user_id === me && typeof data.channel_id === 'string') store.removeChannelMembership(data.channel_id);
      return;
    case 'channel_created':
      if (typeof data.team_id === 'string' && store.state.teams[data.team_id]) await loadTeamChannels(store, data.team_id);
      return;
    case 'direct_added':
    case 'group_added':
      if (broadcast.channel_id) await joinedChannel(store, broadcast.channel_id);
      return;
    case 'channel_updated': {
      const channel = parse<ServerChannel>(data.channel);
      if (channel && store.state.channels[channel.id]) store.addChannels([channel]);
      return;
    }
    case 'channel_deleted': {
      const channel = store.state.channels[String(data.channel_id)];
      if (channel) store.addChannels([{ ...channel, delete_at: Number(data.delete_at) || Date.now() }]);
      return;
    }
    case 'preferences_changed':
    case 'preferences_deleted':
      applyPreferenceChange(store, parse<PreferenceType[]>(data.preferences) ?? [], live.event === 'preferences_changed');
      return;
    case 'post_unread':
      applyPostUnread(store, live);
      return;
    case 'sidebar_category_created':
    case 'sidebar_category_updated':
    case 'sidebar_category_deleted':
    case 'sidebar_category_order_updated':
      // Read again rather than patched: a favorite_channel change names no team and no category.
      await reloadSidebarCategories(store, broadcast.team_id || undefined);
      return;
    case 'added_to_team':
    case 'leave_team':
      // My teams changed: fetch them again, with their channels.
      if (data.user_id === me) await loadMyWorld(store);
      return;
    default:
  }
}

function countPost(store: ChatStore, post: Post, mentions: string[], context: LiveContext, me: string): void {
  const channel = store.state.channels[post.channel_id];
  if (!channel) return;
  const reading = context.readingChannelId() === channel.id;
  const member = store.state.myMembers[channel.id];
  const counted = countNewPost(channel, member, post, { reading, mine: post.user_id === me, mentioned: mentions.includes(me) });
  store.update((s) => ({
    channels: { ...s.channels, [channel.id]: counted.channel },
    ...(counted.member ? { myMembers: { ...s.myMembers, [channel.id]: counted.member } } : {}),
  }));
  if (member && reading && post.user_id !== me) context.markRead(channel.id);
}

/**
 * Posts a catch-up brought that never came as events (posted before the socket was registered, or
 * while it was down): in the channel being read they are read too, as a live post there is, or the
 * server would count them unread while they are on screen.
 */
export function readCaughtUpPosts(store: ChatStore, posts: readonly Post[], context: LiveContext): void {
  const reading = context.readingChannelId();
  const me = store.state.me.id;
  if (store.state.myMembers[reading] && posts.some((post) => post.channel_id === reading && post.user_id !== me)) context.markRead(reading);
}

/**
 * Channels read (on any of my devices) at the given times, by channel id: the viewed events' and the
 * view route's answer (`last_viewed_at_times`), so a tab reads what it views itself without waiting
 * for an event that a socket not registered yet would never bring.
 */
export function applyChannelsViewed(store: ChatStore, times: Record<string, unknown>): void {
  store.update((s) => {
    const myMembers = { ...s.myMembers };
    for (const [channelId, at] of Object.entries(times)) {
      const channel = s.channels[channelId];
      const member = s.myMembers[channelId];
      if (channel && member) myMembers[channelId] = readAll(channel, member, Number(at) || Date.now());
    }
    return { myMembers };
  });
}

async function joinedChannel(store: ChatStore, channelId: string): Promise<void> {
  const [channel, member] = await Promise.all([client.getChannel(channelId), client.getChannelMember(channelId, store.state.me.id)]);
  store.addChannels([channel], [member]);
  if (channel.type === 'D') await ensureUsers(store, channel.name.split('__'));
}

/** An event's JSON object field, whether it came as an object or as a string of JSON. */
function parseObject(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? parse<unknown>(value) : value;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

function parse<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}
