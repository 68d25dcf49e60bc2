/** This plugin's id (plugin.json). */
export const PLUGIN_ID = 'parley.slash-commands';
