// /help: the commands usable in the team, and the server's help link.
import type { RegisteredCommand } from '@parley/plugin-api';
import { COMMAND_TEXTS, HELP_LINK_DEFAULT, T } from '../messages.ts';
import { builtinCommand, ephemeral, type Builtin } from './builtin.ts';

export function helpText(commands: RegisteredCommand[], helpLink: string): string {
  const lines = commands
    .filter((command) => command.auto_complete)
    .sort((a, b) => a.trigger.localeCompare(b.trigger))
    .map((command) => {
      const hint = command.auto_complete_hint ? ` ${command.auto_complete_hint}` : '';
      const description = command.auto_complete_desc || command.description || '';
      return `- \`/${command.trigger}${hint}\`${description ? ` - ${description}` : ''}`;
    });
  return [...lines, '', T.helpLink(helpLink)].join('\n');
}

export const helpCommand: Builtin = {
  command: builtinCommand('help', COMMAND_TEXTS.help),
  async run({ api, args }) {
    const config = await api.config.getServerConfig();
    const link = config.SupportSettings?.HelpLink;
    return ephemeral(helpText(await api.commands.list(args.team_id), typeof link === 'string' && link !== '' ? link : HELP_LINK_DEFAULT));
  },
};
