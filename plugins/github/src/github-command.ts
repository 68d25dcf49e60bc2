// The one `/github` command: its registration (with one autocomplete entry per subcommand) and the
// dispatch of `/github <subcommand> ...` to the module answering it.
import type { Command, CommandHandler, PluginAPI } from '@parley/plugin-api';
import { ephemeral, type Subcommand } from './subcommand.ts';

export const TRIGGER = 'github';

export function githubCommand(subcommands: readonly Subcommand[]): Command {
  return {
    trigger: TRIGGER,
    display_name: 'GitHub',
    description: 'Connect your GitHub account, subscribe channels to repositories and see your to-dos.',
    auto_complete: true,
    auto_complete_desc: `Available commands: ${subcommands.map((sub) => sub.name).join(', ')}, help`,
    auto_complete_hint: '[command]',
    autocomplete_data: {
      Trigger: TRIGGER,
      Hint: '[command]',
      HelpText: 'GitHub in your channels',
      SubCommands: [...subcommands.map((sub) => sub.autocomplete ?? { Trigger: sub.name, HelpText: sub.help }), { Trigger: 'help', HelpText: 'What each command does' }],
    },
  };
}

export function githubCommandHandler(api: PluginAPI, subcommands: readonly Subcommand[]): CommandHandler {
  const byName = new Map(subcommands.map((sub) => [sub.name, sub]));
  const help = ['###### GitHub commands', ...subcommands.map((sub) => `* \`/${TRIGGER} ${sub.name}\` — ${sub.help}`)].join('\n');
  return async (_ctx, args) => {
    const [, name = 'help', ...words] = args.command.trim().split(/\s+/);
    const sub = byName.get(name.toLowerCase());
    if (!sub) return ephemeral(name.toLowerCase() === 'help' ? help : `Unknown command \`${name}\`.\n${help}`);
    return sub.run({ api, args, words });
  };
}
