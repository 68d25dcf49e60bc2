// Sidebar categories on the wire: Mattermost's SidebarCategoryWithChannels and
// OrderedSidebarCategories JSON, and the bodies that create, change and reorder categories.
import type { CategorySorting, ChannelCategory, OrderedChannelCategories } from '@mattermost/types/channel_categories';
import type { OrderedSidebarCategories, SidebarCategoryInput, SidebarCategoryWithChannels } from '../app/sidebar-category-service.ts';
import { isValidId } from '../app/ids.ts';
import { JsonFields, decodeStringList, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's JSON, with the sort_order its server sends beside the client's type. */
export type WireSidebarCategory = ChannelCategory & { sort_order: number };

/** Channels one category may hold in a request (the largest sidebar Mattermost's limits allow). */
const MAX_CHANNELS = 10000;
/** Categories one bulk update or order may name. */
const MAX_CATEGORIES = 1000;
/** Mattermost's ids of default categories: {type}_{user id}_{team id}. */
const DEFAULT_CATEGORY_ID = /^(favorites|channels|direct_messages)_[a-z0-9]{26}_[a-z0-9]{26}$/;

export function toWireSidebarCategory(category: SidebarCategoryWithChannels): WireSidebarCategory {
  return {
    id: category.id,
    user_id: category.userId,
    team_id: category.teamId,
    sort_order: category.sortOrder,
    sorting: category.sorting as CategorySorting,
    type: category.type,
    display_name: category.displayName,
    muted: category.muted,
    collapsed: category.collapsed,
    channel_ids: category.channelIds,
  };
}

export function toWireOrderedSidebarCategories(ordered: OrderedSidebarCategories): OrderedChannelCategories {
  return { categories: ordered.categories.map(toWireSidebarCategory), order: ordered.order };
}

/** A category id as Mattermost accepts one: a 26-character id, or a default category's id. */
export function isValidCategoryId(value: unknown): value is string {
  return isValidId(value) || (typeof value === 'string' && DEFAULT_CATEGORY_ID.test(value));
}

/**
 * One category in a body (POST .../categories, PUT .../categories/{id}): its user_id and team_id
 * must be those of the URL. The fields a client leaves out take their zero values, as Mattermost
 * reads the whole category.
 */
export function decodeSidebarCategory(body: unknown, url: { userId: string; teamId: string; categoryId?: string }, refuse: Refusal = paramRefusal): SidebarCategoryInput {
  const fields = JsonFields.of(body, 'category', refuse);
  if (fields.string('user_id') !== url.userId || fields.string('team_id') !== url.teamId) {
    throw refuse('category', 'user_id and team_id must be those of the URL');
  }
  return categoryInput(fields, url.categoryId ?? '');
}

/** PUT .../categories: a JSON array of whole categories, each naming its id. */
export function decodeSidebarCategories(body: unknown, refuse: Refusal = paramRefusal): SidebarCategoryInput[] {
  if (!Array.isArray(body) || body.length > MAX_CATEGORIES) throw refuse('category', `expected a JSON array of at most ${MAX_CATEGORIES} categories`);
  return body.map((entry: unknown, i) => {
    const fields = JsonFields.of(entry, `category[${i}]`, (field, why) => refuse(`category[${i}].${field}`, why));
    const id = fields.string('id');
    if (!isValidCategoryId(id)) throw refuse(`category[${i}].id`, 'must be a category id');
    return categoryInput(fields, id);
  });
}

/** PUT .../categories/order: a JSON array of category ids. */
export function decodeSidebarCategoryOrder(body: unknown, refuse: Refusal = paramRefusal): string[] {
  const order = decodeStringList(body, 'category', { maxItems: MAX_CATEGORIES }, refuse);
  if (!order.every(isValidCategoryId)) throw refuse('category', 'expected a JSON array of category ids');
  return order;
}

function categoryInput(fields: JsonFields, id: string): SidebarCategoryInput {
  return {
    id,
    displayName: fields.string('display_name', { max: 1024 }),
    sorting: fields.string('sorting', { max: 64 }),
    muted: fields.boolean('muted'),
    collapsed: fields.boolean('collapsed'),
    channelIds: fields.stringList('channel_ids', { maxItems: MAX_CHANNELS }),
  };
}
