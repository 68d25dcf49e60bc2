// /teams and a user's teams: creation, lookup, patching, deletion, membership, invite links and
// team roles — Mattermost's routes, bodies and permission rules.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, objectBody, ok, paging, requireActor, stringArrayBody, stringQuery, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import type { Actor } from '../../app/actor.ts';
import type { Team } from '../../store/entities/team.ts';
import { hookContext } from '../hook-context.ts';
import { userIdParam } from './user-routes.ts';
import { toWireTeam, toWireTeamMember } from '../../wire/team.ts';

export function teamRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;
  const { teams, permissions } = services;

  /** Mattermost's SanitizeTeam: email for team managers, the invite id for those who may invite. */
  const wire = async (actor: Actor, team: Team) => {
    const showEmail = await permissions.hasTeam(actor, team.id, 'manage_team');
    const showInviteId = showEmail || (await permissions.hasTeam(actor, team.id, 'invite_user'));
    return toWireTeam(team, { showEmail, showInviteId });
  };

  /** Open teams anyone may look at; others only their members (and admins). */
  const requireViewable = async (actor: Actor, team: Team) => {
    if (team.type === 'O' && team.allowOpenInvite) return;
    await permissions.requireTeam(actor, team.id, 'view_team');
  };

  const teamParam = async (ctx: ParleyContext, permission?: string) => {
    const actor = requireActor(ctx);
    const team = await teams.get(idParam(ctx, 'team_id'));
    if (permission) await permissions.requireTeam(actor, team.id, permission);
    return { actor, team };
  };

  api.post('/teams', async (ctx) => {
    const actor = requireActor(ctx);
    permissions.requireSystem(actor, 'create_team');
    const team = await teams.create(objectBody(ctx, 'team'), actor.userId, hookContext(ctx));
    ctx.status = 201;
    ctx.body = await wire(actor, team);
  });

  api.get('/teams', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    const all = permissions.hasSystem(actor, 'list_private_teams');
    const list = all || permissions.hasSystem(actor, 'list_public_teams') ? await teams.list(!all, offset, perPage) : [];
    const wired = await Promise.all(list.map((t) => wire(actor, t)));
    ctx.body = boolQuery(ctx, 'include_total_count') ? { teams: wired, total_count: await teams.count(!all) } : wired;
  });

  api.post('/teams/members/invite', async (ctx) => {
    const actor = requireActor(ctx);
    const inviteId = stringQuery(ctx, 'invite_id');
    if (!inviteId) throw AppError.invalidParam('invite_id', 'email invitation tokens are not supported; use the team invite link');
    const team = await teams.getByInviteId(inviteId);
    const member = await teams.addMember(team, actor.userId, actor.userId, hookContext(ctx));
    ctx.status = 201;
    ctx.body = toWireTeamMember(member);
  });

  api.get('/teams/name/:name', async (ctx) => {
    const actor = requireActor(ctx);
    const team = await teams.getByName(ctx.params.name);
    await requireViewable(actor, team);
    ctx.body = await wire(actor, team);
  });

  api.get('/teams/:team_id', async (ctx) => {
    const actor = requireActor(ctx);
    const team = await teams.get(idParam(ctx, 'team_id'));
    await requireViewable(actor, team);
    ctx.body = await wire(actor, team);
  });

  const patchTeam = async (ctx: ParleyContext) => {
    const { actor, team } = await teamParam(ctx, 'manage_team');
    const body = objectBody(ctx, 'team');
    if (!ctx.path.endsWith('/patch') && body.id !== undefined && body.id !== team.id) throw AppError.invalidParam('id', 'does not match the team in the URL');
    ctx.body = await wire(actor, await teams.patch(team, body));
  };
  api.put('/teams/:team_id/patch', patchTeam);
  api.put('/teams/:team_id', patchTeam);

  api.delete('/teams/:team_id', async (ctx) => {
    const { team } = await teamParam(ctx, 'manage_team');
    await teams.softDelete(team);
    ok(ctx);
  });

  api.get('/teams/:team_id/stats', async (ctx) => {
    const { team } = await teamParam(ctx, 'view_team');
    ctx.body = await teams.stats(team.id);
  });

  api.get('/users/:user_id/teams', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = requireOwnTeamsOrAdmin(deps, ctx, actor);
    const list = await teams.listForUser(userId);
    ctx.body = await Promise.all(list.map((t) => wire(actor, t)));
  });

  api.get('/users/:user_id/teams/members', async (ctx) => {
    const userId = requireOwnTeamsOrAdmin(deps, ctx, requireActor(ctx));
    ctx.body = (await teams.membersForUser(userId)).map(toWireTeamMember);
  });

  api.post('/teams/:team_id/members', async (ctx) => {
    const { actor, team } = await teamParam(ctx);
    const body = objectBody(ctx, 'team_member');
    if (!isValidId(body.user_id)) throw AppError.invalidParam('user_id', 'must be a 26-character id');
    if (body.team_id !== undefined && body.team_id !== team.id) throw AppError.invalidParam('team_id', 'does not match the team in the URL');
    if (body.user_id === actor.userId) {
      // Joining yourself: open teams need join_public_teams, invite-only ones join_private_teams.
      permissions.requireSystem(actor, team.type === 'O' && team.allowOpenInvite ? 'join_public_teams' : 'join_private_teams');
    } else {
      await permissions.requireTeam(actor, team.id, 'add_user_to_team');
    }
    const member = await teams.addMember(team, body.user_id, actor.userId, hookContext(ctx));
    ctx.status = 201;
    ctx.body = toWireTeamMember(member);
  });

  api.get('/teams/:team_id/members', async (ctx) => {
    const { team } = await teamParam(ctx, 'view_team');
    const { offset, perPage } = paging(ctx);
    ctx.body = (await teams.listMembers(team.id, offset, perPage)).map(toWireTeamMember);
  });

  api.post('/teams/:team_id/members/ids', async (ctx) => {
    const { team } = await teamParam(ctx, 'view_team');
    const ids = stringArrayBody(ctx, 'user_ids').filter(isValidId);
    ctx.body = (await teams.membersByUserIds(team.id, ids)).map(toWireTeamMember);
  });

  api.get('/teams/:team_id/members/:user_id', async (ctx) => {
    const { team } = await teamParam(ctx, 'view_team');
    ctx.body = toWireTeamMember(await teams.getMember(team.id, userIdParam(ctx)));
  });

  api.delete('/teams/:team_id/members/:user_id', async (ctx) => {
    const { actor, team } = await teamParam(ctx);
    const userId = userIdParam(ctx);
    if (userId !== actor.userId) await permissions.requireTeam(actor, team.id, 'remove_user_from_team');
    await teams.removeMember(team, userId, actor.userId, hookContext(ctx));
    ok(ctx);
  });

  api.put('/teams/:team_id/members/:user_id/roles', async (ctx) => {
    const { team } = await teamParam(ctx, 'manage_team_roles');
    await teams.updateMemberRoles(team.id, userIdParam(ctx), objectBody(ctx, 'roles').roles);
    ok(ctx);
  });
}

/** A user's own teams, or anyone's for those with read_other_users_teams. */
function requireOwnTeamsOrAdmin(deps: RouteDeps, ctx: ParleyContext, actor: Actor): string {
  const userId = userIdParam(ctx);
  if (userId !== actor.userId) deps.services.permissions.requireSystem(actor, 'read_other_users_teams');
  return userId;
}
