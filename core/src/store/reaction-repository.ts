import { TEXT_LIST, Repository } from './repository.ts';
import { Reaction } from './entities/reaction.ts';

export class ReactionRepository extends Repository {
  /** Saves a reaction; returns false when the user had already reacted with that emoji. */
  async insert(reaction: Reaction): Promise<boolean> {
    const rows = await this.sql(
      `insert into reactions (post_id, user_id, emoji_name, channel_id, create_at) values (?, ?, ?, ?, ?)
       on conflict do nothing returning post_id`,
      [reaction.postId, reaction.userId, reaction.emojiName, reaction.channelId, reaction.createAt],
    );
    return rows.length > 0;
  }

  /** Removes a reaction; returns the removed row, or null when there was none. */
  async delete(postId: string, userId: string, emojiName: string): Promise<Reaction | null> {
    const existing = await this.em().findOne(Reaction, { postId, userId, emojiName });
    if (!existing) return null;
    await this.write((em) => em.nativeDelete(Reaction, { postId, userId, emojiName }));
    return existing;
  }

  /** Reactions on the given posts, oldest first. */
  findByPosts(postIds: readonly string[]): Promise<Reaction[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.select(Reaction, `select * from reactions where post_id = any(${TEXT_LIST}) order by create_at asc, user_id asc, emoji_name asc`, [JSON.stringify([...postIds])]);
  }
}
