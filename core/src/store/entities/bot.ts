import { defineEntity, p } from '@mikro-orm/core';

/** A bot account: a user with is_bot set, owned by a person (owner_id is a user id) or a plugin (its id). */
const BotSchema = defineEntity({
  name: 'Bot',
  tableName: 'bots',
  properties: {
    userId: p.string().length(26).primary(),
    ownerId: p.string().length(190),
    description: p.string().length(1024).default(''),
    createAt: p.bigint('number'),
    updateAt: p.bigint('number'),
    /** Set while the bot is disabled (its user deactivated). */
    deleteAt: p.bigint('number').default(0),
  },
});

export class Bot extends BotSchema.class {}
BotSchema.setClass(Bot);
export { BotSchema };
