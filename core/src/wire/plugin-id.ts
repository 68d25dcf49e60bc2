/** A plugin id as Mattermost's manifests allow it: 3 to 190 letters, digits, dots, dashes and underscores. */
export const PLUGIN_ID = /^[a-zA-Z0-9-_.]{3,190}$/;
