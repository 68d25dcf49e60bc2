import { defineEntity, p } from '@mikro-orm/core';

const StatusSchema = defineEntity({
  name: 'Status',
  tableName: 'statuses',
  properties: {
    userId: p.string().length(26).primary(),
    status: p.string().length(32),
    manual: p.boolean().default(false),
    lastActivityAt: p.bigint('number'),
  },
});

export class Status extends StatusSchema.class {}
StatusSchema.setClass(Status);
export { StatusSchema };
