// /users: sign-up, login/logout, profiles, search, roles, passwords, activation, personal access
// tokens and sessions — Mattermost's routes and bodies; the rules live in the user services.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, ok, paging, requireActor, requireSession, stringQuery, type ParleyContext } from '../context.ts';
import { systemActor, userActor, type UserActor } from '../../app/actor.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { USER_SEARCH_DEFAULT_LIMIT, USER_SEARCH_MAX_LIMIT, type DirectoryQuery } from '../../app/user-directory.ts';
import type { User } from '../../store/entities/user.ts';
import { CSRF_COOKIE, SESSION_COOKIE, USER_ID_COOKIE } from '../../wire/request-credentials.ts';
import { decodeStringList } from '../../wire/json-fields.ts';
import { hookContext } from '../hook-context.ts';
import { auditRequest } from '../audit-request.ts';
import { setSessionCookies } from '../session-cookies.ts';
import { setOAuthCookie, siteBase } from '../browser-sign-in.ts';
import {
  decodeAccessTokenId,
  decodeLogin,
  decodeNewAccessToken,
  decodeNewUser,
  decodeSwitchRequest, decodePasswordReset, decodeEmailRequest,
  decodePasswordChange,
  decodeUserActive,
  decodeUserIds,
  decodeUsernames,
  decodeUserPatch,
  decodeUserRoles,
  decodeUserSearch,
  toWireAccessToken,
  toWireUser,
} from '../../wire/user.ts';
import { decodeDeviceProps, decodeSessionId, toWireSession } from '../../wire/session.ts';

export function userRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;
  const users = services.users;
  const wire = (ctx: ParleyContext, user: User) => toWireUser(user, services.directory.visibility(viewer(ctx), user.id));
  // A profile read by the user themselves or an admin also says which terms of service they accepted (Mattermost's getUser).
  const wireProfile = async (ctx: ParleyContext, user: User) => {
    const visibility = services.directory.visibility(viewer(ctx), user.id);
    return toWireUser(user, visibility, visibility.viewerIsSelfOrAdmin ? await services.termsOfService.shownOnProfile(user.id) : null);
  };

  api.post('/users', async (ctx) => {
    const input = decodeNewUser(ctx.state.body);
    // `t`: signing up through an email invitation (a member's or a guest's), which grants its own team (and a guest's channels).
    const token = stringQuery(ctx, 't');
    if (token) {
      ctx.status = 201;
      ctx.body = wire(ctx, await services.teamInvitations.signUp(input, token, hookContext(ctx)));
      return;
    }
    // `iid`: signing up through a team invite link, which also admits the user on a closed server.
    const inviteId = stringQuery(ctx, 'iid');
    const team = inviteId ? await services.teams.getByInviteId(inviteId) : undefined;
    const user = await users.signUp(input, { actor: viewer(ctx), inviteAccepted: team !== undefined, ctx: hookContext(ctx) });
    // The server admits the new user on the strength of the invite link checked above.
    if (team) await services.teams.addMember(systemActor(user.id), team.id, user.id, hookContext(ctx));
    ctx.status = 201;
    ctx.body = wire(ctx, user);
  });

  api.post('/users/login', async (ctx) => {
    const input = decodeLogin(ctx.state.body);
    let signedIn;
    try {
      signedIn = await users.login(input, hookContext(ctx));
    } catch (err) {
      const account = await users.findByLoginId(input.loginId);
      if (account) await auditRequest(ctx, services, `failure - login_id=${input.loginId}`, account.id);
      throw err;
    }
    const { user, session, token } = signedIn;
    await auditRequest(ctx, services, 'success', user.id, session.id);
    setSessionCookies(ctx, user.id, session, token);
    ctx.set('Token', token);
    ctx.body = toWireUser(user, { viewerIsSelfOrAdmin: true, showEmail: true, showFullName: true }, await services.termsOfService.shownOnProfile(user.id));
  });

  // Switching how an account signs in; follow_link is where the client goes next (Mattermost's AuthChangeResponse).
  api.post('/users/login/switch', async (ctx) => {
    const outcome = await services.signInSwitch.switch(decodeSwitchRequest(ctx.state.body), { requesterId: ctx.state.session?.userId ?? null, siteBase: siteBase(deps.config, ctx) });
    await auditRequest(ctx, services, 'success');
    if (outcome.browserSecret) setOAuthCookie(ctx, outcome.browserSecret);
    ctx.body = { follow_link: outcome.followLink };
  });

  // Password reset by email: the same answer whether or not the address has an account.
  api.post('/users/password/reset/send', async (ctx) => {
    await services.passwordReset.send(decodeEmailRequest(ctx.state.body));
    ok(ctx);
  });

  api.post('/users/password/reset', async (ctx) => {
    const { token, newPassword } = decodePasswordReset(ctx.state.body);
    const userId = await services.passwordReset.reset(token, newPassword);
    await auditRequest(ctx, services, 'success', userId);
    ok(ctx);
  });

  api.post('/users/logout', async (ctx) => {
    if (ctx.state.session) {
      await auditRequest(ctx, services, '');
      await services.sessions.logout(ctx.state.session);
    }
    for (const name of [SESSION_COOKIE, USER_ID_COOKIE, CSRF_COOKIE]) ctx.cookies.set(name, null);
    ok(ctx);
  });

  api.get('/users', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    const filter = {
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
    };
    const list = await services.directory.list(actor, { ...filter, sort: userListSort(stringQuery(ctx, 'sort'), filter), offset, limit: perPage });
    ctx.body = list.map((u) => wire(ctx, u));
  });

  api.get('/users/autocomplete', async (ctx) => {
    const found = await services.directory.autocomplete(requireActor(ctx), {
      name: stringQuery(ctx, 'name') ?? '',
      inTeam: optionalIdQuery(ctx, 'in_team'),
      inChannel: optionalIdQuery(ctx, 'in_channel'),
      limit: Math.min(intQuery(ctx, 'limit', USER_SEARCH_DEFAULT_LIMIT), USER_SEARCH_MAX_LIMIT),
    });
    ctx.body = {
      users: found.users.map((u) => wire(ctx, u)),
      ...(found.outOfChannel ? { out_of_channel: found.outOfChannel.map((u) => wire(ctx, u)) } : {}),
    };
  });

  api.post('/users/ids', async (ctx) => {
    // `since`: only the profiles changed after it (what a client asks for the profiles it already holds).
    const by = { ids: decodeUserIds(ctx.state.body), updatedAfter: intQuery(ctx, 'since', 0) };
    ctx.body = (await services.directory.profiles(requireActor(ctx), by)).map((u) => wire(ctx, u));
  });

  api.post('/users/group_channels', async (ctx) => {
    const actor = requireActor(ctx);
    const channelIds = decodeStringList(ctx.state.body, 'channel_ids', { maxItems: 1000 });
    if (channelIds.length === 0) throw AppError.invalidParam('channel_ids', 'name at least one channel');
    const profiles = await services.directory.groupMessageProfiles(actor, channelIds);
    ctx.body = Object.fromEntries([...profiles].map(([channelId, users]) => [channelId, users.map((u) => wire(ctx, u))]));
  });

  api.post('/users/usernames', async (ctx) => {
    ctx.body = (await services.directory.profiles(requireActor(ctx), { usernames: decodeUsernames(ctx.state.body) })).map((u) => wire(ctx, u));
  });

  api.post('/users/search', async (ctx) => {
    const list = await services.directory.search(requireActor(ctx), decodeUserSearch(ctx.state.body));
    ctx.body = list.map((u) => wire(ctx, u));
  });

  api.get('/users/username/:username', async (ctx) => {
    ctx.body = await wireProfile(ctx, await services.directory.profileByUsername(requireActor(ctx), ctx.params.username));
  });

  api.get('/users/email/:email', async (ctx) => {
    ctx.body = wire(ctx, await users.getByEmail(requireActor(ctx), ctx.params.email));
  });

  // Personal access tokens (fixed paths before /users/:user_id).
  api.get('/users/tokens', async (ctx) => {
    const { offset, perPage } = paging(ctx);
    ctx.body = (await users.listAccessTokens(requireActor(ctx), null, { offset, limit: perPage })).map((t) => toWireAccessToken(t));
  });

  api.get('/users/tokens/:token_id', async (ctx) => {
    ctx.body = toWireAccessToken(await users.getAccessToken(requireActor(ctx), idParam(ctx, 'token_id')));
  });

  api.post('/users/tokens/revoke', async (ctx) => {
    const tokenId = decodeAccessTokenId(ctx.state.body);
    await users.revokeAccessToken(requireActor(ctx), tokenId);
    await auditRequest(ctx, services, `success - token_id=${tokenId}`);
    ok(ctx);
  });

  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    api.post(`/users/tokens/${action}`, async (ctx) => {
      const tokenId = decodeAccessTokenId(ctx.state.body);
      await users.setAccessTokenActive(requireActor(ctx), tokenId, active);
      await auditRequest(ctx, services, `success - token_id=${tokenId}`);
      ok(ctx);
    });
  }

  api.put('/users/sessions/device', async (ctx) => {
    const session = requireSession(ctx);
    const expiresAt = await services.sessions.setDeviceProps(session, decodeDeviceProps(ctx.state.body));
    // A cookie session bound to a device is renewed for the mobile session's length (a header token has no cookie to renew).
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (expiresAt !== null && ctx.state.tokenSource === 'cookie' && cookie) {
      ctx.cookies.set(SESSION_COOKIE, cookie, { httpOnly: true, maxAge: expiresAt - Date.now(), sameSite: 'lax', secure: ctx.protocol === 'https', overwrite: true });
    }
    ok(ctx);
  });

  api.get('/users/:user_id', async (ctx) => {
    ctx.body = await wireProfile(ctx, await services.directory.profile(requireActor(ctx), userIdParam(ctx)));
  });

  for (const [path, replace] of [['/users/:user_id/patch', false], ['/users/:user_id', true]] as const) {
    api.put(path, async (ctx) => {
      const userId = userIdParam(ctx);
      ctx.body = wire(ctx, await users.patch(requireActor(ctx), userId, decodeUserPatch(ctx.state.body, { userId, replace })));
    });
  }

  api.put('/users/:user_id/roles', async (ctx) => {
    await users.updateRoles(requireActor(ctx), userIdParam(ctx), decodeUserRoles(ctx.state.body));
    ok(ctx);
  });

  api.put('/users/:user_id/password', async (ctx) => {
    await users.updatePassword(requireActor(ctx), userIdParam(ctx), decodePasswordChange(ctx.state.body));
    await auditRequest(ctx, services, 'completed');
    ok(ctx);
  });

  api.delete('/users/:user_id', async (ctx) => {
    await users.deactivate(requireActor(ctx), userIdParam(ctx));
    ok(ctx);
  });

  api.put('/users/:user_id/active', async (ctx) => {
    await users.setActive(requireActor(ctx), userIdParam(ctx), decodeUserActive(ctx.state.body));
    ok(ctx);
  });

  api.post('/users/:user_id/tokens', async (ctx) => {
    const { token, secret } = await users.createAccessToken(requireActor(ctx), userIdParam(ctx), decodeNewAccessToken(ctx.state.body));
    await auditRequest(ctx, services, `success - token_id=${token.id}`);
    ctx.body = toWireAccessToken(token, secret);
  });

  api.get('/users/:user_id/tokens', async (ctx) => {
    const { offset, perPage } = paging(ctx);
    ctx.body = (await users.listAccessTokens(requireActor(ctx), userIdParam(ctx), { offset, limit: perPage })).map((t) => toWireAccessToken(t));
  });

  // Mattermost's web app asks at start-up, for system admins.
  api.get('/limits/users', async (ctx) => {
    ctx.body = await services.users.limits(requireActor(ctx));
  });

  api.get('/users/:user_id/sessions', async (ctx) => {
    ctx.body = (await services.sessions.listForUser(requireActor(ctx), userIdParam(ctx))).map(toWireSession);
  });

  api.post('/users/:user_id/sessions/revoke', async (ctx) => {
    const sessionId = decodeSessionId(ctx.state.body);
    await services.sessions.revoke(requireActor(ctx), userIdParam(ctx), sessionId);
    await auditRequest(ctx, services, `session_id=${sessionId}`);
    ok(ctx);
  });

  api.post('/users/:user_id/sessions/revoke/all', async (ctx) => {
    const userId = userIdParam(ctx);
    await services.sessions.revokeAll(requireActor(ctx), userId);
    await auditRequest(ctx, services, `user_id=${userId}`);
    ok(ctx);
  });
}

/** The `user_id` path parameter; `me` means the caller (`callerId` when the route already knows them). */
export function userIdParam(ctx: ParleyContext, callerId?: string): string {
  if (ctx.params.user_id === 'me') return callerId ?? requireActor(ctx).userId;
  return idParam(ctx, 'user_id');
}

/** The person calling, when the request has a session (sign-up and profiles may be asked anonymously). */
function viewer(ctx: ParleyContext): UserActor | undefined {
  return ctx.state.session && userActor(ctx.state.session);
}

/**
 * The `sort` of GET /users, with Mattermost's rules: `create_at` and `last_activity_at` order a
 * team's members (in_team and no other membership filter), `status` and `admin` a channel's.
 */
function userListSort(sort: string | undefined, filter: Omit<DirectoryQuery, 'offset' | 'limit'>): NonNullable<DirectoryQuery['sort']> {
  if (!sort || sort === 'username') return 'username';
  if (sort === 'create_at' || sort === 'last_activity_at') {
    const teamOnly = filter.inTeam && !filter.notInTeam && !filter.inChannel && !filter.notInChannel && !filter.withoutTeam && !filter.inGroup && !filter.notInGroup;
    if (!teamOnly) throw AppError.invalidParam('sort', `${sort} orders the members of a team: give in_team and no other membership filter`);
    return sort;
  }
  if (sort === 'status' || sort === 'admin') {
    if (!filter.inChannel) throw AppError.invalidParam('sort', `${sort} orders the members of a channel: give in_channel`);
    return sort;
  }
  throw AppError.invalidParam('sort', 'must be empty, create_at, last_activity_at, status or admin');
}

function optionalIdQuery(ctx: ParleyContext, name: string): string | undefined {
  const value = stringQuery(ctx, name);
  if (!value) return undefined;
  if (!isValidId(value)) throw AppError.invalidParam(name, 'must be a 26-character id');
  return value;
}
