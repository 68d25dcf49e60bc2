import { Repository, TEXT_LIST } from './repository.ts';

/** A custom emoji (m0014-custom-emoji.ts); its picture is in the file store. */
export interface CustomEmoji {
  id: string;
  createAt: number;
  updateAt: number;
  deleteAt: number;
  creatorId: string;
  name: string;
  description: string;
}

interface EmojiRow {
  id: string;
  create_at: string;
  update_at: string;
  delete_at: string;
  creator_id: string;
  name: string;
  description: string;
}

const COLUMNS = 'id, create_at, update_at, delete_at, creator_id, name, description';

export class EmojiRepository extends Repository {
  /** Saves a new emoji; a live emoji of the same name fails it with UniqueViolation. */
  async insert(emoji: CustomEmoji): Promise<void> {
    await this.sql(`insert into emoji (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?)`, [
      emoji.id,
      emoji.createAt,
      emoji.updateAt,
      emoji.deleteAt,
      emoji.creatorId,
      emoji.name,
      emoji.description,
    ]);
  }

  async findLive(id: string): Promise<CustomEmoji | null> {
    return this.#one(`select ${COLUMNS} from emoji where id = ? and delete_at = 0`, [id]);
  }

  async findLiveByName(name: string): Promise<CustomEmoji | null> {
    return this.#one(`select ${COLUMNS} from emoji where name = ? and delete_at = 0`, [name]);
  }

  async findLiveByNames(names: readonly string[]): Promise<CustomEmoji[]> {
    if (names.length === 0) return [];
    const rows = await this.sql<EmojiRow>(`select ${COLUMNS} from emoji where delete_at = 0 and name = any(${TEXT_LIST}) order by name`, [
      JSON.stringify(names),
    ]);
    return rows.map(toEmoji);
  }

  /** A page of the live emoji, by name or (Mattermost's default) oldest first. */
  async list(options: { offset: number; limit: number; byName: boolean }): Promise<CustomEmoji[]> {
    const order = options.byName ? 'name asc' : 'create_at asc, id asc';
    const rows = await this.sql<EmojiRow>(`select ${COLUMNS} from emoji where delete_at = 0 order by ${order} limit ? offset ?`, [options.limit, options.offset]);
    return rows.map(toEmoji);
  }

  /** Live emoji whose name starts with `term`, or contains it unless `prefixOnly`; by name. */
  async search(term: string, options: { prefixOnly: boolean; limit: number }): Promise<CustomEmoji[]> {
    const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
    const pattern = options.prefixOnly ? `${escaped}%` : `%${escaped}%`;
    const rows = await this.sql<EmojiRow>(`select ${COLUMNS} from emoji where delete_at = 0 and name like ? order by name limit ?`, [pattern, options.limit]);
    return rows.map(toEmoji);
  }

  /** Marks a live emoji deleted; false when there was none. */
  async markDeleted(id: string, at: number): Promise<boolean> {
    const rows = await this.sql(`update emoji set delete_at = ?, update_at = ? where id = ? and delete_at = 0 returning id`, [at, at, id]);
    return rows.length > 0;
  }

  async #one(query: string, params: unknown[]): Promise<CustomEmoji | null> {
    const rows = await this.sql<EmojiRow>(query, params);
    return rows[0] ? toEmoji(rows[0]) : null;
  }
}

function toEmoji(row: EmojiRow): CustomEmoji {
  return {
    id: row.id,
    createAt: Number(row.create_at),
    updateAt: Number(row.update_at),
    deleteAt: Number(row.delete_at),
    creatorId: row.creator_id,
    name: row.name,
    description: row.description,
  };
}
