import { defineEntity, p } from '@mikro-orm/core';

const TeamSchema = defineEntity({
  name: 'Team',
  tableName: 'teams',
  properties: {
    id: p.string().length(26).primary(),
    createAt: p.bigint('number'),
    updateAt: p.bigint('number'),
    deleteAt: p.bigint('number').default(0),
    displayName: p.string().length(64),
    name: p.string().length(64).unique(),
    description: p.string().length(255).default(''),
    email: p.string().length(128).default(''),
    type: p.string().length(1),
    companyName: p.string().length(64).default(''),
    allowedDomains: p.text().default(''),
    inviteId: p.string().length(32),
    allowOpenInvite: p.boolean().default(false),
    lastTeamIconUpdate: p.bigint('number').default(0),
    /** Only members of the directory groups linked to the team may be in it (m0021). */
    groupConstrained: p.boolean().default(false),
  },
});

export class Team extends TeamSchema.class {}
TeamSchema.setClass(Team);
export { TeamSchema };
