// `/jira view|transition|assign|unassign` (also as `/jira issue <verb>`, Mattermost's longer form),
// each with `--instance <url|alias>` to name the Jira site when the user has several. The card of
// `/jira view` is an ephemeral post of the bot with the issue's controls.
import { ephemeral, type CommandResponse, type Subcommand, type SubcommandContext } from '@parley/plugin-api';
import { ensureJiraBot } from '../jira-bot.ts';
import { NoJiraAccessError, takeFlag, type IssuesContext, type JiraAccess } from './jira-access.ts';
import { assignIssue, issueCardFor, issueKey, IssueProblem, transitionIssue, unassignIssue } from './issue-operations.ts';

type IssueAction = (access: JiraAccess, words: string[], context: SubcommandContext) => Promise<string | CommandResponse>;

/** Runs `act` as the user on the instance their words name; what cannot be done is answered, not thrown. */
export async function asJiraUser(ctx: IssuesContext, context: SubcommandContext, act: IssueAction): Promise<CommandResponse> {
  const { value: instance, rest } = takeFlag(context.words, '--instance');
  try {
    const access = await ctx.access(context.args.user_id, instance);
    const answer = await act(access, rest, context);
    return typeof answer === 'string' ? ephemeral(answer) : answer;
  } catch (err) {
    if (err instanceof NoJiraAccessError || err instanceof IssueProblem) return ephemeral(err.message);
    throw err;
  }
}

/** The issue subcommands, each under its short name and as `issue <verb>`. */
export function issueSubcommands(ctx: IssuesContext): Subcommand[] {
  const sub = (verb: string, args: string, help: string, act: IssueAction): Subcommand => ({
    name: verb,
    aliases: [`issue ${verb}`],
    help,
    autocomplete: { Hint: args },
    run: (context) => asJiraUser(ctx, context, act),
  });
  return [
    sub('view', '<issue-key> [--instance <url|alias>]', 'Show an issue, with controls to move, assign or share it', async (access, words, { args }) => {
      const key = issueKey(words[0], '`/jira view <issue-key>`');
      const card = await issueCardFor(access, key, true);
      await ctx.api.posts.sendEphemeral(args.user_id, { channel_id: args.channel_id, root_id: args.root_id, user_id: await ensureJiraBot(ctx.api), message: '', props: { attachments: [card] } });
      return {};
    }),
    sub('transition', '<issue-key> <status> [--instance <url|alias>]', 'Move an issue to another status', (access, words) => {
      const usage = '`/jira transition <issue-key> <status>`';
      const key = issueKey(words[0], usage);
      if (words.length < 2) throw new IssueProblem(`Name the status to move ${key} to: ${usage}.`);
      return transitionIssue(access, key, words.slice(1).join(' '));
    }),
    sub('assign', '<issue-key> <user|me> [--instance <url|alias>]', 'Assign an issue to a Jira user (`me`, a name, or a connected @user)', (access, words) => {
      const usage = '`/jira assign <issue-key> <user>`';
      const key = issueKey(words[0], usage);
      if (words.length < 2) throw new IssueProblem(`Name who to assign ${key} to: ${usage}.`);
      return assignIssue(ctx, access, key, words.slice(1).join(' '));
    }),
    sub('unassign', '<issue-key> [--instance <url|alias>]', 'Leave an issue unassigned', (access, words) => unassignIssue(access, issueKey(words[0], '`/jira unassign <issue-key>`'))),
  ];
}
