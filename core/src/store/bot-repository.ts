import { Repository } from './repository.ts';
import { Bot } from './entities/bot.ts';

export class BotRepository extends Repository {
  findByUserId(userId: string): Promise<Bot | null> {
    return this.em().findOne(Bot, { userId });
  }

  findFirstByOwner(ownerId: string): Promise<Bot | null> {
    return this.em().findOne(Bot, { ownerId }, { orderBy: { createAt: 'asc' } });
  }

  async insert(bot: Bot): Promise<void> {
    await this.write((em) => em.insert(Bot, bot));
  }

  async update(userId: string, changes: Partial<Pick<Bot, 'description' | 'updateAt'>>): Promise<void> {
    await this.em().nativeUpdate(Bot, { userId }, changes);
  }
}
