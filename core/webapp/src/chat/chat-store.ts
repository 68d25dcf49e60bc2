// The chat's normalized state (users, teams, channels, my memberships, posts by channel, statuses,
// typing) in one external store that React reads through useSyncExternalStore. Every change makes a
// new state object, so a selector returning a slice of it re-renders only when that slice changed.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import type { Team, TeamMembership } from '@mattermost/types/teams';
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { UserThread } from '@mattermost/types/threads';
import type { Dialog } from '@mattermost/types/integrations';
import type { ChannelCategory } from '@mattermost/types/channel_categories';
import type { Draft } from '@mattermost/types/drafts';
import type { RhsPanel } from './right-hand-panel.tsx';
import type { TeamThreadUnreads } from './threads/thread-unread-counts.ts';

/** The posts of one channel that are loaded: ids oldest first, and whether older ones remain. */
export interface ChannelPosts {
  order: string[];
  reachedOldest: boolean;
}

/** Someone typing in a channel, until `until` (epoch ms). */
export interface Typist {
  userId: string;
  until: number;
}

export interface ChatState {
  me: UserProfile;
  users: Record<string, UserProfile>;
  teams: Record<string, Team>;
  teamMembers: Record<string, TeamMembership>;
  channels: Record<string, ServerChannel>;
  /** My membership of each channel I belong to, by channel id. */
  myMembers: Record<string, ChannelMembership>;
  posts: Record<string, Post>;
  postsInChannel: Record<string, ChannelPosts>;
  statuses: Record<string, string>;
  /** Who is typing, by channel id (in the channel's box) or channel and root id (typing-indicator.tsx typingKey). */
  typing: Record<string, Typist[]>;
  preferences: PreferenceType[];
  /** False between a socket drop and the reconnect. */
  connected: boolean;
  /** The interactive dialog open on this screen (an integration's open_dialog, or a plugin surface's). */
  dialog: OpenDialog | null;
  /** What the right-hand panel shows, if it is open. */
  rhs: RhsPanel | null;
  /** The threads I follow that are loaded, by root post id (threads/thread-store.ts). */
  userThreads: Record<string, UserThread>;
  /** My sidebar categories of each team whose sidebar was shown, in order, by team id. */
  sidebarCategories: Record<string, ChannelCategory[]>;
  /** What I am writing in each channel and thread, by channel id or channel and root id (channel-drafts.ts draftKey). */
  drafts: Record<string, Draft>;
  /** My unread followed threads per team, by team id (threads/thread-unreads.ts). */
  threadUnreads: Record<string, TeamThreadUnreads>;
}

/** An interactive dialog to show, and the URL its submission goes to. */
export interface OpenDialog {
  url: string;
  dialog: Dialog;
  /** The trigger id it was opened with ('' when the client opened it for a plugin surface). */
  triggerId: string;
  /** The channel and team it was asked for in, which its submission names. */
  teamId: string;
  channelId: string;
}

type Listener = () => void;

export class ChatStore {
  #state: ChatState;
  #listeners = new Set<Listener>();
  /** Channels whose newest posts were loaded before the chat's first render (first-view.ts). */
  #postsPreloaded = new Set<string>();

  constructor(me: UserProfile) {
    this.#state = {
      me,
      users: { [me.id]: me },
      teams: {},
      teamMembers: {},
      channels: {},
      myMembers: {},
      posts: {},
      postsInChannel: {},
      statuses: {},
      typing: {},
      preferences: [],
      connected: true,
      dialog: null,
      rhs: null,
      userThreads: {},
      sidebarCategories: {},
      drafts: {},
      threadUnreads: {},
    };
  }

  get state(): ChatState {
    return this.#state;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The channel's newest posts were loaded just now, before the chat first showed it. */
  notePostsPreloaded(channelId: string): void {
    this.#postsPreloaded.add(channelId);
  }

  /** Whether the channel's newest posts were loaded before the first render (true once: opening it again reloads them). */
  takePostsPreloaded(channelId: string): boolean {
    return this.#postsPreloaded.delete(channelId);
  }

  /** Replaces the state with what `change` makes of it and tells every reader. */
  update(change: (state: ChatState) => Partial<ChatState>): void {
    this.#state = { ...this.#state, ...change(this.#state) };
    for (const listener of this.#listeners) listener();
  }

  addUsers(users: UserProfile[]): void {
    if (users.length === 0) return;
    this.update((s) => ({ users: { ...s.users, ...byId(users) } }));
  }

  addChannels(channels: ServerChannel[], members: ChannelMembership[] = []): void {
    this.update((s) => ({
      channels: { ...s.channels, ...byId(channels) },
      myMembers: { ...s.myMembers, ...Object.fromEntries(members.map((m) => [m.channel_id, m])) },
    }));
  }

  removeChannelMembership(channelId: string): void {
    this.update((s) => {
      const myMembers = { ...s.myMembers };
      delete myMembers[channelId];
      return { myMembers };
    });
  }

  patchMember(channelId: string, patch: Partial<ChannelMembership>): void {
    this.update((s) => {
      const member = s.myMembers[channelId];
      return member ? { myMembers: { ...s.myMembers, [channelId]: { ...member, ...patch } } } : {};
    });
  }

  /**
   * Adds posts of a channel (a page, the posts since a time, or one live post) in time order,
   * replacing posts already known. `olderExhausted` says the server has nothing older than these.
   */
  addPosts(channelId: string, posts: Post[], olderExhausted?: boolean): void {
    this.update((s) => {
      const known = s.postsInChannel[channelId] ?? { order: [], reachedOldest: false };
      // Replies are shown in the channel too, as Mattermost does with collapsed threads off.
      const all = { ...s.posts, ...byId(posts) };
      const ids = new Set([...known.order, ...posts.map((p) => p.id)]);
      const order = [...ids].filter((id) => all[id] && all[id].delete_at === 0).sort((a, b) => all[a].create_at - all[b].create_at);
      return {
        posts: all,
        postsInChannel: { ...s.postsInChannel, [channelId]: { order, reachedOldest: known.reachedOldest || olderExhausted === true } },
      };
    });
  }

  removePost(post: Post): void {
    this.update((s) => {
      const known = s.postsInChannel[post.channel_id];
      if (!known) return {};
      return { postsInChannel: { ...s.postsInChannel, [post.channel_id]: { ...known, order: known.order.filter((id) => id !== post.id) } } };
    });
  }

  /** `where` is a channel id, or a channel's and thread's (typing-indicator.tsx typingKey). */
  setTyping(where: string, userId: string, until: number): void {
    this.update((s) => {
      const others = (s.typing[where] ?? []).filter((t) => t.userId !== userId && t.until > Date.now());
      return { typing: { ...s.typing, [where]: until > Date.now() ? [...others, { userId, until }] : others } };
    });
  }
}

function byId<T extends { id: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.id, item]));
}

export const ChatStoreContext = createContext<ChatStore | null>(null);

/** The store of the signed-in chat (ChatApp provides it). */
export function useChatStore(): ChatStore {
  const store = useContext(ChatStoreContext);
  if (!store) throw new Error('useChatStore is used outside ChatApp');
  return store;
}

/**
 * The part of the chat state `select` picks; the component renders again when it changes. `select`
 * must return a piece of the state or a plain value, not a new object (compute those in useMemo).
 */
export function useChat<T>(select: (state: ChatState) => T): T {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, () => select(store.state));
}
