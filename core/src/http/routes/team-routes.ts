// /teams and a user's teams: creation, lookup, patching, deletion, membership, invite links and
// team roles — Mattermost's routes and bodies; the team service decides who may.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, ok, paging, requireActor, stringQuery } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { hookContext } from '../hook-context.ts';
import { userIdParam } from './user-routes.ts';
import { decodeUserIds } from '../../wire/user.ts';
import { decodeSchemeId, decodeSchemeRoles } from '../../wire/channel.ts';
import { toWireInviteOutcomes } from '../../wire/guest.ts';
import { decodeTeamInvite } from '../../wire/team-invitation.ts';
import {
  decodeNewTeam,
  decodeTeamChanges,
  decodeTeamMemberRoles,
  decodeTeamMemberUserId,
  decodeTeamMembersBatch,
  toClientTeam,
  toWireTeamMember,
  toWireTeamMemberOutcomes,
  toWireTeamStats,
} from '../../wire/team.ts';

export function teamRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { teams } = deps.services;

  api.post('/teams', async (ctx) => {
    const view = await teams.create(requireActor(ctx), decodeNewTeam(ctx.state.body), hookContext(ctx));
    ctx.status = 201;
    ctx.body = toClientTeam(view);
  });

  api.get('/teams', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    const list = (await teams.list(actor, offset, perPage)).map(toClientTeam);
    ctx.body = boolQuery(ctx, 'include_total_count') ? { teams: list, total_count: await teams.count(actor) } : list;
  });

  // `token`: an invitation mailed to the person; `invite_id`: the team's invite link.
  api.post('/teams/members/invite', async (ctx) => {
    const actor = requireActor(ctx);
    const token = stringQuery(ctx, 'token');
    const inviteId = stringQuery(ctx, 'invite_id');
    if (!token && !inviteId) throw AppError.invalidParam('token', 'give the invitation token (token) or the team invite id (invite_id)');
    ctx.status = 201;
    const member = token ? await deps.services.teamInvitations.join(actor, token, hookContext(ctx)) : await teams.joinByInvite(actor, inviteId!, hookContext(ctx));
    ctx.body = toWireTeamMember(member);
  });

  api.post('/teams/:team_id/invite/email', async (ctx) => {
    const graceful = boolQuery(ctx, 'graceful');
    const outcomes = await deps.services.teamInvitations.invite(requireActor(ctx), idParam(ctx, 'team_id'), decodeTeamInvite(ctx.state.body), graceful);
    if (graceful) ctx.body = toWireInviteOutcomes(outcomes);
    else ok(ctx);
  });

  // No session: the sign-up page asks it before the person has an account.
  api.get('/teams/invite/:invite_id', async (ctx) => {
    const team = await teams.inviteInfo(ctx.params.invite_id);
    ctx.body = { display_name: team.displayName, description: team.description, name: team.name, id: team.id };
  });

  api.get('/teams/name/:name', async (ctx) => {
    ctx.body = toClientTeam(await teams.getByName(requireActor(ctx), ctx.params.name));
  });

  api.get('/teams/:team_id', async (ctx) => {
    ctx.body = toClientTeam(await teams.get(requireActor(ctx), idParam(ctx, 'team_id')));
  });

  for (const [path, patch] of [['/teams/:team_id/patch', true], ['/teams/:team_id', false]] as const) {
    api.put(path, async (ctx) => {
      const actor = requireActor(ctx);
      const teamId = idParam(ctx, 'team_id');
      ctx.body = toClientTeam(await teams.patch(actor, teamId, decodeTeamChanges(ctx.state.body, { teamId, patch })));
    });
  }

  api.delete('/teams/:team_id', async (ctx) => {
    await teams.softDelete(requireActor(ctx), idParam(ctx, 'team_id'));
    ok(ctx);
  });

  api.post('/teams/:team_id/restore', async (ctx) => {
    ctx.body = toClientTeam(await teams.restore(requireActor(ctx), idParam(ctx, 'team_id')));
  });

  api.post('/teams/:team_id/regenerate_invite_id', async (ctx) => {
    ctx.body = toClientTeam(await teams.regenerateInviteId(requireActor(ctx), idParam(ctx, 'team_id')));
  });

  api.get('/teams/:team_id/stats', async (ctx) => {
    ctx.body = toWireTeamStats(await teams.stats(requireActor(ctx), idParam(ctx, 'team_id')));
  });

  api.get('/users/:user_id/teams', async (ctx) => {
    ctx.body = (await teams.listForUser(requireActor(ctx), userIdParam(ctx))).map(toClientTeam);
  });

  api.get('/users/:user_id/teams/members', async (ctx) => {
    ctx.body = (await teams.membersForUser(requireActor(ctx), userIdParam(ctx))).map(toWireTeamMember);
  });

  api.post('/teams/:team_id/members', async (ctx) => {
    const actor = requireActor(ctx);
    const teamId = idParam(ctx, 'team_id');
    const member = await teams.addMember(actor, teamId, decodeTeamMemberUserId(ctx.state.body, teamId), hookContext(ctx));
    ctx.status = 201;
    ctx.body = toWireTeamMember(member);
  });

  api.put('/teams/:team_id/scheme', async (ctx) => {
    const actor = requireActor(ctx);
    const teamId = idParam(ctx, 'team_id');
    await teams.updateScheme(actor, teamId, decodeSchemeId(ctx.state.body));
    ok(ctx);
  });

  api.post('/teams/:team_id/members/batch', async (ctx) => {
    const actor = requireActor(ctx);
    const teamId = idParam(ctx, 'team_id');
    const graceful = boolQuery(ctx, 'graceful');
    const outcomes = await teams.addMembers(actor, teamId, decodeTeamMembersBatch(ctx.state.body, teamId), graceful, hookContext(ctx));
    ctx.status = 201;
    ctx.body = graceful ? toWireTeamMemberOutcomes(outcomes) : outcomes.flatMap((o) => (o.member ? [toWireTeamMember(o.member)] : []));
  });

  api.get('/teams/:team_id/members', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    ctx.body = (await teams.listMembers(actor, idParam(ctx, 'team_id'), offset, perPage)).map(toWireTeamMember);
  });

  api.post('/teams/:team_id/members/ids', async (ctx) => {
    const actor = requireActor(ctx);
    const ids = decodeUserIds(ctx.state.body);
    ctx.body = (await teams.membersByUserIds(actor, idParam(ctx, 'team_id'), ids)).map(toWireTeamMember);
  });

  api.get('/teams/:team_id/members/:user_id', async (ctx) => {
    ctx.body = toWireTeamMember(await teams.getMember(requireActor(ctx), idParam(ctx, 'team_id'), userIdParam(ctx)));
  });

  api.delete('/teams/:team_id/members/:user_id', async (ctx) => {
    await teams.removeMember(requireActor(ctx), idParam(ctx, 'team_id'), userIdParam(ctx), hookContext(ctx));
    ok(ctx);
  });

  api.put('/teams/:team_id/members/:user_id/roles', async (ctx) => {
    const actor = requireActor(ctx);
    await teams.updateMemberRoles(actor, idParam(ctx, 'team_id'), userIdParam(ctx), decodeTeamMemberRoles(ctx.state.body));
    ok(ctx);
  });

  api.put('/teams/:team_id/members/:user_id/schemeRoles', async (ctx) => {
    const actor = requireActor(ctx);
    await teams.updateMemberSchemeRoles(actor, idParam(ctx, 'team_id'), userIdParam(ctx), decodeSchemeRoles(ctx.state.body));
    ok(ctx);
  });
}
