// A group message becomes a private channel: Mattermost's GET /channels/{id}/common_teams (where it
// could go) and POST /channels/{id}/convert_to_channel. GroupMessageConversion decides who may.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, jsonText, requireActor } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { decodeGroupMessageConversion, toWireChannel } from '../../wire/channel.ts';
import { toClientTeam } from '../../wire/team.ts';

export function groupMessageRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const conversion = services.groupMessageConversion;

  api.get('/channels/:channel_id/common_teams', async (ctx) => {
    const teams = await conversion.commonTeams(requireActor(ctx), idParam(ctx, 'channel_id'));
    // Mattermost answers null, not [], to someone who is not an active member of the conversation.
    jsonText(ctx, JSON.stringify(teams === null ? null : teams.map(toClientTeam)));
  });

  api.post('/channels/:channel_id/convert_to_channel', async (ctx) => {
    const actor = requireActor(ctx);
    const channel = await conversion.convert(actor, idParam(ctx, 'channel_id'), decodeGroupMessageConversion(ctx.state.body), hookContext(ctx));
    ctx.body = toWireChannel(channel);
  });
}
