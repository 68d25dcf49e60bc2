// `/jira create [text]` (also `/jira issue create`), with `--project KEY` to skip choosing the
// project and `--instance <url|alias>`, and the routes of its dialogs. The text, line breaks kept,
// becomes the description. Refused when the EnableJiraUI setting is off.
import { ephemeral, jsonResponse, type Router, type Subcommand } from '@parley/plugin-api';
import { readSettings } from '../settings.ts';
import { CREATE_ROUTES, openCreateDialog, openFieldsDialog, submitCreateDialog, submitFieldsDialog, type DialogAnswer } from './create-issue.ts';
import { accessToInstance, takeFlag, type IssuesContext, type JiraAccess } from './jira-access.ts';
import { asJiraUser } from './issue-commands.ts';
import { IssueProblem } from './issue-operations.ts';
import { readClick, readSubmission, requireTrigger } from './route-input.ts';

export const JIRA_UI_OFF = 'Creating Jira issues and attaching messages to them from chat is turned off on this server.';

/** The command line's text after the subcommand and its flags, line breaks kept. */
export function commandText(command: string): string {
  return command
    .replace(/^\s*\/\S+\s+(issue\s+)?create\b/i, '')
    .replace(/(^|\s)--(instance|project)\s+\S+/gi, '$1')
    .trim();
}

export function createSubcommand(ctx: IssuesContext): Subcommand {
  return {
    name: 'create',
    aliases: ['issue create'],
    help: 'Create an issue, its description prefilled with the text given',
    autocomplete: { Hint: '[text] [--project KEY] [--instance <url|alias>]' },
    async run(context) {
      if (!(await readSettings(ctx.api)).EnableJiraUI) return ephemeral(JIRA_UI_OFF);
      const { value: project } = takeFlag(context.words, '--project');
      return asJiraUser(ctx, context, async (access, _words, { args }) => {
        await openCreateDialog(ctx, access, requireTrigger(args.trigger_id), { channel_id: args.channel_id, root_id: args.root_id, post_id: '' }, { text: commandText(args.command), project });
        return {};
      });
    },
  };
}

/** Runs a dialog step as the user; what Jira or the plugin refuses is shown in the dialog. */
async function dialogStep(ctx: IssuesContext, userId: string, instanceId: unknown, step: (access: JiraAccess) => Promise<DialogAnswer>) {
  const access = await accessToInstance(ctx, userId, instanceId);
  if (typeof access === 'string') return jsonResponse(200, { error: access });
  try {
    return jsonResponse(200, await step(access));
  } catch (err) {
    if (err instanceof IssueProblem) return jsonResponse(200, { error: err.message });
    throw err;
  }
}

export function addCreateIssueRoutes(router: Router, ctx: IssuesContext): void {
  router.post(CREATE_ROUTES.submit, async (_hook, request) => {
    const { userId, submission, state } = readSubmission(request);
    if (submission.cancelled) return jsonResponse(200, {});
    if (!(await readSettings(ctx.api)).EnableJiraUI) return jsonResponse(200, { error: JIRA_UI_OFF });
    const origin = { channel_id: String(state.channel_id ?? ''), root_id: String(state.root_id ?? ''), post_id: String(state.post_id ?? ''), instance_id: String(state.instance_id ?? '') };
    return dialogStep(ctx, userId, state.instance_id, (access) => submitCreateDialog(ctx, access, origin, submission.submission ?? {}));
  });

  router.post(CREATE_ROUTES.fields, async (_hook, request) => {
    const { userId, click } = readClick(request);
    const access = await accessToInstance(ctx, userId, click.context?.instance_id);
    if (typeof access === 'string') return jsonResponse(200, { ephemeral_text: access });
    try {
      await openFieldsDialog(ctx, access, requireTrigger(click.trigger_id), String(click.context?.draft_id ?? ''), click.post_id ?? '');
    } catch (err) {
      if (err instanceof IssueProblem) return jsonResponse(200, { ephemeral_text: err.message });
      throw err;
    }
    return jsonResponse(200, {});
  });

  router.post(CREATE_ROUTES.fieldsSubmit, async (_hook, request) => {
    const { userId, submission, state } = readSubmission(request);
    if (submission.cancelled) return jsonResponse(200, {});
    return dialogStep(ctx, userId, state.instance_id, (access) => submitFieldsDialog(ctx, access, String(state.draft_id ?? ''), String(state.post_id ?? ''), submission.submission ?? {}));
  });
}
