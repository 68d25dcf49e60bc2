import { Repository, TEXT_LIST } from './repository.ts';

/** A link or file pinned to the top of a channel (m0025-channel-bookmarks.ts). */
export interface ChannelBookmark {
  id: string;
  createAt: number;
  updateAt: number;
  deleteAt: number;
  channelId: string;
  ownerId: string;
  /** The file of a 'file' bookmark, '' for a link. */
  fileId: string;
  displayName: string;
  sortOrder: number;
  linkUrl: string;
  imageUrl: string;
  emoji: string;
  type: 'link' | 'file';
  /** The bookmark this one replaced when someone other than its owner edited it. */
  originalId: string;
  parentId: string;
}

interface BookmarkRow {
  id: string;
  create_at: string;
  update_at: string;
  delete_at: string;
  channel_id: string;
  owner_id: string;
  file_info_id: string;
  display_name: string;
  sort_order: string;
  link_url: string;
  image_url: string;
  emoji: string;
  type: 'link' | 'file';
  original_id: string;
  parent_id: string;
}

const COLUMNS = 'id, create_at, update_at, delete_at, channel_id, owner_id, file_info_id, display_name, sort_order, link_url, image_url, emoji, type, original_id, parent_id';

export class ChannelBookmarkRepository extends Repository {
  /**
   * Serialises the writes that count or renumber a channel's bookmarks until the transaction ends
   * (two concurrent creations could otherwise both pass the limit or take the same sort order).
   */
  async lockChannel(channelId: string): Promise<void> {
    await this.sql(`select pg_advisory_xact_lock(hashtext('channel_bookmarks:' || ?))`, [channelId]);
  }

  async countLive(channelId: string): Promise<number> {
    const rows = await this.sql<{ count: string }>(`select count(*) as count from channel_bookmarks where channel_id = ? and delete_at = 0`, [channelId]);
    return Number(rows[0].count);
  }

  /** The sort order after the channel's last live bookmark (0 for the first). */
  async nextSortOrder(channelId: string): Promise<number> {
    const rows = await this.sql<{ next: string }>(`select coalesce(max(sort_order), -1) + 1 as next from channel_bookmarks where channel_id = ? and delete_at = 0`, [channelId]);
    return Number(rows[0].next);
  }

  async insert(b: ChannelBookmark): Promise<void> {
    await this.sql(`insert into channel_bookmarks (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      b.id,
      b.createAt,
      b.updateAt,
      b.deleteAt,
      b.channelId,
      b.ownerId,
      b.fileId,
      b.displayName,
      b.sortOrder,
      b.linkUrl,
      b.imageUrl,
      b.emoji,
      b.type,
      b.originalId,
      b.parentId,
    ]);
  }

  /** A live bookmark, or null. */
  async findLive(id: string): Promise<ChannelBookmark | null> {
    const rows = await this.sql<BookmarkRow>(`select ${COLUMNS} from channel_bookmarks where id = ? and delete_at = 0`, [id]);
    return rows[0] ? toBookmark(rows[0]) : null;
  }

  /** Writes the editable fields of a live bookmark; false when it is gone. */
  async update(b: ChannelBookmark): Promise<boolean> {
    const rows = await this.sql(
      `update channel_bookmarks set display_name = ?, sort_order = ?, link_url = ?, image_url = ?, emoji = ?, file_info_id = ?, update_at = ?
       where id = ? and delete_at = 0 returning id`,
      [b.displayName, b.sortOrder, b.linkUrl, b.imageUrl, b.emoji, b.fileId, b.updateAt, b.id],
    );
    return rows.length > 0;
  }

  /** Marks a live bookmark deleted; returns it as deleted, or null when it was not live. */
  async markDeleted(id: string, now: number): Promise<ChannelBookmark | null> {
    const rows = await this.sql<BookmarkRow>(`update channel_bookmarks set delete_at = ?, update_at = ? where id = ? and delete_at = 0 returning ${COLUMNS}`, [now, now, id]);
    return rows[0] ? toBookmark(rows[0]) : null;
  }

  /**
   * A channel's live bookmarks in their order; with `since` > 0, instead every bookmark added,
   * changed or deleted at or after it (deleted ones included, so a client can drop them).
   */
  async listForChannel(channelId: string, since: number, limit: number): Promise<ChannelBookmark[]> {
    const changed = since > 0 ? '(update_at >= ? or delete_at >= ?)' : 'delete_at = 0';
    const params = since > 0 ? [channelId, since, since, limit] : [channelId, limit];
    const rows = await this.sql<BookmarkRow>(`select ${COLUMNS} from channel_bookmarks where channel_id = ? and ${changed} order by sort_order, delete_at, create_at limit ?`, params);
    return rows.map(toBookmark);
  }

  /** Numbers the given live bookmarks of a channel 0, 1, 2... in the order given. */
  async renumber(channelId: string, orderedIds: readonly string[], now: number): Promise<void> {
    await this.sql(
      `update channel_bookmarks b set sort_order = o.position - 1, update_at = ?
       from unnest(${TEXT_LIST}) with ordinality as o(id, position)
       where b.id = o.id and b.channel_id = ? and b.delete_at = 0`,
      [now, JSON.stringify(orderedIds), channelId],
    );
  }

  /** True when a live bookmark already shows this file. */
  async fileInUse(fileId: string): Promise<boolean> {
    const rows = await this.sql(`select 1 from channel_bookmarks where file_info_id = ? and delete_at = 0 limit 1`, [fileId]);
    return rows.length > 0;
  }
}

function toBookmark(row: BookmarkRow): ChannelBookmark {
  return {
    id: row.id,
    createAt: Number(row.create_at),
    updateAt: Number(row.update_at),
    deleteAt: Number(row.delete_at),
    channelId: row.channel_id,
    ownerId: row.owner_id,
    fileId: row.file_info_id,
    displayName: row.display_name,
    sortOrder: Number(row.sort_order),
    linkUrl: row.link_url,
    imageUrl: row.image_url,
    emoji: row.emoji,
    type: row.type,
    originalId: row.original_id,
    parentId: row.parent_id,
  };
}
