// Mattermost's ChannelBookmarkWithFileInfo JSON, both ways: the optional strings are left out when
// empty (Go's omitempty), and a file bookmark carries its file info in `file`.
import type { ChannelBookmark as WireChannelBookmark, UpdateChannelBookmarkResponse } from '@mattermost/types/channel_bookmarks';
import type { FileInfo as WireFileInfo } from '@mattermost/types/files';
import type { ChannelBookmarkPatch, NewChannelBookmarkInput } from '../app/channel-bookmark-service.ts';
import type { ChannelBookmarkUpdate, ChannelBookmarkView } from '../app/channel-bookmark-view.ts';
import { AppError } from '../errors/app-error.ts';
import { toWireFileInfo } from './file-info.ts';
import { JsonFields } from './json-fields.ts';

/** Display names, URLs and emoji names are kept within what a bookmark bar can show. */
const MAX_TEXT = 2048;

export function toWireChannelBookmark({ bookmark: b, file }: ChannelBookmarkView): WireChannelBookmark {
  return {
    id: b.id,
    create_at: b.createAt,
    update_at: b.updateAt,
    delete_at: b.deleteAt,
    channel_id: b.channelId,
    owner_id: b.ownerId,
    file_id: b.fileId,
    display_name: b.displayName,
    sort_order: b.sortOrder,
    type: b.type,
    ...(b.linkUrl ? { link_url: b.linkUrl } : {}),
    ...(b.imageUrl ? { image_url: b.imageUrl } : {}),
    ...(b.emoji ? { emoji: b.emoji } : {}),
    ...(b.originalId ? { original_id: b.originalId } : {}),
    ...(b.parentId ? { parent_id: b.parentId } : {}),
    ...(file ? { file: toWireFileInfo(file) as unknown as WireFileInfo } : {}),
  };
}

/** PATCH's answer, `deleted` only when the edit replaced someone else's bookmark. */
export function toWireChannelBookmarkUpdate(update: ChannelBookmarkUpdate): UpdateChannelBookmarkResponse {
  return {
    updated: toWireChannelBookmark(update.updated),
    ...(update.deleted ? { deleted: toWireChannelBookmark(update.deleted) } : {}),
  } as UpdateChannelBookmarkResponse;
}

/** POST /channels/{id}/bookmarks; the channel comes from the path, the owner is the caller. */
export function decodeNewChannelBookmark(body: unknown): NewChannelBookmarkInput {
  const fields = JsonFields.of(body, 'channelBookmark');
  return {
    type: fields.string('type', { max: 16 }),
    displayName: fields.string('display_name', { max: MAX_TEXT }),
    linkUrl: fields.string('link_url', { max: MAX_TEXT }),
    imageUrl: fields.string('image_url', { max: MAX_TEXT }),
    emoji: fields.string('emoji', { max: 64 }),
    fileId: fields.optionalId('file_id'),
  };
}

/** PATCH /channels/{id}/bookmarks/{id}: only the fields present change; others in the body are ignored. */
export function decodeChannelBookmarkPatch(body: unknown): ChannelBookmarkPatch {
  const fields = JsonFields.of(body, 'channelBookmarkPatch');
  const patch: ChannelBookmarkPatch = {};
  if (fields.has('display_name')) patch.displayName = fields.string('display_name', { max: MAX_TEXT });
  if (fields.has('link_url')) patch.linkUrl = fields.string('link_url', { max: MAX_TEXT });
  if (fields.has('image_url')) patch.imageUrl = fields.string('image_url', { max: MAX_TEXT });
  if (fields.has('emoji')) patch.emoji = fields.string('emoji', { max: 64 });
  if (fields.has('file_id')) patch.fileId = fields.optionalId('file_id');
  if (fields.has('sort_order')) patch.sortOrder = fields.integer('sort_order', { min: 0, max: Number.MAX_SAFE_INTEGER }, 0);
  return patch;
}

/** POST .../sort_order: the body is the new position itself, a JSON number from 0. */
export function decodeChannelBookmarkSortOrder(body: unknown): number {
  if (typeof body !== 'number' || !Number.isSafeInteger(body) || body < 0) throw AppError.invalidParam('channelBookmarkSortOrder', 'expected a JSON integer from 0');
  return body;
}
