// The controls of an issue card (`/jira view`): the transition select, the Assign button (a dialog
// asking whom) and "Share publicly" (the card, without controls, posted in the channel as the
// user). The server hides each action's integration from clients and sends its context back with
// the click, so the issue and instance come from the card; the user acts with their own Jira
// connection, and sharing needs the right to post in the channel.
import { HttpError, jsonResponse, type HttpResponse, type Router } from '@parley/plugin-api';
import { ensureJiraBot } from '../jira-bot.ts';
import { accessToInstance, type IssuesContext, type JiraAccess } from './jira-access.ts';
import { assignIssue, CARD_ROUTES, issueCardFor, issueKey, IssueProblem, transitionIssue } from './issue-operations.ts';
import { readClick, readSubmission, requireTrigger } from './route-input.ts';

interface CardTarget {
  access: JiraAccess;
  key: string;
}

/** The user's access to the card's instance and the card's issue, or why they have none. */
async function cardTarget(ctx: IssuesContext, userId: string, context: Record<string, unknown> | undefined): Promise<CardTarget | string> {
  const access = await accessToInstance(ctx, userId, context?.instance_id);
  if (typeof access === 'string') return access;
  try {
    return { access, key: issueKey(String(context?.issue_key ?? ''), 'a card of `/jira view`') };
  } catch (err) {
    if (err instanceof IssueProblem) throw new HttpError(400, 'api.context.invalid_param.app_error', err.message);
    throw err;
  }
}

function ephemeralProblem(err: unknown): HttpResponse {
  if (err instanceof IssueProblem) return jsonResponse(200, { ephemeral_text: err.message });
  throw err;
}

export function addCardActionRoutes(router: Router, ctx: IssuesContext): void {
  router.post(CARD_ROUTES.transition, async (_hook, request) => {
    const { userId, click } = readClick(request);
    const target = await cardTarget(ctx, userId, click.context);
    if (typeof target === 'string') return jsonResponse(200, { ephemeral_text: target });
    const state = click.context?.selected_option;
    if (typeof state !== 'string' || state === '') throw new HttpError(400, 'api.context.invalid_param.app_error', 'Choose the status to move the issue to.');
    try {
      const message = await transitionIssue(target.access, target.key, state);
      const card = await issueCardFor(target.access, target.key, true);
      return jsonResponse(200, { update: { message: '', props: { attachments: [card] } }, ephemeral_text: message });
    } catch (err) {
      return ephemeralProblem(err);
    }
  });

  router.post(CARD_ROUTES.assign, async (_hook, request) => {
    const { userId, click } = readClick(request);
    const target = await cardTarget(ctx, userId, click.context);
    if (typeof target === 'string') return jsonResponse(200, { ephemeral_text: target });
    await ctx.api.dialogs.open(requireTrigger(click.trigger_id), `/plugins/jira${CARD_ROUTES.assign}/submit`, {
      callback_id: 'assign-issue',
      title: `Assign ${target.key}`.slice(0, 24),
      submit_label: 'Assign',
      state: JSON.stringify({ instance_id: target.access.instance.id, issue_key: target.key, post_id: click.post_id ?? '', channel_id: click.channel_id ?? '' }),
      elements: [{ display_name: 'Assignee', name: 'assignee', type: 'text', placeholder: 'me, a Jira name or email, or @someone', help_text: 'Jira users the issue may be assigned to are searched.', max_length: 200 }],
    });
    return jsonResponse(200, {});
  });

  router.post(`${CARD_ROUTES.assign}/submit`, async (_hook, request) => {
    const { userId, submission, state } = readSubmission(request);
    if (submission.cancelled) return jsonResponse(200, {});
    const target = await cardTarget(ctx, userId, state);
    if (typeof target === 'string') return jsonResponse(200, { error: target });
    const who = typeof submission.submission?.assignee === 'string' ? submission.submission.assignee.trim() : '';
    if (!who) return jsonResponse(200, { errors: { assignee: 'Say who to assign the issue to.' } });
    try {
      const message = await assignIssue(ctx, target.access, target.key, who);
      const channelId = String(state.channel_id || submission.channel_id || '');
      const botId = await ensureJiraBot(ctx.api);
      if (typeof state.post_id === 'string' && state.post_id !== '' && channelId) {
        const card = await issueCardFor(target.access, target.key, true);
        await ctx.api.posts.updateEphemeral(userId, { id: state.post_id, channel_id: channelId, message: '', user_id: botId, props: { attachments: [card] } });
      }
      if (channelId) await ctx.api.posts.sendEphemeral(userId, { channel_id: channelId, message, user_id: botId });
      return jsonResponse(200, {});
    } catch (err) {
      if (err instanceof IssueProblem) return jsonResponse(200, { errors: { assignee: err.message } });
      throw err;
    }
  });

  router.post(CARD_ROUTES.share, async (_hook, request) => {
    const { userId, click } = readClick(request);
    const target = await cardTarget(ctx, userId, click.context);
    if (typeof target === 'string') return jsonResponse(200, { ephemeral_text: target });
    const channelId = click.channel_id ?? '';
    if (!channelId || !(await ctx.api.users.hasPermission(userId, 'create_post', { channel_id: channelId }))) {
      return jsonResponse(200, { ephemeral_text: 'You cannot post in this channel, so the issue was not shared.' });
    }
    try {
      const card = await issueCardFor(target.access, target.key, false);
      await ctx.api.posts.create({ channel_id: channelId, user_id: userId, message: '', props: { attachments: [card] } });
    } catch (err) {
      return ephemeralProblem(err);
    }
    if (click.post_id) await ctx.api.posts.deleteEphemeral(userId, click.post_id);
    return jsonResponse(200, {});
  });
}
