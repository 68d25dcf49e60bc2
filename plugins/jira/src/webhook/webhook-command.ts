// `/jira webhook [url]` (system admins): the URLs to enter in Jira's webhook settings for an
// instance — the subscriptions URL, and the legacy URL that posts every event to this channel —
// with the webhook secret, so only system admins see them.
import { ephemeral, type Subcommand } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import { instancePath } from '../instances/instance-path.ts';
import { InstanceNotFoundError } from '../instances/instance-store.ts';
import { readSettings } from '../settings.ts';
import { LEGACY_WEBHOOK_PATH, SUBSCRIPTIONS_WEBHOOK_PATH } from './webhook-route.ts';

export function webhookSubcommand(deps: JiraDeps): Subcommand {
  const { api } = deps;
  return {
    name: 'webhook',
    help: '`/jira webhook [url]` shows the webhook URLs to configure in Jira for an instance.',
    adminOnly: true,
    autocomplete: { Hint: '[Jira URL]' },
    async run({ args, words }) {
      if (!(await api.users.hasPermission(args.user_id, 'manage_system'))) return ephemeral('Only system admins can see the webhook URLs (they carry the webhook secret).');
      let instance;
      try {
        instance = await deps.instances.resolve(words.join(' '));
      } catch (err) {
        if (err instanceof InstanceNotFoundError) return ephemeral(err.message);
        throw err;
      }
      const { secret } = await readSettings(api);
      const plugin = `${(args.site_url ?? '').replace(/\/+$/, '')}/plugins/jira`;
      const query = `secret=${encodeURIComponent(secret)}`;
      const subscriptions = `${plugin}${instancePath(SUBSCRIPTIONS_WEBHOOK_PATH, instance.id)}?${query}`;
      let legacy = '';
      if (args.team_id) {
        const [team, channel] = await Promise.all([api.teams.get(args.team_id), api.channels.get(args.channel_id)]);
        legacy = `${plugin}${instancePath(LEGACY_WEBHOOK_PATH, instance.id)}?${query}&team=${encodeURIComponent(team.name)}&channel=${encodeURIComponent(channel.name)}`;
      }
      return ephemeral(
        [
          `#### Webhook URLs for ${instance.id}`,
          'In Jira, open **System › WebHooks**, create a webhook with this URL and tick the issue (created, updated, deleted) and comment events:',
          `\`${subscriptions}\``,
          'Events reach the channels subscribed with `/jira subscribe`, and connected users get their notifications.',
          ...(legacy
            ? ['', 'Or, to post every issue created, resolved, reopened or assigned to this channel only (add `&updated_all=1` for every change, `&updated_comments=1` for comments):', `\`${legacy}\``]
            : []),
        ].join('\n'),
      );
    },
  };
}
