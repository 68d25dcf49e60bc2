import { Repository } from './repository.ts';

/** A message being written, kept per user, channel and thread (m0013-drafts.ts). */
export interface Draft {
  userId: string;
  channelId: string;
  /** The thread's root post, or '' for the channel itself. */
  rootId: string;
  createAt: number;
  updateAt: number;
  message: string;
  props: Record<string, unknown>;
  fileIds: string[];
  /** The post priority the draft will be sent with, as the client set it; null when none. */
  priority: Record<string, unknown> | null;
}

export interface DraftRow {
  user_id: string;
  channel_id: string;
  root_id: string;
  create_at: string;
  update_at: string;
  message: string;
  props: Record<string, unknown>;
  file_ids: string[];
  priority: Record<string, unknown> | null;
}

const COLUMNS = 'user_id, channel_id, root_id, create_at, update_at, message, props, file_ids, priority';

export class DraftRepository extends Repository {
  /** Saves the draft over any earlier one of the same thread; `created` tells whether there was none. */
  async upsert(draft: Draft): Promise<{ draft: Draft; created: boolean }> {
    const rows = await this.sql<DraftRow & { created: boolean }>(
      `insert into drafts (${COLUMNS}) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb))
       on conflict (user_id, channel_id, root_id) do update set update_at = excluded.update_at, message = excluded.message,
         props = excluded.props, file_ids = excluded.file_ids, priority = excluded.priority
       returning ${COLUMNS}, (xmax = 0) as created`,
      [
        draft.userId,
        draft.channelId,
        draft.rootId,
        draft.createAt,
        draft.updateAt,
        draft.message,
        JSON.stringify(draft.props),
        JSON.stringify(draft.fileIds),
        draft.priority === null ? null : JSON.stringify(draft.priority),
      ],
    );
    return { draft: toDraft(rows[0]), created: rows[0].created };
  }

  /** Removes a draft; returns it, or null when there was none. */
  async delete(userId: string, channelId: string, rootId: string): Promise<Draft | null> {
    const rows = await this.sql<DraftRow>(`delete from drafts where user_id = ? and channel_id = ? and root_id = ? returning ${COLUMNS}`, [userId, channelId, rootId]);
    return rows[0] ? toDraft(rows[0]) : null;
  }

  /**
   * A user's drafts in the live channels of a team, and in their direct and group messages, where
   * the user is still a member; newest first.
   */
  async listForTeam(userId: string, teamId: string): Promise<Draft[]> {
    const rows = await this.sql<DraftRow>(
      `select ${COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')} from drafts d
       join channels c on c.id = d.channel_id
       join channel_members m on m.channel_id = d.channel_id and m.user_id = d.user_id
       where d.user_id = ? and (c.team_id = ? or c.team_id = '') and c.delete_at = 0
       order by d.update_at desc`,
      [userId, teamId],
    );
    return rows.map(toDraft);
  }
}

export function toDraft(row: DraftRow): Draft {
  return {
    userId: row.user_id,
    channelId: row.channel_id,
    rootId: row.root_id,
    createAt: Number(row.create_at),
    updateAt: Number(row.update_at),
    message: row.message,
    props: row.props,
    fileIds: row.file_ids,
    priority: row.priority,
  };
}
