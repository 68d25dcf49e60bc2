// /api/v4/hooks/outgoing: create, list, get, update, delete outgoing webhooks and regenerate their
// token, with Mattermost's permissions: manage_outgoing_webhooks in the hook's team, and
// manage_others_outgoing_webhooks for someone else's hook.
import type { HttpResponse } from '@parley/plugin-api';
import { can, canInChannel, loadChannel, loadUser, requirePermission, sessionUser } from './access.ts';
import { badRequest, forbidden, invalidUrlParam, notFound } from './http-error.ts';
import { HttpError, jsonResponse, statusOk } from '@parley/plugin-api';
import { isValidId, newId } from '@parley/plugin-api';
import { checkOutgoing, hooksIntersect, outgoingInput, type OutgoingWebhook, type OutgoingWebhookInput } from './outgoing-webhook.ts';
import { pageOf, readPage } from './paging.ts';
import type { RouteScope } from './route-scope.ts';

const MANAGE = 'manage_outgoing_webhooks';
const MANAGE_OTHERS = 'manage_others_outgoing_webhooks';

export async function createOutgoingHook(scope: RouteScope): Promise<HttpResponse> {
  const { api, request } = scope;
  const callerId = sessionUser(request);
  const input = outgoingInput(request.body);
  if (!isValidId(input.team_id)) throw forbidden(MANAGE);
  await requirePermission(api, callerId, MANAGE, input.team_id);
  if (input.creator_id === '') {
    input.creator_id = callerId;
  } else {
    await requirePermission(api, callerId, MANAGE_OTHERS, input.team_id);
    await loadUser(api, input.creator_id);
  }
  await checkSettings(scope, input, '');
  const now = Date.now();
  const hook: OutgoingWebhook = { ...input, id: newId(), token: newId(), create_at: now, update_at: now, delete_at: 0 };
  await scope.outgoing.insert(hook);
  return jsonResponse(201, hook);
}

export async function listOutgoingHooks(scope: RouteScope): Promise<HttpResponse> {
  const { api, request } = scope;
  const callerId = sessionUser(request);
  const channelId = request.query.channel_id ?? '';
  const teamId = request.query.team_id ?? '';
  let hooks: OutgoingWebhook[];
  let everyone: boolean;
  if (channelId !== '') {
    if (!isValidId(channelId)) throw invalidUrlParam('channel_id');
    if (!(await canInChannel(api, callerId, MANAGE, channelId))) throw forbidden(MANAGE);
    everyone = await canInChannel(api, callerId, MANAGE_OTHERS, channelId);
    requireEnabled(scope.settings.outgoingEnabled);
    const channel = await loadChannel(api, channelId);
    hooks = (await scope.outgoing.byTeam(channel.team_id)).filter((hook) => hook.channel_id === channelId);
  } else {
    if (teamId !== '' && !isValidId(teamId)) throw invalidUrlParam('team_id');
    await requirePermission(api, callerId, MANAGE, teamId);
    everyone = await can(api, callerId, MANAGE_OTHERS, teamId);
    requireEnabled(scope.settings.outgoingEnabled);
    hooks = teamId ? await scope.outgoing.byTeam(teamId) : await scope.outgoing.all();
  }
  return jsonResponse(200, pageOf(everyone ? hooks : hooks.filter((hook) => hook.creator_id === callerId), readPage(request.query)));
}

export async function getOutgoingHook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  return jsonResponse(200, await manageableHook(scope, params.hook_id));
}

export async function updateOutgoingHook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  const { api, request } = scope;
  const callerId = sessionUser(request);
  requireHookId(params.hook_id);
  const input = outgoingInput(request.body);
  if (input.id !== params.hook_id) throw invalidUrlParam('hook_id');
  const old = await existingHook(scope, params.hook_id);
  if (input.team_id === '') input.team_id = old.team_id;
  if (input.team_id !== old.team_id) throw badRequest('api.webhook.team_mismatch.app_error', 'A webhook cannot be moved to another team.');
  await requirePermission(api, callerId, MANAGE, old.team_id);
  if (callerId !== old.creator_id) await requirePermission(api, callerId, MANAGE_OTHERS, old.team_id);
  // As in Mattermost, whoever updates a hook becomes its creator.
  input.creator_id = callerId;
  await checkSettings(scope, input, old.id);
  const hook: OutgoingWebhook = { ...input, id: old.id, token: old.token, create_at: old.create_at, update_at: Date.now(), delete_at: 0 };
  await scope.outgoing.replace(hook);
  return jsonResponse(200, hook);
}

export async function deleteOutgoingHook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  await scope.outgoing.remove(await manageableHook(scope, params.hook_id));
  return statusOk();
}

export async function regenOutgoingHookToken(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  const hook = { ...(await manageableHook(scope, params.hook_id)), token: newId(), update_at: Date.now() };
  await scope.outgoing.replace(hook);
  return jsonResponse(200, hook);
}

/** Mattermost's CreateOutgoingWebhook/UpdateOutgoingWebhook checks: a public channel of the team or trigger words, valid fields, no twin hook. */
async function checkSettings(scope: RouteScope, input: OutgoingWebhookInput, ownId: string): Promise<void> {
  requireEnabled(scope.settings.outgoingEnabled);
  if (input.channel_id !== '') {
    const channel = await loadChannel(scope.api, input.channel_id);
    if (channel.type !== 'O') throw new HttpError(403, 'api.webhook.create_outgoing.not_open.app_error', 'Outgoing webhooks can only be created for public channels.');
    if (channel.team_id !== input.team_id) throw new HttpError(403, 'api.webhook.create_outgoing.permissions.app_error', 'The channel is not in the webhook\'s team.');
  } else if (input.trigger_words.length === 0) {
    throw badRequest('api.webhook.create_outgoing.triggers.app_error', 'Either trigger_words or channel_id must be set.');
  }
  checkOutgoing(input);
  const twins = (await scope.outgoing.byTeam(input.team_id)).filter((other) => other.id !== ownId && hooksIntersect(other, input));
  if (twins.length > 0) {
    throw badRequest('api.webhook.create_outgoing.intersect.app_error', 'Outgoing webhooks from the same channel cannot have the same trigger words and callback URLs.');
  }
}

async function manageableHook(scope: RouteScope, hookId: string): Promise<OutgoingWebhook> {
  const { api, request } = scope;
  const callerId = sessionUser(request);
  requireHookId(hookId);
  const hook = await existingHook(scope, hookId);
  await requirePermission(api, callerId, MANAGE, hook.team_id);
  if (callerId !== hook.creator_id) await requirePermission(api, callerId, MANAGE_OTHERS, hook.team_id);
  return hook;
}

async function existingHook(scope: RouteScope, hookId: string): Promise<OutgoingWebhook> {
  requireEnabled(scope.settings.outgoingEnabled);
  const hook = await scope.outgoing.get(hookId);
  if (!hook) throw notFound('app.webhooks.get_outgoing.app_error', 'Unable to find the outgoing webhook.');
  return hook;
}

function requireHookId(hookId: string): void {
  if (!isValidId(hookId)) throw invalidUrlParam('hook_id');
}

function requireEnabled(enabled: boolean): void {
  if (!enabled) throw new HttpError(501, 'api.outgoing_webhook.disabled.app_error', 'Outgoing webhooks have been disabled by the system admin.');
}
