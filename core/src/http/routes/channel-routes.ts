// /channels and a team's or user's channels: creation (public, private, direct, group), lookup,
// patching, archiving, membership, roles and read state — Mattermost's routes and bodies; the channel
// service decides who may.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, ok, paging, requireActor } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { userIdParam } from './user-routes.ts';
import { decodeUserIds } from '../../wire/user.ts';
import {
  decodeChannelPrivacy,
  decodeChannelChanges,
  decodeChannelIds,
  decodeChannelMemberRoles,
  decodeChannelNotifyProps,
  decodeSchemeId,
  decodeSchemeRoles,
  decodeChannelMembersToAdd,
  decodeChannelView,
  decodeDirectChannelUsers,
  decodeGroupChannelUsers,
  decodeNewChannel,
  toWireChannel,
  toWireChannelMember,
  toWireChannelStats,
} from '../../wire/channel.ts';
import { decodeChannelModerationPatches, toWireChannelModeration } from '../../wire/channel-moderation.ts';

export function channelRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { channels, threads } = deps.services;

  api.post('/channels', async (ctx) => {
    const channel = await channels.create(requireActor(ctx), decodeNewChannel(ctx.state.body), hookContext(ctx));
    ctx.status = 201;
    ctx.body = toWireChannel(channel);
  });

  // The System Console's per-channel permissions for members and guests.
  api.get('/channels/:channel_id/moderations', async (ctx) => {
    ctx.body = (await deps.services.channelModerations.get(requireActor(ctx), idParam(ctx, 'channel_id'))).map(toWireChannelModeration);
  });

  api.put('/channels/:channel_id/moderations/patch', async (ctx) => {
    const patches = decodeChannelModerationPatches(ctx.state.body);
    ctx.body = (await deps.services.channelModerations.patch(requireActor(ctx), idParam(ctx, 'channel_id'), patches)).map(toWireChannelModeration);
  });

  api.post('/channels/direct', async (ctx) => {
    const channel = await channels.getOrCreateDirect(requireActor(ctx), decodeDirectChannelUsers(ctx.state.body));
    ctx.status = 201;
    ctx.body = toWireChannel(channel);
  });

  api.post('/channels/group', async (ctx) => {
    const channel = await channels.getOrCreateGroup(requireActor(ctx), decodeGroupChannelUsers(ctx.state.body));
    ctx.status = 201;
    ctx.body = toWireChannel(channel);
  });

  api.post('/channels/members/:user_id/view', async (ctx) => {
    ctx.body = channelsViewed(await channels.view(requireActor(ctx), userIdParam(ctx), decodeChannelView(ctx.state.body)));
  });

  api.post('/channels/members/:user_id/mark_read', async (ctx) => {
    ctx.body = channelsViewed(await channels.viewChannels(requireActor(ctx), userIdParam(ctx), decodeChannelIds(ctx.state.body)));
  });

  api.put('/channels/members/:user_id/direct/read', async (ctx) => {
    ctx.body = channelsViewed(await channels.viewAll(requireActor(ctx), userIdParam(ctx), 'direct'));
  });

  // Mattermost's "mark all as read" of a team: its channels, then its followed threads.
  api.put('/users/:user_id/teams/:team_id/read', async (ctx) => {
    const actor = requireActor(ctx);
    const [userId, teamId] = [userIdParam(ctx), idParam(ctx, 'team_id')];
    const times = await channels.viewAll(actor, userId, { teamId });
    await threads.markAllRead(actor, userId, teamId);
    ctx.body = channelsViewed(times);
  });

  api.get('/channels/:channel_id', async (ctx) => {
    ctx.body = toWireChannel(await channels.get(requireActor(ctx), idParam(ctx, 'channel_id')));
  });

  for (const [path, patch] of [['/channels/:channel_id/patch', true], ['/channels/:channel_id', false]] as const) {
    api.put(path, async (ctx) => {
      const actor = requireActor(ctx);
      const channelId = idParam(ctx, 'channel_id');
      const changes = decodeChannelChanges(ctx.state.body, { channelId, patch });
      ctx.body = toWireChannel(await channels.patch(actor, channelId, changes, hookContext(ctx)));
    });
  }

  api.delete('/channels/:channel_id', async (ctx) => {
    await channels.archive(requireActor(ctx), idParam(ctx, 'channel_id'), hookContext(ctx));
    ok(ctx);
  });

  api.post('/channels/:channel_id/restore', async (ctx) => {
    ctx.body = toWireChannel(await channels.restore(requireActor(ctx), idParam(ctx, 'channel_id'), hookContext(ctx)));
  });

  api.put('/channels/:channel_id/privacy', async (ctx) => {
    ctx.body = toWireChannel(await channels.updatePrivacy(requireActor(ctx), idParam(ctx, 'channel_id'), decodeChannelPrivacy(ctx.state.body), hookContext(ctx)));
  });

  api.get('/channels/:channel_id/stats', async (ctx) => {
    ctx.body = toWireChannelStats(await channels.stats(requireActor(ctx), idParam(ctx, 'channel_id'), !boolQuery(ctx, 'exclude_files_count')));
  });

  api.post('/channels/stats/member_count', async (ctx) => {
    ctx.body = await channels.memberCounts(requireActor(ctx), decodeChannelIds(ctx.state.body));
  });

  api.get('/channels/:channel_id/timezones', async (ctx) => {
    ctx.body = await channels.memberTimezones(requireActor(ctx), idParam(ctx, 'channel_id'));
  });

  api.get('/channels/:channel_id/members', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    ctx.body = (await channels.listMembers(actor, idParam(ctx, 'channel_id'), offset, perPage)).map(toWireChannelMember);
  });

  api.post('/channels/:channel_id/members/ids', async (ctx) => {
    const actor = requireActor(ctx);
    const ids = decodeUserIds(ctx.state.body);
    ctx.body = (await channels.membersByUserIds(actor, idParam(ctx, 'channel_id'), ids)).map(toWireChannelMember);
  });

  api.get('/channels/:channel_id/members/:user_id', async (ctx) => {
    ctx.body = toWireChannelMember(await channels.getMember(requireActor(ctx), idParam(ctx, 'channel_id'), userIdParam(ctx)));
  });

  api.post('/channels/:channel_id/members', async (ctx) => {
    const actor = requireActor(ctx);
    const channelId = idParam(ctx, 'channel_id');
    const { userIds, list } = decodeChannelMembersToAdd(ctx.state.body);
    const members = (await channels.addMembers(actor, channelId, userIds, hookContext(ctx))).map(toWireChannelMember);
    ctx.status = 201;
    ctx.body = list ? members : members[0];
  });

  api.delete('/channels/:channel_id/members/:user_id', async (ctx) => {
    await channels.removeMember(requireActor(ctx), idParam(ctx, 'channel_id'), userIdParam(ctx), hookContext(ctx));
    ok(ctx);
  });

  api.put('/channels/:channel_id/members/:user_id/roles', async (ctx) => {
    const actor = requireActor(ctx);
    await channels.updateMemberRoles(actor, idParam(ctx, 'channel_id'), userIdParam(ctx), decodeChannelMemberRoles(ctx.state.body));
    ok(ctx);
  });

  api.put('/channels/:channel_id/members/:user_id/notify_props', async (ctx) => {
    const actor = requireActor(ctx);
    await channels.updateMemberNotifyProps(actor, idParam(ctx, 'channel_id'), userIdParam(ctx), decodeChannelNotifyProps(ctx.state.body));
    ok(ctx);
  });

  api.put('/channels/:channel_id/members/:user_id/schemeRoles', async (ctx) => {
    const actor = requireActor(ctx);
    await channels.updateMemberSchemeRoles(actor, idParam(ctx, 'channel_id'), userIdParam(ctx), decodeSchemeRoles(ctx.state.body));
    ok(ctx);
  });

  api.put('/channels/:channel_id/scheme', async (ctx) => {
    const actor = requireActor(ctx);
    const channelId = idParam(ctx, 'channel_id');
    await channels.updateScheme(actor, channelId, decodeSchemeId(ctx.state.body));
    ok(ctx);
  });

  api.get('/teams/:team_id/channels', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    ctx.body = (await channels.listPublic(actor, idParam(ctx, 'team_id'), offset, perPage)).map(toWireChannel);
  });

  api.get('/teams/:team_id/channels/name/:channel_name', async (ctx) => {
    const actor = requireActor(ctx);
    const channel = await channels.getByName(actor, idParam(ctx, 'team_id'), ctx.params.channel_name, boolQuery(ctx, 'include_deleted'));
    ctx.body = toWireChannel(channel);
  });

  api.get('/teams/name/:team_name/channels/name/:channel_name', async (ctx) => {
    const actor = requireActor(ctx);
    const channel = await channels.getByTeamName(actor, ctx.params.team_name, ctx.params.channel_name, boolQuery(ctx, 'include_deleted'));
    ctx.body = toWireChannel(channel);
  });

  api.get('/users/:user_id/teams/:team_id/channels', async (ctx) => {
    const actor = requireActor(ctx);
    const list = await channels.listForUser(actor, userIdParam(ctx), idParam(ctx, 'team_id'), boolQuery(ctx, 'include_deleted'));
    ctx.body = list.map(toWireChannel);
  });

  api.get('/users/:user_id/teams/:team_id/channels/members', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = (await channels.membersForUser(actor, userIdParam(ctx), idParam(ctx, 'team_id'))).map(toWireChannelMember);
  });
}

/** Mattermost's ChannelViewResponse: when each channel was marked read. */
function channelsViewed(times: Record<string, number>): { status: 'OK'; last_viewed_at_times: Record<string, number> } {
  return { status: 'OK', last_viewed_at_times: times };
}
