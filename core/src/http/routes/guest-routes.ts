// Guest accounts: inviting guests to a team's channels by email (and invalidating what was sent),
// and promoting or demoting an account — Mattermost's routes and bodies; the guest services decide who may.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, ok, requireActor } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { userIdParam } from './user-routes.ts';
import { decodeGuestsInvite, toWireInviteOutcomes } from '../../wire/guest.ts';

export function guestRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { guests, guestInvitations } = deps.services;

  api.post('/teams/:team_id/invite-guests/email', async (ctx) => {
    const graceful = boolQuery(ctx, 'graceful');
    const outcomes = await guestInvitations.invite(requireActor(ctx), idParam(ctx, 'team_id'), decodeGuestsInvite(ctx.state.body), graceful);
    if (graceful) ctx.body = toWireInviteOutcomes(outcomes);
    else ok(ctx);
  });

  api.delete('/teams/invites/email', async (ctx) => {
    await guestInvitations.invalidateAll(requireActor(ctx));
    ok(ctx);
  });

  api.post('/users/:user_id/promote', async (ctx) => {
    await guests.promote(requireActor(ctx), userIdParam(ctx), hookContext(ctx));
    ok(ctx);
  });

  api.post('/users/:user_id/demote', async (ctx) => {
    await guests.demote(requireActor(ctx), userIdParam(ctx));
    ok(ctx);
  });
}
