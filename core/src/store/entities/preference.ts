import { defineEntity, p } from '@mikro-orm/core';

const PreferenceSchema = defineEntity({
  name: 'Preference',
  tableName: 'preferences',
  properties: {
    userId: p.string().length(26).primary(),
    category: p.string().length(32).primary(),
    name: p.string().length(32).primary(),
    value: p.text(),
  },
});

export class Preference extends PreferenceSchema.class {}
PreferenceSchema.setClass(Preference);
export { PreferenceSchema };
