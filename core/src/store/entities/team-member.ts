import { defineEntity, p } from '@mikro-orm/core';

// A member row outlives leaving the team (delete_at > 0), as in Mattermost.
const TeamMemberSchema = defineEntity({
  name: 'TeamMember',
  tableName: 'team_members',
  properties: {
    teamId: p.string().length(26).primary(),
    userId: p.string().length(26).primary().index(),
    roles: p.string().length(256).default(''),
    schemeUser: p.boolean().default(true),
    schemeAdmin: p.boolean().default(false),
    schemeGuest: p.boolean().default(false),
    createAt: p.bigint('number'),
    deleteAt: p.bigint('number').default(0),
  },
});

export class TeamMember extends TeamMemberSchema.class {}
TeamMemberSchema.setClass(TeamMember);
export { TeamMemberSchema };
