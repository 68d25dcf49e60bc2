// The plugin's bot, `@playbooks`: the author of reminders, announcements and the direct messages
// followers get. Made when first needed (api.bots.ensureBot is an upsert), once per plugin run.
import { pluginBot } from '@parley/plugin-api';

export const ensurePlaybooksBot = pluginBot({ username: 'playbooks', display_name: 'Playbooks', description: 'Posts run reminders for the Playbooks plugin.' });
