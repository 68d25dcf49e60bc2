// `/github settings notifications|reminders on|off` and `/github mute add|delete|list|delete-all`.
import type { AutocompleteArg } from '@parley/plugin-api';
import { ephemeral, type Subcommand } from '@parley/plugin-api';
import { NOT_CONNECTED, type GitHubContext } from '../connect/github-context.ts';
import { MAX_MUTED, type Preferences, type UserPreferences } from './user-preferences.ts';

const SETTINGS: Record<string, { field: 'notifications' | 'reminders'; what: string }> = {
  notifications: { field: 'notifications', what: 'Personal notifications' },
  reminders: { field: 'reminders', what: 'The daily reminder of your to-dos' },
};
/** GitHub's rule for usernames: letters, digits and single inner hyphens, at most 39 characters. */
const GITHUB_LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

export function preferenceSubcommands(ctx: GitHubContext, preferences: Preferences): Subcommand[] {
  const onOff: AutocompleteArg = { Type: 'StaticList', Required: true, Data: { PossibleArguments: [{ Item: 'on' }, { Item: 'off' }] } };
  return [
    {
      name: 'settings',
      help: 'Turn personal notifications or the daily reminder on or off: `notifications on|off`, `reminders on|off`',
      autocomplete: {
        Trigger: 'settings',
        HelpText: 'Your notification settings',
        SubCommands: [
          { Trigger: 'notifications', HelpText: 'Direct messages about what concerns you on GitHub', Arguments: [onOff] },
          { Trigger: 'reminders', HelpText: 'A daily message with your to-dos', Arguments: [onOff] },
        ],
      },
      async run({ args, words }) {
        if (!(await ctx.connections.get(args.user_id))) return ephemeral(NOT_CONNECTED);
        const [name = '', value = ''] = words.map((word) => word.toLowerCase());
        const setting = SETTINGS[name];
        if (!setting || (value !== 'on' && value !== 'off')) return ephemeral('Use `/github settings notifications on|off` or `/github settings reminders on|off`.');
        await preferences.update(args.user_id, (current) => ({ ...current, [setting.field]: value === 'on' }));
        return ephemeral(`${setting.what}: **${value}**.`);
      },
    },
    {
      name: 'mute',
      help: 'Stop hearing about what a GitHub user does: `add|delete <GitHub username>`, `list`, `delete-all`',
      autocomplete: {
        Trigger: 'mute',
        HelpText: 'Mute GitHub users',
        SubCommands: [
          { Trigger: 'add', HelpText: 'Mute a GitHub user', Arguments: [{ Type: 'TextInput', Required: true, Data: { Hint: '[GitHub username]', Pattern: '' } }] },
          { Trigger: 'delete', HelpText: 'Unmute a GitHub user', Arguments: [{ Type: 'TextInput', Required: true, Data: { Hint: '[GitHub username]', Pattern: '' } }] },
          { Trigger: 'list', HelpText: 'The GitHub users you muted' },
          { Trigger: 'delete-all', HelpText: 'Unmute everyone' },
        ],
      },
      async run({ args, words }) {
        if (!(await ctx.connections.get(args.user_id))) return ephemeral(NOT_CONNECTED);
        const [action = 'list', rawLogin = ''] = words;
        const login = rawLogin.replace(/^@/, '').toLowerCase();
        switch (action.toLowerCase()) {
          case 'list': {
            const { muted } = await preferences.get(args.user_id);
            return ephemeral(muted.length ? `You muted: ${muted.map((m) => `\`${m}\``).join(', ')}.` : 'You have not muted anyone.');
          }
          case 'delete-all':
            await preferences.update(args.user_id, (current) => ({ ...current, muted: [] }));
            return ephemeral('You unmuted everyone.');
          case 'add': {
            if (!GITHUB_LOGIN.test(login)) return ephemeral('Give a GitHub username: `/github mute add <GitHub username>`.');
            const own = await ctx.connections.get(args.user_id);
            if (own?.github_login.toLowerCase() === login) return ephemeral('You cannot mute yourself.');
            let full = false;
            await preferences.update(args.user_id, (current: UserPreferences) => {
              full = !current.muted.includes(login) && current.muted.length >= MAX_MUTED;
              return full || current.muted.includes(login) ? current : { ...current, muted: [...current.muted, login].sort() };
            });
            return ephemeral(full ? `You can mute at most ${MAX_MUTED} users.` : `You muted \`${login}\`: no more messages about what they do.`);
          }
          case 'delete': {
            if (!GITHUB_LOGIN.test(login)) return ephemeral('Give a GitHub username: `/github mute delete <GitHub username>`.');
            let found = false;
            await preferences.update(args.user_id, (current) => {
              found = current.muted.includes(login);
              return { ...current, muted: current.muted.filter((m) => m !== login) };
            });
            return ephemeral(found ? `You unmuted \`${login}\`.` : `\`${login}\` is not muted.`);
          }
          default:
            return ephemeral('Use `/github mute add <GitHub username>`, `/github mute delete <GitHub username>`, `/github mute list` or `/github mute delete-all`.');
        }
      },
    },
  ];
}
