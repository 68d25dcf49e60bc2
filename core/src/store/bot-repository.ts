import { Repository } from './repository.ts';
import { Bot } from './entities/bot.ts';

/** A bot with the fields its user row holds (username, display name), as Mattermost's Bot. */
export interface BotAccount {
  userId: string;
  username: string;
  displayName: string;
  description: string;
  ownerId: string;
  createAt: number;
  updateAt: number;
  deleteAt: number;
}

/** Filters of GET /bots, Mattermost's BotGetOptions. */
export interface BotListFilter {
  /** Only bots of this owner; all owners when absent. */
  ownerId?: string;
  includeDeleted: boolean;
  /** Only bots whose owner is a deactivated user. */
  onlyOrphaned: boolean;
  offset: number;
  limit: number;
}

type BotRow = { user_id: string; username: string; display_name: string; description: string; owner_id: string; create_at: string; update_at: string; delete_at: string };

const SELECT_ACCOUNT = `select b.user_id, u.username, u.first_name as display_name, b.description, b.owner_id, b.create_at, b.update_at, b.delete_at
  from bots b join users u on u.id = b.user_id`;

export class BotRepository extends Repository {
  findByUserId(userId: string): Promise<Bot | null> {
    return this.em().findOne(Bot, { userId });
  }

  findFirstByOwner(ownerId: string): Promise<Bot | null> {
    return this.em().findOne(Bot, { ownerId }, { orderBy: { createAt: 'asc' } });
  }

  async findAccount(userId: string): Promise<BotAccount | null> {
    const rows = await this.sql<BotRow>(`${SELECT_ACCOUNT} where b.user_id = ?`, [userId]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Bots oldest first, as Mattermost lists them. */
  async list(filter: BotListFilter): Promise<BotAccount[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!filter.includeDeleted) where.push('b.delete_at = 0');
    if (filter.ownerId !== undefined) {
      where.push('b.owner_id = ?');
      params.push(filter.ownerId);
    }
    // Mattermost's join: a bot owned by a plugin (no such user) is never an orphan.
    const orphanJoin = filter.onlyOrphaned ? 'join users o on o.id = b.owner_id' : '';
    if (filter.onlyOrphaned) where.push('o.delete_at <> 0');
    const rows = await this.sql<BotRow>(
      `${SELECT_ACCOUNT} ${orphanJoin} ${where.length ? 'where ' + where.join(' and ') : ''}
       order by b.create_at, u.username limit ? offset ?`,
      [...params, filter.limit, filter.offset],
    );
    return rows.map(toAccount);
  }

  async insert(bot: Bot): Promise<void> {
    await this.write((em) => em.insert(Bot, bot));
  }

  async update(userId: string, changes: Partial<Pick<Bot, 'description' | 'ownerId' | 'updateAt' | 'deleteAt'>>): Promise<void> {
    await this.em().nativeUpdate(Bot, { userId }, changes);
  }
}

function toAccount(row: BotRow): BotAccount {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    description: row.description,
    ownerId: row.owner_id,
    createAt: Number(row.create_at),
    updateAt: Number(row.update_at),
    deleteAt: Number(row.delete_at),
  };
}
