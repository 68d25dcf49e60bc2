// `/github webhook log`: the delivery log, for system admins only (it names repositories, private
// ones included, that the caller may not be able to see).
import { ephemeral, type Subcommand } from '@parley/plugin-api';
import { DeliveryLog, renderDeliveryLog } from './delivery-log.ts';

export const webhookSubcommand: Subcommand = {
  name: 'webhook',
  help: 'System admins: `/github webhook log` shows the last 50 webhook deliveries and what became of each.',
  autocomplete: { Trigger: 'webhook', Hint: 'log', RoleID: 'system_admin', HelpText: 'Webhook diagnostics (system admins)', SubCommands: [{ Trigger: 'log', HelpText: 'The last 50 deliveries and what became of each' }] },
  async run({ api, args, words }) {
    if ((words[0] ?? '').toLowerCase() !== 'log') return ephemeral('Usage: `/github webhook log`.');
    if (!(await api.users.hasPermission(args.user_id, 'manage_system'))) return ephemeral('Only system admins can see the webhook delivery log.');
    return ephemeral(renderDeliveryLog(await new DeliveryLog(api.kv).entries()));
  },
};
