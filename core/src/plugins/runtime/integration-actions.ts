// Interactive messages and dialogs (Mattermost's integration action flow):
//   1. a post's attachment holds actions (buttons, selects) with an integration: {url, context};
//   2. a user clicks: POST /posts/{id}/actions/{action_id} finds the action in the stored post (or,
//      for an ephemeral post, in the sealed cookie the client sends back) and sends the integration
//      the click with a trigger id for that user;
//   3. the integration answers: a new version of the post, a message only the user sees, a place to go;
//   4. with the trigger id, the integration may open a dialog for that user within
//      OutgoingIntegrationRequestsTimeout (POST /actions/dialogs/open, or a plugin's dialogs.open);
//   5. the user submits (or cancels) it: POST /actions/dialogs/submit sends it to the dialog's URL
//      and hands the integration's answer (per-field errors) back to the client.
import type { Actor } from '../../app/actor.ts';
import type { Services } from '../../app/services.ts';
import type { HookContext } from '../../app/plugin-hooks.ts';
import type { Channel } from '../../store/entities/channel.ts';
import type { Post } from '../../store/entities/post.ts';
import type { EventBus } from '../../cluster/event-bus.ts';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { findAction, readActionCookie, retainedProps, type PostAction } from '../../app/post-actions.ts';
import { decodeActionAnswer, parseAnswer, type ActionAnswer, type PostActionInput, type SurfacePlaceInput } from '../../wire/post-action.ts';
import { dialogProblems, toDialogAnswer, type OpenDialogInput, type SubmitDialogInput } from '../../wire/interactive-dialog.ts';
import { slackLinksToMarkdown } from '../../app/slack-links.ts';
import type { EphemeralPosts } from './ephemeral-post.ts';
import type { ActivePlugins } from './active-plugins.ts';
import { routeSurface } from '@parley/plugin-api/manifest';
import { INTEGRATION_FAILED, type IntegrationRequests } from './integration-requests.ts';

export interface IntegrationActionDeps {
  services: Services;
  config: ConfigService;
  events: EventBus;
  logger: Logger;
  requests: IntegrationRequests;
  ephemeral: EphemeralPosts;
  /** The running plugins, whose UI surfaces (manifest `ui`) may call their routes. */
  active: Pick<ActivePlugins, 'get'>;
}



/** What POST /posts/{id}/actions/{action_id} answers (Mattermost's PostActionAPIResponse). */
export interface PostActionResult {
  status: 'OK';
  trigger_id: string;
  /** Where the integration asked the client to go (older Mattermost servers' field), when it did. */
  goto_location?: string;
}

/** The clicked action and where it lives. */
interface ActionTarget {
  action: PostAction;
  /** The action's integration (an action without one cannot be clicked). */
  integration: { url: string; context: Record<string, unknown> };
  channel: Channel;
  /** The post when it is stored; an ephemeral post exists only on the user's screens. */
  stored: Post | undefined;
  /** Who wrote the ephemeral post (to show it updated under the same name). */
  ephemeralSender: string;
  rootPostId: string;
  retain: Record<string, unknown>;
  remove: string[];
}

const ACTION_ID = /^[A-Za-z0-9]{1,64}$/;

export class IntegrationActions {
  #deps: IntegrationActionDeps;

  constructor(deps: IntegrationActionDeps) {
    this.#deps = deps;
  }

  /** A user clicked an action of a post (or picked an option of a select). */
  async doPostAction(actor: Actor, postId: string, actionId: string, input: PostActionInput, ctx: HookContext): Promise<PostActionResult> {
    const { services } = this.#deps;
    if (!ACTION_ID.test(actionId)) throw AppError.invalidParam('action_id', 'must be the id of one of the post\'s actions (letters and digits)');
    const target = await this.#target(actor, postId, actionId, input.cookie);
    const { action, channel, integration } = target;
    const context: Record<string, unknown> = { ...integration.context };
    let dataSource = '';
    if (action.type === 'select' && input.selectedOption !== '') {
      if (action.dataSource === '' && !action.optionValues.includes(input.selectedOption)) {
        throw AppError.badRequest('api.post.do_action.selected_option.app_error', 'The selected option is not one the action offers.', `action_id=${actionId}`);
      }
      if (action.dataSource !== '' && !isValidId(input.selectedOption)) {
        throw AppError.badRequest('api.post.do_action.selected_option.app_error', `The selected option must be the id of one of the ${action.dataSource}.`, `action_id=${actionId}`);
      }
      context.selected_option = input.selectedOption;
      dataSource = action.dataSource;
    }
    const system = { kind: 'system', userId: actor.userId } as const;
    const [user, team, trigger] = await Promise.all([
      services.users.get(actor.userId),
      channel.teamId === '' ? undefined : services.teams.get(system, channel.teamId),
      services.integrationSecrets.newTriggerId(actor.userId),
    ]);
    const click: Record<string, unknown> = {
      user_id: actor.userId,
      user_name: user.username,
      channel_id: channel.id,
      channel_name: channel.name,
      team_id: channel.teamId,
      team_domain: team?.team.name ?? '',
      post_id: postId,
      trigger_id: trigger.triggerId,
      type: action.type,
      data_source: dataSource,
    };
    if (Object.keys(context).length > 0) click.context = context;
    const answer = decodeActionAnswer(await this.#deps.requests.post(integration.url, click, actor.userId, ctx), INTEGRATION_FAILED);
    await this.#apply(actor, postId, target, answer, ctx);
    const result: PostActionResult = { status: 'OK', trigger_id: trigger.clientTriggerId };
    if (answer.gotoLocation !== '') result.goto_location = answer.gotoLocation;
    return result;
  }

  /**
   * A user used one of a plugin's declarative surfaces whose action calls a route (ui-contract.ts):
   * the route gets the place it was used in — only a channel or post the user may read — and a
   * trigger id, as an action's integration does, and may answer as one.
   */
  async runSurface(actor: Actor, pluginId: string, surfaceId: string, where: SurfacePlaceInput, ctx: HookContext): Promise<PostActionResult> {
    const { services } = this.#deps;
    const plugin = this.#deps.active.get(pluginId);
    const route = plugin && routeSurface(plugin.manifest.ui, surfaceId);
    if (!route) throw new AppError('api.plugin.ui.surface_not_found', 404, `No running plugin ${pluginId} has a surface ${surfaceId} that calls a route.`, { details: `plugin_id=${pluginId}` });
    let channel: Channel | undefined;
    let post: Post | undefined;
    if (where.postId !== '') ({ post, channel } = await services.posts.readable(actor, where.postId));
    else if (where.channelId !== '') channel = await services.channels.get(actor, where.channelId);
    const teamId = channel ? channel.teamId : where.teamId;
    if (!channel && teamId !== '') await services.permissions.requireTeam(actor, teamId, 'view_team');
    const [user, trigger] = await Promise.all([services.users.get(actor.userId), services.integrationSecrets.newTriggerId(actor.userId)]);
    const use = {
      user_id: actor.userId,
      user_name: user.username,
      channel_id: channel?.id ?? '',
      team_id: teamId,
      post_id: post?.id ?? '',
      root_id: post ? post.rootId || post.id : '',
      trigger_id: trigger.triggerId,
      surface_id: surfaceId,
    };
    const answer = decodeActionAnswer(await this.#deps.requests.post(`/plugins/${pluginId}${route.path}`, use, actor.userId, ctx), INTEGRATION_FAILED);
    if (answer.ephemeralText !== '' && channel) {
      await this.#deps.ephemeral.send(actor.userId, { senderId: actor.userId, channelId: channel.id, rootId: use.root_id, message: answer.skipSlackParsing ? answer.ephemeralText : slackLinksToMarkdown(answer.ephemeralText), props: {} });
    }
    const result: PostActionResult = { status: 'OK', trigger_id: trigger.clientTriggerId };
    if (answer.gotoLocation !== '') result.goto_location = answer.gotoLocation;
    return result;
  }

  /**
   * Opens a dialog on the screens of the user a trigger id was made for, at most
   * OutgoingIntegrationRequestsTimeout after the action or command that made it.
   */
  async openDialog(input: OpenDialogInput): Promise<void> {
    const maxAgeMs = this.#deps.config.get().ServiceSettings.OutgoingIntegrationRequestsTimeout * 1000;
    const { userId, clientTriggerId } = await this.#deps.services.integrationSecrets.verifyTriggerId(input.triggerId, maxAgeMs);
    const problems = dialogProblems(input.dialog);
    if (problems.length > 0) this.#deps.logger.warn('interactive dialog breaks Mattermost\'s rules for dialogs; opening it anyway', { problems: problems.slice(0, 20).join('; ') });
    const request = { trigger_id: clientTriggerId, url: input.url, dialog: input.dialog };
    this.#deps.events.publish({ event: 'open_dialog', data: { dialog: JSON.stringify(request) }, broadcast: { user_id: userId } });
  }

  /** Sends a dialog's submission (or its cancellation) to the integration; resolves with its answer for the client. */
  async submitDialog(actor: Actor, input: SubmitDialogInput, ctx: HookContext): Promise<Record<string, unknown>> {
    const { permissions } = this.#deps.services;
    if (input.channelId !== '') await permissions.requireReadChannel(actor, input.channelId);
    if (input.teamId !== '') await permissions.requireTeam(actor, input.teamId, 'view_team');
    const submission = {
      type: 'dialog_submission',
      callback_id: input.callbackId,
      state: input.state,
      user_id: actor.userId,
      channel_id: input.channelId,
      team_id: input.teamId,
      submission: input.submission,
      cancelled: input.cancelled,
    };
    const answer = await this.#deps.requests.post(input.url, submission, actor.userId, ctx);
    return toDialogAnswer(parseAnswer(answer, INTEGRATION_FAILED));
  }

  /**
   * The action the user clicked: in the stored post when there is one (a cookie is then ignored, as
   * in Mattermost), else in the cookie of the ephemeral post, which must name this post and action.
   */
  async #target(actor: Actor, postId: string, actionId: string, cookie: string): Promise<ActionTarget> {
    const { services } = this.#deps;
    const stored = await services.posts.readable(actor, postId).catch((err: unknown) => {
      if (cookie !== '' && err instanceof AppError && err.status === 404) return undefined;
      throw err;
    });
    if (stored) {
      const action = findAction(stored.post.props, actionId);
      if (!action?.integration) throw noSuchAction(actionId);
      const { retain, remove } = retainedProps(stored.post.props);
      return { action, integration: action.integration, channel: stored.channel, stored: stored.post, ephemeralSender: '', rootPostId: stored.post.rootId || stored.post.id, retain, remove };
    }
    const opened = await services.integrationSecrets.open(cookie);
    const sealed = opened && readActionCookie(opened);
    if (!sealed?.action.integration) throw AppError.badRequest(INTEGRATION_FAILED, 'The action\'s cookie was not issued by this server, or has been altered.');
    if (sealed.postId !== postId || sealed.action.id !== actionId) throw AppError.badRequest(INTEGRATION_FAILED, 'The action\'s cookie belongs to another post or action.');
    const channel = await services.channels.get(actor, sealed.channelId);
    return { action: sealed.action, integration: sealed.action.integration, channel, stored: undefined, ephemeralSender: sealed.senderId, rootPostId: sealed.rootPostId, retain: sealed.retain, remove: sealed.remove };
  }

  /** Carries out the integration's answer: the post updated, a message to the user. */
  async #apply(actor: Actor, postId: string, target: ActionTarget, answer: ActionAnswer, ctx: HookContext): Promise<void> {
    const { services, ephemeral } = this.#deps;
    const { update } = answer;
    if (update) {
      const original = target.stored?.props ?? {};
      const props = update.props === null ? original : withRetained(update.props, target.retain, target.remove);
      if (target.stored) {
        // The integration acts on the server's authority (Mattermost's UpdatePost without a session): the
        // clicking user needs no right to edit the post; the other plugins' update hooks still run.
        await services.posts.update({ kind: 'system', userId: target.stored.userId }, postId, { message: update.message, props }, { ctx });
      } else {
        const rootId = target.rootPostId === postId ? '' : target.rootPostId;
        await ephemeral.update(actor.userId, { id: postId, senderId: target.ephemeralSender, channelId: target.channel.id, rootId, message: update.message, props });
      }
    }
    if (answer.ephemeralText !== '') {
      await ephemeral.send(actor.userId, {
        senderId: actor.userId,
        channelId: target.channel.id,
        rootId: target.rootPostId,
        message: answer.skipSlackParsing ? answer.ephemeralText : slackLinksToMarkdown(answer.ephemeralText),
        props: target.retain,
      });
    }
  }
}

function noSuchAction(actionId: string): AppError {
  return new AppError('api.post.do_action.action_id.app_error', 404, 'The post has no action with this id, or the action has no integration to call.', { details: `action_id=${actionId}` });
}

/** `props` with the post's retained props put back, and those it did not have taken out. */
function withRetained(props: Record<string, unknown>, retain: Record<string, unknown>, remove: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props, ...retain };
  for (const key of remove) delete out[key];
  return out;
}
