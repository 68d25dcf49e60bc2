import { defineEntity, p } from '@mikro-orm/core';

/** Moderated permission names (create_post, create_reactions, manage_members, use_channel_mentions) turned off for a channel's members and guests. */
export interface ModeratedOff {
  members: string[];
  guests: string[];
}

// type: O public, P private, D direct (team_id ''), G group (team_id '').
const ChannelSchema = defineEntity({
  name: 'Channel',
  tableName: 'channels',
  uniques: [{ properties: ['teamId', 'name'] }],
  properties: {
    id: p.string().length(26).primary(),
    createAt: p.bigint('number'),
    updateAt: p.bigint('number'),
    deleteAt: p.bigint('number').default(0),
    teamId: p.string().length(26).default('').index(),
    type: p.string().length(1),
    displayName: p.string().length(64).default(''),
    name: p.string().length(64),
    header: p.string().length(1024).default(''),
    purpose: p.string().length(250).default(''),
    lastPostAt: p.bigint('number').default(0),
    lastRootPostAt: p.bigint('number').default(0),
    totalMsgCount: p.bigint('number').default(0),
    totalMsgCountRoot: p.bigint('number').default(0),
    extraUpdateAt: p.bigint('number').default(0),
    creatorId: p.string().length(26).default(''),
    props: p.json<Record<string, unknown>>(),
    /** Only members of the directory groups linked to the channel may be in it (m0021). */
    groupConstrained: p.boolean().default(false),
    /** The moderated permissions the channel takes away, by role (m0031); null takes none away. */
    moderatedOff: p.json<ModeratedOff>().nullable(),
  },
});

export class Channel extends ChannelSchema.class {}
ChannelSchema.setClass(Channel);
export { ChannelSchema };
