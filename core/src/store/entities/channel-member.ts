import { defineEntity, p } from '@mikro-orm/core';

const ChannelMemberSchema = defineEntity({
  name: 'ChannelMember',
  tableName: 'channel_members',
  properties: {
    channelId: p.string().length(26).primary(),
    userId: p.string().length(26).primary().index(),
    roles: p.string().length(256).default(''),
    schemeUser: p.boolean().default(true),
    schemeAdmin: p.boolean().default(false),
    schemeGuest: p.boolean().default(false),
    lastViewedAt: p.bigint('number').default(0),
    msgCount: p.bigint('number').default(0),
    msgCountRoot: p.bigint('number').default(0),
    mentionCount: p.bigint('number').default(0),
    mentionCountRoot: p.bigint('number').default(0),
    urgentMentionCount: p.bigint('number').default(0),
    notifyProps: p.json<Record<string, string>>(),
    lastUpdateAt: p.bigint('number'),
  },
});

export class ChannelMember extends ChannelMemberSchema.class {}
ChannelMemberSchema.setClass(ChannelMember);
export { ChannelMemberSchema };
