// /users: sign-up, login/logout, profiles, search, roles, passwords, activation, personal access
// tokens and sessions — Mattermost's routes, bodies and permission rules.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, objectBody, ok, paging, requireActor, stringArrayBody, stringQuery, type ParleyContext } from '../context.ts';
import { userActor, type Actor } from '../../app/actor.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import type { User } from '../../store/entities/user.ts';
import { CSRF_COOKIE, SESSION_COOKIE, USER_ID_COOKIE } from '../../wire/request-credentials.ts';
import { hookContext } from '../hook-context.ts';
import { toWireAccessToken, toWireUser, visibilityFor } from '../../wire/user.ts';
import { toWireSession } from '../../wire/session.ts';

/** Mattermost's UserSearchDefaultLimit and UserSearchMaxLimit. */
const SEARCH_DEFAULT_LIMIT = 100;
const SEARCH_MAX_LIMIT = 1000;

export function userRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services, config } = deps;
  const users = services.users;
  const wire = (ctx: ParleyContext, user: User) => toWireUser(user, visibilityFor(ctx.state.session, user.id, config.get().PrivacySettings));

  api.post('/users', async (ctx) => {
    const body = objectBody(ctx, 'user');
    // `iid`: signing up through a team invite link, which also admits the user on a closed server.
    const inviteId = stringQuery(ctx, 'iid');
    const team = inviteId ? await services.teams.getByInviteId(inviteId) : undefined;
    const user = await users.signUp(body, { actor: ctx.state.session && userActor(ctx.state.session), inviteAccepted: team !== undefined, ctx: hookContext(ctx) });
    if (team) await services.teams.addMember(team, user.id, user.id, hookContext(ctx));
    ctx.status = 201;
    ctx.body = wire(ctx, user);
  });

  api.post('/users/login', async (ctx) => {
    const body = objectBody(ctx, 'login');
    // Client4.login sends `deviceId`; the mobile apps and Mattermost's docs use `device_id`.
    const deviceId = body.device_id ?? body.deviceId;
    const { user, session, token } = await users.login(body.login_id, body.password, deviceId, hookContext(ctx));
    const maxAge = session.expiresAt - Date.now();
    const secure = ctx.protocol === 'https';
    ctx.cookies.set(SESSION_COOKIE, token, { httpOnly: true, maxAge, sameSite: 'lax', secure, overwrite: true });
    ctx.cookies.set(USER_ID_COOKIE, user.id, { httpOnly: false, maxAge, sameSite: 'lax', secure, overwrite: true });
    ctx.cookies.set(CSRF_COOKIE, session.csrfToken, { httpOnly: false, maxAge, sameSite: 'lax', secure, overwrite: true });
    ctx.set('Token', token);
    ctx.body = toWireUser(user, { viewerIsSelfOrAdmin: true, showEmail: true, showFullName: true });
  });

  api.post('/users/logout', async (ctx) => {
    const session = ctx.state.session;
    if (session && !session.isAccessToken) await services.sessions.revoke(session.userId, session.id);
    for (const name of [SESSION_COOKIE, USER_ID_COOKIE, CSRF_COOKIE]) ctx.cookies.set(name, null);
    ok(ctx);
  });

  api.get('/users', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    const sort = stringQuery(ctx, 'sort');
    if (sort && !['', 'username', 'create_at', 'last_activity_at'].includes(sort)) throw AppError.invalidParam('sort', 'must be create_at, last_activity_at or empty');
    const list = await services.directory.list(actor, {
      inTeam: optionalIdQuery(ctx, 'in_team'),
      notInTeam: optionalIdQuery(ctx, 'not_in_team'),
      inChannel: optionalIdQuery(ctx, 'in_channel'),
      notInChannel: optionalIdQuery(ctx, 'not_in_channel'),
      inGroup: optionalIdQuery(ctx, 'in_group'),
      notInGroup: optionalIdQuery(ctx, 'not_in_group'),
      withoutTeam: boolQuery(ctx, 'without_team'),
      active: boolQuery(ctx, 'active'),
      inactive: boolQuery(ctx, 'inactive'),
      role: stringQuery(ctx, 'role') || undefined,
      sort: (sort || 'username') as 'username',
      offset,
      limit: perPage,
    });
    ctx.body = list.map((u) => wire(ctx, u));
  });

  api.get('/users/autocomplete', async (ctx) => {
    const actor = requireActor(ctx);
    const found = await services.directory.autocomplete(actor, {
      name: stringQuery(ctx, 'name') ?? '',
      inTeam: optionalIdQuery(ctx, 'in_team'),
      inChannel: optionalIdQuery(ctx, 'in_channel'),
      limit: Math.min(intQuery(ctx, 'limit', SEARCH_DEFAULT_LIMIT), SEARCH_MAX_LIMIT),
      matchFullNames: visibilityFor(actor, '', config.get().PrivacySettings).showFullName,
    });
    ctx.body = {
      users: found.users.map((u) => wire(ctx, u)),
      ...(found.outOfChannel ? { out_of_channel: found.outOfChannel.map((u) => wire(ctx, u)) } : {}),
    };
  });

  api.post('/users/ids', async (ctx) => {
    requireActor(ctx);
    const ids = stringArrayBody(ctx, 'user_ids').filter(isValidId);
    ctx.body = (await users.getByIds(ids)).map((u) => wire(ctx, u));
  });

  api.post('/users/usernames', async (ctx) => {
    requireActor(ctx);
    ctx.body = (await users.getByUsernames(stringArrayBody(ctx, 'usernames'))).map((u) => wire(ctx, u));
  });

  api.post('/users/search', async (ctx) => {
    const actor = requireActor(ctx);
    const body = objectBody(ctx, 'search');
    if (typeof body.term !== 'string' || body.term === '') throw AppError.invalidParam('term');
    const limit = body.limit === undefined || body.limit === 0 ? SEARCH_DEFAULT_LIMIT : body.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) {
      throw AppError.invalidParam('limit', `must be an integer from 1 to ${SEARCH_MAX_LIMIT}`);
    }
    const visibility = visibilityFor(actor, '', config.get().PrivacySettings);
    const list = await services.directory.list(actor, {
      term: body.term,
      termMatchesEmail: visibility.showEmail,
      termMatchesFullName: visibility.showFullName,
      inTeam: optionalIdField(body, 'team_id'),
      notInTeam: optionalIdField(body, 'not_in_team_id'),
      inChannel: optionalIdField(body, 'in_channel_id'),
      notInChannel: optionalIdField(body, 'not_in_channel_id'),
      inGroup: optionalIdField(body, 'in_group_id'),
      notInGroup: optionalIdField(body, 'not_in_group_id'),
      withoutTeam: body.without_team === true,
      active: body.allow_inactive !== true,
      offset: 0,
      limit,
    });
    ctx.body = list.map((u) => wire(ctx, u));
  });

  api.get('/users/username/:username', async (ctx) => {
    requireActor(ctx);
    ctx.body = wire(ctx, await users.getByUsername(ctx.params.username));
  });

  api.get('/users/email/:email', async (ctx) => {
    const actor = requireActor(ctx);
    if (!config.get().PrivacySettings.ShowEmailAddress) services.permissions.requireSystem(actor, 'manage_system');
    ctx.body = wire(ctx, await users.getByEmail(ctx.params.email));
  });

  // Personal access tokens (fixed paths before /users/:user_id).
  api.get('/users/tokens', async (ctx) => {
    services.permissions.requireSystem(requireActor(ctx), 'manage_system');
    const { offset, perPage } = paging(ctx);
    ctx.body = (await users.listAccessTokens(null, offset, perPage)).map((t) => toWireAccessToken(t));
  });

  api.get('/users/tokens/:token_id', async (ctx) => {
    const actor = requireActor(ctx);
    const token = await users.getAccessToken(idParam(ctx, 'token_id'));
    await requireTokenPermission(deps, actor, token.userId, 'read_user_access_token');
    ctx.body = toWireAccessToken(token);
  });

  for (const [action, permission] of [
    ['revoke', 'revoke_user_access_token'],
    ['disable', 'revoke_user_access_token'],
    ['enable', 'create_user_access_token'],
  ] as const) {
    api.post(`/users/tokens/${action}`, async (ctx) => {
      const actor = requireActor(ctx);
      const tokenId = objectBody(ctx, 'token').token_id;
      if (!isValidId(tokenId)) throw AppError.invalidParam('token_id');
      const token = await users.getAccessToken(tokenId);
      await requireTokenPermission(deps, actor, token.userId, permission);
      if (action === 'revoke') await users.revokeAccessToken(token);
      else await users.setAccessTokenActive(token, action === 'enable');
      ok(ctx);
    });
  }

  api.get('/users/:user_id', async (ctx) => {
    requireActor(ctx);
    ctx.body = wire(ctx, await users.get(userIdParam(ctx)));
  });

  const patchUser = async (ctx: ParleyContext) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(actor, userId);
    const body = objectBody(ctx, 'user');
    if (ctx.method === 'PUT' && !ctx.path.endsWith('/patch') && body.id !== undefined && body.id !== userId) {
      throw AppError.invalidParam('id', 'does not match the user in the URL');
    }
    ctx.body = wire(ctx, await users.patch(userId, body));
  };
  api.put('/users/:user_id/patch', patchUser);
  api.put('/users/:user_id', patchUser);

  api.put('/users/:user_id/roles', async (ctx) => {
    services.permissions.requireSystem(requireActor(ctx), 'manage_roles');
    await users.updateRoles(userIdParam(ctx), objectBody(ctx, 'roles').roles);
    ok(ctx);
  });

  api.put('/users/:user_id/password', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(actor, userId);
    const body = objectBody(ctx, 'password');
    await users.updatePassword(actor, userId, body.current_password, body.new_password);
    ok(ctx);
  });

  api.delete('/users/:user_id', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(actor, userId);
    await users.setActive(userId, false);
    ok(ctx);
  });

  api.put('/users/:user_id/active', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    const active = objectBody(ctx, 'active').active;
    if (typeof active !== 'boolean') throw AppError.invalidParam('active', 'must be true or false');
    // Users may deactivate themselves; only admins may reactivate anyone.
    if (active || actor.userId !== userId) services.permissions.requireSystem(actor, 'manage_system');
    await users.setActive(userId, active);
    ok(ctx);
  });

  api.post('/users/:user_id/tokens', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    await requireTokenPermission(deps, actor, userId, 'create_user_access_token');
    const { token, secret } = await users.createAccessToken(userId, objectBody(ctx, 'token').description);
    ctx.body = toWireAccessToken(token, secret);
  });

  api.get('/users/:user_id/tokens', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    await requireTokenPermission(deps, actor, userId, 'read_user_access_token');
    const { offset, perPage } = paging(ctx);
    ctx.body = (await users.listAccessTokens(userId, offset, perPage)).map((t) => toWireAccessToken(t));
  });

  api.get('/users/:user_id/sessions', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(actor, userId);
    ctx.body = (await services.sessions.listForUser(userId)).map(toWireSession);
  });

  api.post('/users/:user_id/sessions/revoke', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(actor, userId);
    const sessionId = objectBody(ctx, 'actor').session_id;
    if (!isValidId(sessionId)) throw AppError.invalidParam('session_id');
    await services.sessions.revoke(userId, sessionId);
    ok(ctx);
  });

  api.post('/users/:user_id/sessions/revoke/all', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    services.permissions.requireSelfOrSystem(actor, userId);
    await services.sessions.revokeAllForUser(userId);
    ok(ctx);
  });
}

/** The `user_id` path parameter; `me` means the caller. */
export function userIdParam(ctx: ParleyContext): string {
  if (ctx.params.user_id === 'me') return requireActor(ctx).userId;
  return idParam(ctx, 'user_id');
}

// Tokens need the matching token permission, then (Mattermost's SessionHasPermissionToUserOrBot) a
// bot's tokens follow the bot rules (manage_bots / manage_others_bots), and someone else's tokens
// need manage_others_user_access_tokens (admins); a user with the token role may manage their own.
async function requireTokenPermission(deps: RouteDeps, actor: Actor, ownerId: string, permission: string): Promise<void> {
  const { permissions, bots } = deps.services;
  permissions.requireSystem(actor, permission);
  if (await bots.isBot(ownerId)) await bots.requireManage(actor, ownerId);
  else if (actor.userId !== ownerId) permissions.requireSystem(actor, 'manage_others_user_access_tokens');
}

function optionalIdQuery(ctx: ParleyContext, name: string): string | undefined {
  const value = stringQuery(ctx, name);
  if (!value) return undefined;
  if (!isValidId(value)) throw AppError.invalidParam(name, 'must be a 26-character id');
  return value;
}

function optionalIdField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (!isValidId(value)) throw AppError.invalidParam(name, 'must be a 26-character id');
  return value;
}
