// `/github todo`: the caller's GitHub to-dos, read with their own token.
import { githubUrls } from '../github-api/github-urls.ts';
import { clientFor, explainFailure, NOT_CONNECTED, type GitHubContext } from '../connect/github-context.ts';
import { readSettings } from '../settings.ts';
import { ephemeral, type Subcommand } from '@parley/plugin-api';
import { readTodoList, renderTodoList } from './todo-list.ts';

export function todoSubcommands(ctx: GitHubContext): Subcommand[] {
  return [
    {
      name: 'todo',
      help: 'Your review requests, assignments, open pull requests and unread notifications',
      async run({ args }) {
        const text = await explainFailure(async () => {
          const client = await clientFor(ctx, args.user_id);
          const connection = await ctx.connections.get(args.user_id);
          if (!connection) return NOT_CONNECTED;
          const todo = await readTodoList(client, connection.github_login);
          return renderTodoList(todo, githubUrls(await readSettings(ctx.api)).web);
        });
        return ephemeral(text);
      },
    },
  ];
}
