// `/jira subscribe`: opens the subscription dialog for a new subscription of this channel (and lists
// the channel's others with how to edit or remove them); `/jira subscribe edit <name>` opens it filled
// in; `/jira subscribe delete <name>` removes one; `/jira subscribe list` shows this channel's
// subscriptions, or for system admins every subscription of every channel.
import { ephemeral, type CommandResponse, type PluginAPI, type Subcommand, type SubcommandContext } from '@parley/plugin-api';
import type { JiraDeps } from '../deps.ts';
import { formatFieldConditions } from './field-conditions.ts';
import type { ChannelSubscription } from './subscription.ts';
import { openSubscriptionDialog } from './subscription-dialog.ts';
import { subscriptionHttpError } from './subscription-routes.ts';
import type { SubscriptionService } from './subscription-service.ts';

function describe(sub: ChannelSubscription): string {
  const { events, projects, issue_types: types, fields } = sub.filters;
  const conditions = fields.length > 0 ? `; where ${formatFieldConditions(fields).split('\n').join(' and ')}` : '';
  return `- **${sub.name}**: ${events.join(', ')} in ${projects.join(', ')} (issue types ${types.join(', ')})${conditions}`;
}

async function channelName(api: PluginAPI, channelId: string): Promise<string> {
  try {
    const channel = await api.channels.get(channelId);
    const team = channel.team_id ? await api.teams.get(channel.team_id) : undefined;
    return `~${channel.name}${team ? ` (${team.display_name})` : ''}`;
  } catch {
    return `a removed channel (${channelId})`;
  }
}

/** Runs a subcommand, answering a refusal or failure with the text the user sees. */
function answering(work: (context: SubcommandContext) => Promise<CommandResponse>): (context: SubcommandContext) => Promise<CommandResponse> {
  return async (context) => {
    try {
      return await work(context);
    } catch (err) {
      return ephemeral((subscriptionHttpError(err) as Error).message);
    }
  };
}

/** The words without `--instance <url|alias>`, and the instance named ('' when none). */
function instanceFlag(words: string[]): { instance: string; rest: string[] } {
  const at = words.findIndex((word) => word.toLowerCase() === '--instance');
  if (at < 0) return { instance: '', rest: words };
  return { instance: words[at + 1] ?? '', rest: [...words.slice(0, at), ...words.slice(at + 2)] };
}

export function subscribeSubcommands(deps: JiraDeps, service: SubscriptionService): Subcommand[] {
  const { api } = deps;

  const byName = async (channelId: string, userId: string, words: string[]) => {
    const { instance: named, rest } = instanceFlag(words);
    const instance = await service.instance(named);
    const name = rest.join(' ').trim();
    const subs = await service.forChannel(userId, channelId, instance);
    const found = subs.find((sub) => sub.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new Error(name === '' ? 'Name the subscription.' : `This channel has no Jira subscription named "${name}". \`/jira subscribe list\` shows its subscriptions.`);
    return { instance, found };
  };

  return [
    {
      name: 'subscribe',
      help: '`/jira subscribe [--instance <url|alias>]` adds a Jira subscription to this channel in a dialog (`edit <name>`, `delete <name>` change one).',
      run: answering(async ({ args, words }) => {
        const instance = await service.instance(instanceFlag(words).instance);
        const subs = await service.forChannel(args.user_id, args.channel_id, instance);
        await openSubscriptionDialog(api, args.trigger_id, instance.id);
        if (subs.length === 0) return ephemeral('');
        return ephemeral(`This channel's Jira subscriptions (\`/jira subscribe edit <name>\` or \`/jira subscribe delete <name>\` changes one):\n${subs.map(describe).join('\n')}`);
      }),
    },
    {
      name: 'subscribe edit',
      help: '`/jira subscribe edit <name>` changes one of this channel\'s Jira subscriptions in a dialog.',
      run: answering(async ({ args, words }) => {
        const { instance, found } = await byName(args.channel_id, args.user_id, words);
        await openSubscriptionDialog(api, args.trigger_id, instance.id, found);
        return ephemeral('');
      }),
    },
    {
      name: 'subscribe delete',
      help: '`/jira subscribe delete <name>` removes one of this channel\'s Jira subscriptions.',
      run: answering(async ({ args, words }) => {
        const { instance, found } = await byName(args.channel_id, args.user_id, words);
        await service.remove(args.user_id, found.id, instance);
        return ephemeral(`Removed the Jira subscription "${found.name}".`);
      }),
    },
    {
      name: 'subscribe list',
      help: '`/jira subscribe list` shows this channel\'s Jira subscriptions (system admins: every channel\'s).',
      async run({ args }) {
        const instances = await deps.instances.list();
        if (instances.length === 0) return ephemeral('No Jira instance is installed yet.');
        if (await api.users.hasPermission(args.user_id, 'manage_system')) {
          const sections: string[] = [];
          for (const instance of instances) {
            const subs = await service.store.list(instance);
            const channels = [...new Set(subs.map((sub) => sub.channel_id))];
            const lines: string[] = [];
            for (const channelId of channels) {
              lines.push(`${await channelName(api, channelId)}:`, ...subs.filter((sub) => sub.channel_id === channelId).map(describe));
            }
            sections.push(`#### ${instance.id}\n${lines.length > 0 ? lines.join('\n') : 'No subscriptions.'}`);
          }
          return ephemeral(`Jira subscriptions of every channel:\n${sections.join('\n')}`);
        }
        const lines: string[] = [];
        for (const instance of instances) lines.push(...(await service.store.forChannel(instance, args.channel_id)).map(describe));
        return ephemeral(lines.length > 0 ? `This channel's Jira subscriptions:\n${lines.join('\n')}` : 'This channel has no Jira subscriptions.');
      },
    },
  ];
}
