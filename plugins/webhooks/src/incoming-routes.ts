// /api/v4/hooks/incoming: create, list, get, update and delete incoming webhooks, with
// Mattermost's permissions: manage_incoming_webhooks in the channel's team, and
// manage_others_incoming_webhooks for someone else's hook.
import type { HttpResponse } from '@parley/plugin-api';
import { can, loadChannel, loadUser, requirePermission, sessionUser } from './access.ts';
import { badRequest, forbidden, invalidUrlParam, notFound } from './http-error.ts';
import { HttpError, jsonResponse, statusOk } from '@parley/plugin-api';
import { isValidId, newId } from '@parley/plugin-api';
import { checkIncoming, incomingInput, type IncomingWebhook } from './incoming-webhook.ts';
import { pageOf, readPage } from './paging.ts';
import type { RouteScope } from './route-scope.ts';

const MANAGE = 'manage_incoming_webhooks';
const MANAGE_OTHERS = 'manage_others_incoming_webhooks';

export async function createIncomingHook(scope: RouteScope): Promise<HttpResponse> {
  const { api, request, settings } = scope;
  const callerId = sessionUser(request);
  const input = incomingInput(request.body);
  const channel = await loadChannel(api, input.channel_id);
  await requirePermission(api, callerId, MANAGE, channel.team_id);
  if (channel.type !== 'O' && !(await canReadChannel(scope, callerId, channel.id))) throw forbidden('read_channel');
  let ownerId = callerId;
  if (input.user_id !== '' && input.user_id !== callerId) {
    await requirePermission(api, callerId, MANAGE_OTHERS, channel.team_id);
    await loadUser(api, input.user_id);
    ownerId = input.user_id;
  }
  requireEnabled(settings.incomingEnabled);
  if (!settings.usernameOverride) input.username = '';
  if (!settings.iconOverride) input.icon_url = '';
  checkIncoming(input);
  const now = Date.now();
  const hook: IncomingWebhook = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    user_id: ownerId,
    channel_id: channel.id,
    team_id: channel.team_id,
    display_name: input.display_name,
    description: input.description,
    username: input.username,
    icon_url: input.icon_url,
    channel_locked: input.channel_locked,
  };
  await scope.incoming.insert(hook);
  return jsonResponse(201, hook);
}

export async function listIncomingHooks(scope: RouteScope): Promise<HttpResponse> {
  const { api, request, settings } = scope;
  const callerId = sessionUser(request);
  const teamId = request.query.team_id ?? '';
  if (teamId !== '' && !isValidId(teamId)) throw invalidUrlParam('team_id');
  await requirePermission(api, callerId, MANAGE, teamId);
  const everyone = await can(api, callerId, MANAGE_OTHERS, teamId);
  requireEnabled(settings.incomingEnabled);
  const all = teamId ? await scope.incoming.byTeam(teamId) : await scope.incoming.all();
  const visible = everyone ? all : all.filter((hook) => hook.user_id === callerId);
  const page = pageOf(visible, readPage(request.query));
  // Mattermost's IncomingWebhooksWithCount.
  return jsonResponse(200, request.query.include_total_count === 'true' ? { incoming_webhooks: page, total_count: visible.length } : page);
}

export async function getIncomingHook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  const hook = await manageableHook(scope, params.hook_id);
  return jsonResponse(200, hook);
}

export async function updateIncomingHook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  const { api, request, settings } = scope;
  const callerId = sessionUser(request);
  requireHookId(params.hook_id);
  const input = incomingInput(request.body);
  if (input.id !== params.hook_id) throw invalidUrlParam('hook_id');
  const old = await existingHook(scope, params.hook_id);
  if (input.team_id !== '' && input.team_id !== old.team_id) throw badRequest('api.webhook.team_mismatch.app_error', 'A webhook cannot be moved to another team.');
  const channel = await loadChannel(api, input.channel_id);
  if (channel.team_id !== old.team_id) throw badRequest('api.context.invalid_param.app_error', 'Invalid channel_id parameter: the channel is in another team.');
  await requirePermission(api, callerId, MANAGE, channel.team_id);
  if (callerId !== old.user_id) await requirePermission(api, callerId, MANAGE_OTHERS, channel.team_id);
  if (channel.type !== 'O' && !(await canReadChannel(scope, callerId, channel.id))) throw forbidden('read_channel');
  if (!settings.usernameOverride) input.username = old.username;
  if (!settings.iconOverride) input.icon_url = old.icon_url;
  checkIncoming(input);
  const hook: IncomingWebhook = {
    ...old,
    update_at: Date.now(),
    channel_id: channel.id,
    display_name: input.display_name,
    description: input.description,
    username: input.username,
    icon_url: input.icon_url,
    channel_locked: input.channel_locked,
  };
  await scope.incoming.replace(hook);
  // Mattermost answers an update with 201.
  return jsonResponse(201, hook);
}

export async function deleteIncomingHook(scope: RouteScope, params: Record<string, string>): Promise<HttpResponse> {
  const hook = await manageableHook(scope, params.hook_id);
  await scope.incoming.remove(hook);
  return statusOk();
}

/** The hook, once the caller is shown to be allowed to manage it. */
async function manageableHook(scope: RouteScope, hookId: string): Promise<IncomingWebhook> {
  const { api, request } = scope;
  const callerId = sessionUser(request);
  requireHookId(hookId);
  const hook = await existingHook(scope, hookId);
  const channel = await loadChannel(api, hook.channel_id);
  const restricted = channel.type !== 'O' && !(await canReadChannel(scope, callerId, channel.id));
  if (restricted || !(await can(api, callerId, MANAGE, hook.team_id))) throw forbidden(MANAGE);
  if (callerId !== hook.user_id) await requirePermission(api, callerId, MANAGE_OTHERS, hook.team_id);
  return hook;
}

async function existingHook(scope: RouteScope, hookId: string): Promise<IncomingWebhook> {
  requireEnabled(scope.settings.incomingEnabled);
  const hook = await scope.incoming.get(hookId);
  if (!hook) throw notFound('app.webhooks.get_incoming.app_error', 'Unable to find the incoming webhook.');
  return hook;
}

function canReadChannel(scope: RouteScope, userId: string, channelId: string): Promise<boolean> {
  return scope.api.users.hasPermission(userId, 'read_channel', { channel_id: channelId });
}

function requireHookId(hookId: string): void {
  if (!isValidId(hookId)) throw invalidUrlParam('hook_id');
}

function requireEnabled(enabled: boolean): void {
  if (!enabled) throw new HttpError(501, 'api.incoming_webhook.disabled.app_error', 'Incoming webhooks have been disabled by the system admin.');
}
