import { defineEntity, p } from '@mikro-orm/core';

const UserAccessTokenSchema = defineEntity({
  name: 'UserAccessToken',
  tableName: 'user_access_tokens',
  properties: {
    id: p.string().length(26).primary(),
    tokenHash: p.string().length(64).unique(),
    userId: p.string().length(26).index(),
    description: p.string().length(512).default(''),
    isActive: p.boolean().default(true),
    createAt: p.bigint('number'),
  },
});

export class UserAccessToken extends UserAccessTokenSchema.class {}
UserAccessTokenSchema.setClass(UserAccessToken);
export { UserAccessTokenSchema };
