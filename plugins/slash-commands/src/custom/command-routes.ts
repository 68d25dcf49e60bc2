// /api/v4/commands: custom slash commands managed as in Mattermost's api4/command.go — the same
// routes, bodies, permissions (manage_slash_commands, manage_others_slash_commands) and errors.
// POST /api/v4/commands/execute stays the core's.
import type { HttpRequest, HttpResponse, PluginAPI, RegisteredCommand, RouteHandler, Router } from '@parley/plugin-api';
import { invalidParam, loginRequired, permissionError } from '../http-response.ts';
import { HttpError, jsonResponse, parseJsonBody, statusOk } from '@parley/plugin-api';
import { isValidId, newId } from '@parley/plugin-api';
import { integrationSettings } from '../server-config.ts';
import { commandFields, sanitized, type CustomCommand } from './custom-command.ts';
import type { CommandStore } from './command-store.ts';
import { isCustomRegistration, registerCustom, registerOrLog, requireFreeTrigger, unregisterCustom } from './command-registration.ts';

const MANAGE = 'manage_slash_commands';
const MANAGE_OTHERS = 'manage_others_slash_commands';
const BASE = '/api/v4/commands';

interface Call {
  api: PluginAPI;
  store: CommandStore;
  userId: string;
  request: HttpRequest;
}

const commandNotFound = () => new HttpError(404, 'store.sql_command.save.get.app_error', 'Unable to get the command.');
const disabled = () => new HttpError(501, 'api.command.disabled.app_error', 'Commands have been disabled by the system admin.');

/** Adds the /api/v4/commands routes to `router`: every one needs a session, and a command id in the path must be an id. */
export function addCommandsApi(router: Router, api: PluginAPI, store: CommandStore): Router {
  const handle =
    (run: (call: Call, id: string) => Promise<HttpResponse>): RouteHandler =>
    (_ctx, request) => {
      if (request.user_id === '') throw loginRequired();
      const id = request.params.command_id ?? '';
      if (request.params.command_id !== undefined && !isValidId(id)) {
        throw new HttpError(400, 'api.context.invalid_url_param.app_error', 'Invalid or missing command_id parameter in request URL.');
      }
      return run({ api, store, userId: request.user_id, request }, id);
    };
  return router
    .post(BASE, handle(createCommand))
    .get(BASE, handle(listCommands))
    .get(`${BASE}/{command_id}`, handle(getCommand))
    .put(`${BASE}/{command_id}`, handle(updateCommand))
    .delete(`${BASE}/{command_id}`, handle(deleteCommand))
    .put(`${BASE}/{command_id}/move`, handle(moveCommand))
    .put(`${BASE}/{command_id}/regen_token`, handle(regenToken));
}

function can({ api, userId }: Call, permission: string, teamId: string): Promise<boolean> {
  return api.users.hasPermission(userId, permission, { team_id: teamId });
}

function jsonBody(call: Call, name: string): Record<string, unknown> {
  const body = parseJsonBody(call.request.body, name);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw invalidParam(name);
}

/** The stored command; unknown, or commands disabled → 404. */
async function findCommand({ api, store }: Call, id: string): Promise<CustomCommand> {
  const command = (await integrationSettings(api)).enableCommands ? await store.get(id) : null;
  if (!command) throw commandNotFound();
  return command;
}

/** Only managers of the team's commands (404 for others: existence does not leak), and of others' commands. */
async function requireManager(call: Call, command: CustomCommand): Promise<void> {
  if (!(await can(call, MANAGE, command.team_id))) throw commandNotFound();
  if (command.creator_id !== call.userId && !(await can(call, MANAGE_OTHERS, command.team_id))) throw permissionError(MANAGE_OTHERS);
}

async function createCommand(call: Call): Promise<HttpResponse> {
  const { api, store } = call;
  const body = jsonBody(call, 'command');
  const teamId = typeof body.team_id === 'string' ? body.team_id : '';
  if (!isValidId(teamId) || !(await can(call, MANAGE, teamId))) throw permissionError(MANAGE);
  let creatorId = call.userId;
  if (typeof body.creator_id === 'string' && body.creator_id !== '' && body.creator_id !== call.userId) {
    if (!(await can(call, MANAGE_OTHERS, teamId))) throw permissionError(MANAGE_OTHERS);
    const creator = await api.users.get(body.creator_id).catch(() => null);
    if (!creator) throw new HttpError(404, 'app.user.missing_account.const', 'Unable to find the user.', `user_id=${body.creator_id}`);
    creatorId = creator.id;
  }
  if (!(await integrationSettings(api)).enableCommands) throw disabled();
  const fields = commandFields(body);
  await requireFreeTrigger(api, fields.team_id, fields.trigger);
  const now = Date.now();
  const command: CustomCommand = { ...fields, id: newId(), token: newId(), create_at: now, update_at: now, delete_at: 0, creator_id: creatorId, plugin_id: '' };
  await store.create(command);
  try {
    await registerCustom(api, store, command);
  } catch (err) {
    await store.delete(command);
    throw new HttpError(400, 'plugin.slash_commands.register_failed', `The command /${command.trigger} could not be registered: ${(err as Error).message}`);
  }
  return jsonResponse(201, command);
}

async function listCommands(call: Call): Promise<HttpResponse> {
  const { api, store, request } = call;
  const teamId = request.query.team_id ?? '';
  if (!isValidId(teamId)) throw invalidParam('team_id');
  if (!(await can(call, 'view_team', teamId))) throw permissionError('view_team');
  const customOnly = ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(request.query.custom_only ?? '');
  const enabled = (await integrationSettings(api)).enableCommands;
  const manager = await can(call, MANAGE, teamId);
  const seesOthers = manager && (await can(call, MANAGE_OTHERS, teamId));
  const custom = async () => (enabled ? (await store.listTeam(teamId)).filter((c) => seesOthers || c.creator_id === call.userId) : []);
  if (customOnly) {
    if (!manager) throw permissionError(MANAGE);
    if (!enabled) throw disabled();
    return jsonResponse(200, await custom());
  }
  const registered = (await api.commands.list(teamId)).filter((c) => !isCustomRegistration(c)).map(registeredToWire);
  if (!manager) {
    const autocomplete = enabled ? (await store.listTeam(teamId)).filter((c) => c.auto_complete).map(sanitized) : [];
    return jsonResponse(200, [...registered.filter((c) => c.auto_complete), ...autocomplete]);
  }
  return jsonResponse(200, [...registered, ...(await custom()).map(sanitized)]);
}

async function getCommand(call: Call, id: string): Promise<HttpResponse> {
  const command = await findCommand(call, id);
  const visible =
    (await can(call, 'view_team', command.team_id)) &&
    (await can(call, MANAGE, command.team_id)) &&
    (command.creator_id === call.userId || (await can(call, MANAGE_OTHERS, command.team_id)));
  if (!visible) throw commandNotFound();
  return jsonResponse(200, command);
}

async function updateCommand(call: Call, id: string): Promise<HttpResponse> {
  const { api, store } = call;
  const body = jsonBody(call, 'command');
  if (body.id !== id) throw invalidParam('command');
  const current = await findCommand(call, id);
  if (body.team_id !== current.team_id) throw new HttpError(400, 'api.command.team_mismatch.app_error', 'Unable to update commands across teams.');
  await requireManager(call, current);
  const fields = commandFields(body);
  if (fields.trigger !== current.trigger) await requireFreeTrigger(api, current.team_id, fields.trigger);
  const updated: CustomCommand = { ...current, ...fields, team_id: current.team_id, update_at: Date.now() };
  await store.update(updated);
  await reregister(call, current, updated);
  return jsonResponse(200, updated);
}

async function moveCommand(call: Call, id: string): Promise<HttpResponse> {
  const { api, store } = call;
  const body = jsonBody(call, 'team_id');
  const teamId = typeof body.team_id === 'string' ? body.team_id : '';
  if (!isValidId(teamId)) throw invalidParam('team_id');
  const team = await api.teams.get(teamId).catch(() => null);
  if (!team) throw new HttpError(404, 'app.team.get.find.app_error', 'Unable to find the existing team.', `team_id=${teamId}`);
  if (!(await can(call, MANAGE, team.id))) throw permissionError(MANAGE);
  const command = await findCommand(call, id);
  await requireManager(call, command);
  if (!(await api.users.hasPermission(command.creator_id, MANAGE, { team_id: team.id }))) {
    throw new HttpError(400, 'api.command.move_command.creator_no_permission.app_error', 'No permission to move command');
  }
  if (command.team_id === team.id) return statusOk();
  await requireFreeTrigger(api, team.id, command.trigger);
  const moved = await store.move(command, team.id);
  await reregister(call, command, moved);
  return statusOk();
}

async function deleteCommand(call: Call, id: string): Promise<HttpResponse> {
  const command = await findCommand(call, id);
  await requireManager(call, command);
  await call.store.delete(command);
  await unregisterCustom(call.api, command);
  return statusOk();
}

async function regenToken(call: Call, id: string): Promise<HttpResponse> {
  const command = await findCommand(call, id);
  await requireManager(call, command);
  const updated = { ...command, token: newId(), update_at: Date.now() };
  await call.store.update(updated);
  return jsonResponse(200, { token: updated.token });
}

async function reregister({ api, store }: Call, previous: CustomCommand, next: CustomCommand): Promise<void> {
  if (previous.team_id !== next.team_id || previous.trigger !== next.trigger) await unregisterCustom(api, previous);
  await registerOrLog(api, store, next);
}

/** A command another plugin (or this one, built in) registered, in Mattermost's Command shape, sanitized. */
function registeredToWire(command: RegisteredCommand): CustomCommand {
  return {
    id: '',
    token: '',
    create_at: 0,
    update_at: 0,
    delete_at: 0,
    creator_id: '',
    team_id: command.team_id ?? '',
    trigger: command.trigger,
    method: '',
    username: '',
    icon_url: '',
    auto_complete: command.auto_complete === true,
    auto_complete_desc: command.auto_complete_desc ?? '',
    auto_complete_hint: command.auto_complete_hint ?? '',
    display_name: command.display_name ?? '',
    description: command.description ?? '',
    url: '',
    plugin_id: command.plugin_id,
  };
}
