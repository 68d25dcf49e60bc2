import { defineEntity, p } from '@mikro-orm/core';

const ReactionSchema = defineEntity({
  name: 'Reaction',
  tableName: 'reactions',
  properties: {
    postId: p.string().length(26).primary(),
    userId: p.string().length(26).primary(),
    emojiName: p.string().length(64).primary(),
    channelId: p.string().length(26).index(),
    createAt: p.bigint('number'),
  },
});

export class Reaction extends ReactionSchema.class {}
ReactionSchema.setClass(Reaction);
export { ReactionSchema };
