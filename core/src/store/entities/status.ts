import { defineEntity, p } from '@mikro-orm/core';

const StatusSchema = defineEntity({
  name: 'Status',
  tableName: 'statuses',
  properties: {
    userId: p.string().length(26).primary(),
    status: p.string().length(32),
    manual: p.boolean().default(false),
    lastActivityAt: p.bigint('number'),
    /** When a timed do-not-disturb ends, in epoch seconds; 0 when none is timed. */
    dndEndTime: p.bigint('number').default(0),
    /** The status a timed do-not-disturb replaced, restored when it ends. */
    prevStatus: p.string().length(32).default(''),
  },
});

export class Status extends StatusSchema.class {}
StatusSchema.setClass(Status);
export { StatusSchema };
