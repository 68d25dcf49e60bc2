// The user's sidebar categories of each team, as the server keeps them (Mattermost's channel
// categories): loaded into the store, sorted as each category says, and changed on the server —
// collapsed, renamed, deleted, created with a channel, or a channel moved between them.
import type { ChannelCategory } from '@mattermost/types/channel_categories';
import type { ServerChannel } from '@mattermost/types/channels';
import { client } from '../client.ts';
import type { ChatState, ChatStore } from './chat-store.ts';
import { channelLabel, isDirect } from './channel-names.ts';
import { FAVORITE_CHANNEL } from './favorites.ts';

/** One category as the sidebar draws it: the category and its channels, sorted. */
export interface SidebarSection {
  category: ChannelCategory;
  channels: ServerChannel[];
}

/** The team's categories from the server, in the user's order, into the store. */
export async function loadSidebarCategories(store: ChatStore, teamId: string): Promise<void> {
  const { categories, order } = await client.getChannelCategories(store.state.me.id, teamId);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const ordered = order.map((id) => byId.get(id)).filter((c): c is ChannelCategory => c !== undefined);
  store.update((s) => ({ sidebarCategories: { ...s.sidebarCategories, [teamId]: ordered } }));
}

/** Every loaded team's categories again (an event that names no team, or a reconnect). */
export async function reloadSidebarCategories(store: ChatStore, teamId?: string): Promise<void> {
  const teams = teamId ? [teamId] : Object.keys(store.state.sidebarCategories);
  await Promise.all(teams.filter((id) => store.state.teams[id]).map((id) => loadSidebarCategories(store, id)));
}

/**
 * The sections of a team's sidebar. My channels that no category holds yet (joined since the
 * categories were read) go to Channels or Direct Messages, where the server puts them; channels I
 * left or that were archived are not shown. An empty Favorites is hidden, as Mattermost does.
 */
export function sidebarSections(state: Pick<ChatState, 'channels' | 'myMembers' | 'users' | 'me'>, teamId: string, categories: readonly ChannelCategory[]): SidebarSection[] {
  const mine = Object.values(state.channels).filter((c) => state.myMembers[c.id] && c.delete_at === 0 && (c.team_id === teamId || isDirect(c)));
  const placed = new Set(categories.flatMap((c) => c.channel_ids));
  const unplaced = mine.filter((c) => !placed.has(c.id));
  const known = new Map(mine.map((c) => [c.id, c]));
  return categories
    .map((category) => {
      const held = category.channel_ids.map((id) => known.get(id)).filter((c): c is ServerChannel => c !== undefined);
      if (category.type === 'channels') held.push(...unplaced.filter((c) => !isDirect(c)));
      if (category.type === 'direct_messages') held.push(...unplaced.filter(isDirect));
      return { category, channels: sortChannels(category, held, state) };
    })
    .filter((section) => section.category.type !== 'favorites' || section.channels.length > 0);
}

/**
 * Mattermost's sorting: by recent activity (the last post, or the creation for a channel without
 * posts), by name ('alpha', and the default ''), or as the user placed them ('manual').
 */
function sortChannels(category: ChannelCategory, channels: ServerChannel[], state: Pick<ChatState, 'users' | 'me'>): ServerChannel[] {
  const byName = (a: ServerChannel, b: ServerChannel) => channelLabel(a, state.users, state.me.id).localeCompare(channelLabel(b, state.users, state.me.id));
  const activity = (c: ServerChannel) => Math.max(c.last_post_at, c.create_at);
  if (category.sorting === 'recent') return channels.sort((a, b) => activity(b) - activity(a) || byName(a, b));
  if (category.sorting === 'manual') return channels;
  return channels.sort(byName);
}

/** The team's category holding the channel, as the sidebar shows it. */
export function categoryOf(sections: readonly SidebarSection[], channelId: string): ChannelCategory | undefined {
  return sections.find((s) => s.channels.some((c) => c.id === channelId))?.category;
}

/**
 * The categories a channel may move to, as Mattermost offers them: any but its own, Channels only
 * for channels and Direct Messages only for direct and group messages.
 */
export function moveTargets(categories: readonly ChannelCategory[], channel: ServerChannel, from: ChannelCategory | undefined): ChannelCategory[] {
  return categories.filter((c) => c.id !== from?.id && (c.type !== 'channels' || !isDirect(channel)) && (c.type !== 'direct_messages' || isDirect(channel)));
}

/**
 * Moves the channel to the top of `to`. Direct Messages takes no channels by hand: a direct message
 * goes back there by leaving the category it is in. Channels moved in or out of Favorites stop or
 * start being favorite_channel preferences on the server; the store's copy follows.
 */
export async function moveChannel(store: ChatStore, teamId: string, channelId: string, from: ChannelCategory | undefined, to: ChannelCategory): Promise<void> {
  const me = store.state.me.id;
  if (to.type === 'direct_messages') {
    if (from) await client.updateChannelCategory(me, teamId, { ...from, channel_ids: from.channel_ids.filter((id) => id !== channelId) });
  } else {
    await client.updateChannelCategory(me, teamId, { ...to, channel_ids: [channelId, ...to.channel_ids.filter((id) => id !== channelId)] });
  }
  if (from?.type === 'favorites' || to.type === 'favorites') setFavoriteLocally(store, channelId, to.type === 'favorites');
  await loadSidebarCategories(store, teamId);
}

/** A custom category named `name` holding the channel (taken out of its category). */
export async function createCategoryWith(store: ChatStore, teamId: string, name: string, channelId: string, from: ChannelCategory | undefined): Promise<void> {
  const me = store.state.me.id;
  // The whole category, as Mattermost's web app sends it: the server checks its user and team.
  await client.createChannelCategory(me, teamId, { user_id: me, team_id: teamId, type: 'custom', display_name: name, channel_ids: [channelId], muted: false, collapsed: false });
  if (from?.type === 'favorites') setFavoriteLocally(store, channelId, false);
  await loadSidebarCategories(store, teamId);
}

/** Collapses or expands the category at once on screen, then on the server (undone if it refuses). */
export async function setCollapsed(store: ChatStore, category: ChannelCategory, collapsed: boolean): Promise<void> {
  replaceLocally(store, { ...category, collapsed });
  try {
    await client.updateChannelCategory(store.state.me.id, category.team_id, { ...category, collapsed });
  } catch (err) {
    replaceLocally(store, category);
    throw err;
  }
}

export async function renameCategory(store: ChatStore, category: ChannelCategory, name: string): Promise<void> {
  await client.updateChannelCategory(store.state.me.id, category.team_id, { ...category, display_name: name });
  await loadSidebarCategories(store, category.team_id);
}

/** Deletes a custom category; its channels go back to Channels and Direct Messages. */
export async function deleteCategory(store: ChatStore, category: ChannelCategory): Promise<void> {
  await client.deleteChannelCategory(store.state.me.id, category.team_id, category.id);
  await loadSidebarCategories(store, category.team_id);
}

function replaceLocally(store: ChatStore, category: ChannelCategory): void {
  store.update((s) => {
    const categories = s.sidebarCategories[category.team_id];
    return categories ? { sidebarCategories: { ...s.sidebarCategories, [category.team_id]: categories.map((c) => (c.id === category.id ? category : c)) } } : {};
  });
}

/** The server turned the channel's favorite_channel preference on or off without announcing it. */
function setFavoriteLocally(store: ChatStore, channelId: string, favorite: boolean): void {
  const preference = { user_id: store.state.me.id, category: FAVORITE_CHANNEL, name: channelId, value: String(favorite) };
  store.update((s) => ({ preferences: [...s.preferences.filter((p) => !(p.category === preference.category && p.name === channelId)), preference] }));
}
