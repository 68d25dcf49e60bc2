// `/github connect [private]`, `/github disconnect` and `/github me`.
import { ephemeral, type Subcommand } from '@parley/plugin-api';
import { githubUrls } from '../github-api/github-urls.ts';
import { readSettings } from '../settings.ts';
import { NOT_CONFIGURED, NOT_CONNECTED, type GitHubContext } from './github-context.ts';
import { isOAuthConfigured } from './oauth-provider.ts';

export function connectSubcommands(ctx: GitHubContext): Subcommand[] {
  return [
    {
      name: 'connect',
      help: 'Connect your GitHub account (`private` to include private repositories, when allowed)',
      autocomplete: { Trigger: 'connect', HelpText: 'Connect your GitHub account', Arguments: [{ Type: 'StaticList', HelpText: 'Access', Required: false, Data: { PossibleArguments: [{ Item: 'private', HelpText: 'Include private repositories' }] } }] },
      async run({ args, words }) {
        const settings = await readSettings(ctx.api);
        if (!isOAuthConfigured(settings)) return ephemeral(NOT_CONFIGURED);
        const askedPrivate = words[0]?.toLowerCase() === 'private';
        if (words.length > 0 && !askedPrivate) return ephemeral(`Unknown option \`${words[0]}\`: use \`/github connect\` or \`/github connect private\`.`);
        if (askedPrivate && !settings.EnablePrivateRepo) return ephemeral('Private repositories are not enabled on this server: connect with `/github connect`.');
        const connection = await ctx.connections.get(args.user_id);
        if (connection) return ephemeral(`You are already connected to GitHub as **${connection.github_login}**. To connect another account, run \`/github disconnect\` first.`);
        const site = (args.site_url ?? '').replace(/\/+$/, '');
        return ephemeral(`[Click here to connect your GitHub account.](${site}/plugins/github/oauth/connect${askedPrivate ? '?private=true' : ''})`);
      },
    },
    {
      name: 'disconnect',
      help: 'Disconnect your GitHub account',
      async run({ args }) {
        const removed = await ctx.connections.remove(args.user_id);
        return ephemeral(removed ? `Your GitHub account **${removed.github_login}** is disconnected.` : NOT_CONNECTED);
      },
    },
    {
      name: 'me',
      help: 'Show the GitHub account you are connected to',
      async run({ args }) {
        const connection = await ctx.connections.get(args.user_id);
        if (!connection) return ephemeral(NOT_CONNECTED);
        const web = githubUrls(await readSettings(ctx.api)).web;
        const access = connection.private ? 'public and private repositories' : 'public repositories';
        return ephemeral(`You are connected to GitHub as [${connection.github_login}](${web}/${encodeURIComponent(connection.github_login)}), with access to ${access}.`);
      },
    },
  ];
}
