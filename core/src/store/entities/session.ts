import { defineEntity, p } from '@mikro-orm/core';

// Tokens are stored as SHA-256 hashes: a leaked table does not hand out live sessions.
const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: p.string().length(26).primary(),
    tokenHash: p.string().length(64).unique(),
    userId: p.string().length(26).index(),
    createAt: p.bigint('number'),
    expiresAt: p.bigint('number'),
    lastActivityAt: p.bigint('number'),
    deviceId: p.string().length(512).default(''),
    roles: p.string().length(256),
    isOauth: p.boolean().default(false),
    csrfToken: p.string().length(26),
    props: p.json<Record<string, string>>(),
  },
});

export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);
export { SessionSchema };
