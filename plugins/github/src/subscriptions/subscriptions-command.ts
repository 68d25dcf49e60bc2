// `/github subscriptions list | add owner[/repo] [flags] | delete owner[/repo] | dialog`.
import { ephemeral, type Subcommand } from '@parley/plugin-api';
import { openSubscriptionDialog } from './subscription-dialog.ts';
import { parseAddArguments, splitWords } from './subscription-request.ts';
import { FEATURES, parseRepository } from './subscription.ts';
import { describeSubscription, subscribe, unsubscribe } from './subscribe.ts';
import { SubscriptionStore } from './subscription-store.ts';

const USAGE = [
  '`/github subscriptions list` — this channel’s subscriptions',
  '`/github subscriptions add owner[/repo] [--features f1,f2] [--exclude-org-member] [--render-style default|skip-body|collapsed] [--exclude repo1,repo2]` — without arguments, a dialog',
  '`/github subscriptions delete owner[/repo]`',
].join('\n');

export const subscriptionsSubcommand: Subcommand = {
  name: 'subscriptions',
  help: 'Subscribe this channel to a repository’s or owner’s events: `list`, `add owner[/repo] [--features ...]`, `delete owner[/repo]`.',
  autocomplete: {
    Trigger: 'subscriptions',
    Hint: '[command]',
    HelpText: 'Available commands: list, add, delete',
    SubCommands: [
      { Trigger: 'list', HelpText: 'List this channel’s subscriptions' },
      {
        Trigger: 'add',
        Hint: 'owner[/repo] [--features ...] [--exclude-org-member] [--render-style ...] [--exclude ...]',
        HelpText: `Subscribe this channel; features: ${FEATURES.join(', ')}, label:"<name>" (default pulls,issues,creates,deletes)`,
      },
      { Trigger: 'delete', Hint: 'owner[/repo]', HelpText: 'Unsubscribe this channel' },
      { Trigger: 'dialog', HelpText: 'Subscribe this channel through a form' },
    ],
  },
  async run({ api, args }) {
    // Words again from the whole line: a label filter may hold spaces inside its quotes.
    const [, , command = '', ...words] = splitWords(args.command.trim());
    try {
      switch (command.toLowerCase()) {
        case 'list': {
          const subs = await new SubscriptionStore(api.kv).forChannel(args.channel_id);
          if (subs.length === 0) return ephemeral('This channel has no GitHub subscriptions. Add one with `/github subscriptions add owner[/repo]`.');
          return ephemeral(['#### GitHub subscriptions in this channel', ...subs.map((sub) => `* \`${sub.repository}\` — ${describeSubscription(sub)}`)].join('\n'));
        }
        case 'add':
          if (words.length === 0) {
            await openSubscriptionDialog(api, args.trigger_id);
            return ephemeral('');
          }
          return ephemeral(await subscribe(api, args.user_id, args.channel_id, parseAddArguments(words)));
        case 'dialog':
          await openSubscriptionDialog(api, args.trigger_id);
          return ephemeral('');
        case 'delete':
          if (words.length !== 1) return ephemeral('Name one repository or owner: `/github subscriptions delete owner[/repo]`.');
          return ephemeral(await unsubscribe(api, args.user_id, args.channel_id, parseRepository(words[0])));
        default:
          return ephemeral(`${command ? `Unknown subscriptions command \`${command}\`.\n` : ''}${USAGE}`);
      }
    } catch (err) {
      return ephemeral((err as Error).message);
    }
  },
};
