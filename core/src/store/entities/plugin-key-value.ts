import { defineEntity, p } from '@mikro-orm/core';

const PluginKeyValueSchema = defineEntity({
  name: 'PluginKeyValue',
  tableName: 'plugin_key_values',
  properties: {
    pluginId: p.string().length(190).primary(),
    pkey: p.string().length(150).primary(),
    pvalue: p.json<unknown>(),
    /** Epoch ms after which the key reads as absent; 0 never expires. */
    expireAt: p.bigint('number').default(0),
  },
});

export class PluginKeyValue extends PluginKeyValueSchema.class {}
PluginKeyValueSchema.setClass(PluginKeyValue);
export { PluginKeyValueSchema };
