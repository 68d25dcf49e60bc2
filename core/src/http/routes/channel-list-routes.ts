// The channel lists beside the sidebar, as Mattermost's routes: unread counts per team and in one
// channel, a user's
// channels and memberships across teams, a team's archived channels, channel searches and
// autocompletes; and the team search and name check its team pickers use.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, paging, requireActor, stringQuery } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { userIdParam } from './user-routes.ts';
import { toWireChannel } from '../../wire/channel.ts';
import {
  decodeChannelSearchTerm,
  decodeTeamChannelSearch,
  TEAM_CHANNELS_MAX_PER_PAGE,
  toWireChannelMemberWithTeam,
  toWireChannelUnread,
  toWireChannelWithTeam,
  toWireTeamUnread,
} from '../../wire/channel-list.ts';
import { decodeTeamSearch, toClientTeam } from '../../wire/team.ts';

/** The characters a team name may hold; anything else cannot name a team. */
const TEAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function channelListRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { channelLists, teams } = services;

  api.get('/users/:user_id/teams/unread', async (ctx) => {
    const excludeTeam = stringQuery(ctx, 'exclude_team') ?? '';
    if (excludeTeam !== '' && !isValidId(excludeTeam)) throw AppError.invalidParam('exclude_team', 'must be a 26-character id');
    const withThreads = boolQuery(ctx, 'include_collapsed_threads');
    ctx.body = (await channelLists.teamUnreads(requireActor(ctx), userIdParam(ctx), excludeTeam, withThreads)).map(toWireTeamUnread);
  });

  api.get('/users/:user_id/channels/:channel_id/unread', async (ctx) => {
    ctx.body = toWireChannelUnread(await channelLists.channelUnread(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'channel_id')));
  });

  api.get('/users/:user_id/channels', async (ctx) => {
    const actor = requireActor(ctx);
    const channels = await channelLists.allForUser(actor, userIdParam(ctx), boolQuery(ctx, 'include_deleted'), intQuery(ctx, 'last_delete_at', 0));
    ctx.body = channels.map(toWireChannel);
  });

  api.get('/users/:user_id/channel_members', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    ctx.body = (await channelLists.membersForUser(actor, userIdParam(ctx), offset, perPage)).map(toWireChannelMemberWithTeam);
  });

  api.get('/teams/:team_id/channels/deleted', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    ctx.body = (await channelLists.archived(actor, idParam(ctx, 'team_id'), offset, perPage)).map(toWireChannel);
  });

  api.post('/teams/:team_id/channels/search', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = (await channelLists.search(actor, idParam(ctx, 'team_id'), decodeChannelSearchTerm(ctx.state.body))).map(toWireChannel);
  });

  api.get('/teams/:team_id/channels/autocomplete', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = (await channelLists.autocomplete(actor, idParam(ctx, 'team_id'), stringQuery(ctx, 'name') ?? '')).map(toWireChannel);
  });

  api.get('/teams/:team_id/channels/search_autocomplete', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = (await channelLists.autocompleteForSearch(actor, idParam(ctx, 'team_id'), stringQuery(ctx, 'name') ?? '')).map(toWireChannel);
  });

  // The System Console's lists of every team channel (Mattermost's getAllChannels and searchAllChannels).
  api.get('/channels', async (ctx) => {
    const { offset, perPage } = paging(ctx, { maxPerPage: TEAM_CHANNELS_MAX_PER_PAGE });
    const filter = { term: '', includeArchived: boolQuery(ctx, 'include_deleted'), archivedOnly: false, excludeDefault: boolQuery(ctx, 'exclude_default_channels'), teamIds: [], offset, limit: perPage };
    const found = await channelLists.teamChannels(requireActor(ctx), filter);
    const list = found.channels.map(toWireChannelWithTeam);
    ctx.body = boolQuery(ctx, 'include_total_count') ? { channels: list, total_count: found.total } : list;
  });

  api.post('/channels/search', async (ctx) => {
    const { filter, paged } = decodeTeamChannelSearch(ctx.state.body, boolQuery(ctx, 'include_deleted'));
    const found = await channelLists.teamChannels(requireActor(ctx), filter);
    const list = found.channels.map(toWireChannelWithTeam);
    ctx.body = paged ? { channels: list, total_count: found.total } : list;
  });

  api.post('/channels/group/search', async (ctx) => {
    ctx.body = (await channelLists.searchGroups(requireActor(ctx), decodeChannelSearchTerm(ctx.state.body))).map(toWireChannel);
  });

  api.post('/teams/search', async (ctx) => {
    const input = decodeTeamSearch(ctx.state.body);
    const found = await teams.search(requireActor(ctx), input);
    const list = found.teams.map(toClientTeam);
    ctx.body = input.page !== null && input.perPage !== null ? { teams: list, total_count: found.total } : list;
  });

  api.get('/teams/name/:name/exists', async (ctx) => {
    const name = ctx.params.name;
    if (!TEAM_NAME.test(name)) throw AppError.invalidParam('team_name', 'must be a team name');
    ctx.body = { exists: await teams.exists(requireActor(ctx), name) };
  });
}
