import { defineEntity, p } from '@mikro-orm/core';

const PostSchema = defineEntity({
  name: 'Post',
  tableName: 'posts',
  indexes: [
    { properties: ['channelId', 'createAt'] },
    { properties: ['rootId', 'createAt'] },
    { properties: ['channelId', 'updateAt'] },
  ],
  properties: {
    id: p.string().length(26).primary(),
    createAt: p.bigint('number'),
    updateAt: p.bigint('number'),
    editAt: p.bigint('number').default(0),
    deleteAt: p.bigint('number').default(0),
    isPinned: p.boolean().default(false),
    userId: p.string().length(26),
    channelId: p.string().length(26),
    rootId: p.string().length(26).default(''),
    originalId: p.string().length(26).default(''),
    message: p.text().default(''),
    type: p.string().length(26).default(''),
    props: p.json<Record<string, unknown>>(),
    hashtags: p.string().length(1000).default(''),
    fileIds: p.json<string[]>(),
    pendingPostId: p.string().length(26).default(''),
    lastReplyAt: p.bigint('number').default(0),
  },
});

export class Post extends PostSchema.class {}
PostSchema.setClass(Post);
export { PostSchema };
