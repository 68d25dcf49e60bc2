import { TEXT_LIST, Repository } from './repository.ts';
import { Preference } from './entities/preference.ts';

export class PreferenceRepository extends Repository {
  listForUser(userId: string, category?: string): Promise<Preference[]> {
    return category
      ? this.select(Preference, 'select * from preferences where user_id = ? and category = ? order by category, name', [userId, category])
      : this.select(Preference, 'select * from preferences where user_id = ? order by category, name', [userId]);
  }

  /** One preference's value for each of `userIds` that has it set. */
  async valuesOf(userIds: readonly string[], category: string, name: string): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.sql<{ user_id: string; value: string }>(
      `select user_id, value from preferences where category = ? and name = ? and user_id = any(${TEXT_LIST})`,
      [category, name, JSON.stringify(userIds)],
    );
    return new Map(rows.map((r) => [r.user_id, r.value]));
  }

  findOne(userId: string, category: string, name: string): Promise<Preference | null> {
    return this.em().findOne(Preference, { userId, category, name });
  }

  /** Inserts or replaces each preference, all or none. */
  async upsertMany(preferences: Preference[]): Promise<void> {
    if (preferences.length === 0) return;
    await this.write((em) => em.upsertMany(Preference, preferences));
  }

  async deleteMany(userId: string, keys: ReadonlyArray<{ category: string; name: string }>): Promise<void> {
    if (keys.length === 0) return;
    await this.em().nativeDelete(Preference, { userId, $or: keys.map(({ category, name }) => ({ category, name })) });
  }
}
