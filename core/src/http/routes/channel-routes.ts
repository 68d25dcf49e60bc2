// /channels and a team's or user's channels: creation (public, private, direct, group), lookup,
// patching, archiving, membership, roles and read state — Mattermost's routes and permission rules.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, objectBody, ok, paging, requireActor, stringArrayBody, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import type { Channel } from '../../store/entities/channel.ts';
import { channelNameNotFound } from '../../app/channel-service.ts';
import { hookContext } from '../hook-context.ts';
import { userIdParam } from './user-routes.ts';
import { toWireChannel, toWireChannelMember } from '../../wire/channel.ts';

export function channelRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;
  const { channels, teams, permissions } = services;

  const readableChannel = async (ctx: ParleyContext) => {
    const actor = requireActor(ctx);
    const channel = await channels.get(idParam(ctx, 'channel_id'));
    await permissions.requireReadChannel(actor, channel);
    return { actor, channel };
  };

  const channelWith = async (ctx: ParleyContext, permissionFor: (channel: Channel) => string) => {
    const actor = requireActor(ctx);
    const channel = await channels.get(idParam(ctx, 'channel_id'));
    await permissions.requireChannel(actor, channel, permissionFor(channel));
    return { actor, channel };
  };

  /** Lookups by name answer 404 for channels the caller may not see, so names do not leak. */
  const byName = async (ctx: ParleyContext, teamId: string) => {
    const actor = requireActor(ctx);
    const channel = await channels.getByName(teamId, ctx.params.channel_name, boolQuery(ctx, 'include_deleted'));
    if (!(await permissions.canReadChannel(actor, channel))) throw channelNameNotFound(ctx.params.channel_name);
    ctx.body = toWireChannel(channel);
  };

  api.post('/channels', async (ctx) => {
    const actor = requireActor(ctx);
    const body = objectBody(ctx, 'channel');
    if (!isValidId(body.team_id)) throw AppError.invalidParam('team_id', 'must be a 26-character id');
    await permissions.requireTeam(actor, body.team_id, body.type === 'P' ? 'create_private_channel' : 'create_public_channel');
    const channel = await channels.create(body, actor.userId, hookContext(ctx));
    ctx.status = 201;
    ctx.body = toWireChannel(channel);
  });

  api.post('/channels/direct', async (ctx) => {
    const actor = requireActor(ctx);
    const ids = stringArrayBody(ctx, 'user_ids', 2);
    if (ids.length !== 2 || !ids.every(isValidId)) throw AppError.invalidParam('user_ids', 'expected the ids of the two users');
    permissions.requireSystem(actor, 'create_direct_channel');
    if (!ids.includes(actor.userId)) permissions.requireSystem(actor, 'manage_system');
    ctx.status = 201;
    ctx.body = toWireChannel(await channels.getOrCreateDirect(ids, actor.userId));
  });

  api.post('/channels/group', async (ctx) => {
    const actor = requireActor(ctx);
    const ids = stringArrayBody(ctx, 'user_ids', 16);
    if (!ids.every(isValidId)) throw AppError.invalidParam('user_ids', 'expected user ids');
    permissions.requireSystem(actor, 'create_group_channel');
    ctx.status = 201;
    ctx.body = toWireChannel(await channels.getOrCreateGroup(ids, actor.userId));
  });

  api.post('/channels/members/:user_id/view', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    permissions.requireSelfOrSystem(actor, userId);
    const body = objectBody(ctx, 'view');
    const ids = [body.channel_id, body.prev_channel_id].filter((id) => id !== undefined && id !== '');
    if (!ids.every(isValidId)) throw AppError.invalidParam('channel_id', 'must be a 26-character id');
    if (isValidId(body.channel_id)) await permissions.requireChannel(actor, body.channel_id, 'read_channel');
    ctx.body = { status: 'OK', last_viewed_at_times: await channels.view(userId, ids as string[]) };
  });

  api.get('/channels/:channel_id', async (ctx) => {
    const { channel } = await readableChannel(ctx);
    ctx.body = toWireChannel(channel);
  });

  const patchChannel = async (ctx: ParleyContext) => {
    const { actor, channel } = await channelWith(ctx, (c) => (c.type === 'O' ? 'manage_public_channel_properties' : 'manage_private_channel_properties'));
    const body = objectBody(ctx, 'channel');
    if (!ctx.path.endsWith('/patch') && body.id !== undefined && body.id !== channel.id) {
      throw AppError.invalidParam('id', 'does not match the channel in the URL');
    }
    ctx.body = toWireChannel(await channels.patch(channel, body, actor.userId, hookContext(ctx)));
  };
  api.put('/channels/:channel_id/patch', patchChannel);
  api.put('/channels/:channel_id', patchChannel);

  api.delete('/channels/:channel_id', async (ctx) => {
    const { actor, channel } = await channelWith(ctx, (c) => (c.type === 'O' ? 'delete_public_channel' : 'delete_private_channel'));
    await channels.archive(channel, actor.userId, hookContext(ctx));
    ok(ctx);
  });

  api.post('/channels/:channel_id/restore', async (ctx) => {
    const actor = requireActor(ctx);
    const channel = await channels.get(idParam(ctx, 'channel_id'));
    if (channel.teamId === '') throw AppError.badRequest('api.channel.restore_channel.type.app_error', 'Direct and group messages cannot be archived or restored.');
    await permissions.requireTeam(actor, channel.teamId, 'manage_team');
    ctx.body = toWireChannel(await channels.restore(channel, actor.userId, hookContext(ctx)));
  });

  api.get('/channels/:channel_id/stats', async (ctx) => {
    const { channel } = await readableChannel(ctx);
    ctx.body = await channels.stats(channel.id);
  });

  api.get('/channels/:channel_id/members', async (ctx) => {
    const { channel } = await readableChannel(ctx);
    const { offset, perPage } = paging(ctx);
    ctx.body = (await channels.listMembers(channel.id, offset, perPage)).map(toWireChannelMember);
  });

  api.post('/channels/:channel_id/members/ids', async (ctx) => {
    const { channel } = await readableChannel(ctx);
    const ids = stringArrayBody(ctx, 'user_ids').filter(isValidId);
    ctx.body = (await channels.membersByUserIds(channel.id, ids)).map(toWireChannelMember);
  });

  api.get('/channels/:channel_id/members/:user_id', async (ctx) => {
    const { channel } = await readableChannel(ctx);
    ctx.body = toWireChannelMember(await channels.getMember(channel.id, userIdParam(ctx)));
  });

  api.post('/channels/:channel_id/members', async (ctx) => {
    const actor = requireActor(ctx);
    const channel = await channels.get(idParam(ctx, 'channel_id'));
    const body = objectBody(ctx, 'channel_member');
    const userIds = Array.isArray(body.user_ids) ? body.user_ids : [body.user_id];
    if (userIds.length === 0 || !userIds.every(isValidId)) throw AppError.invalidParam('user_id', 'must be a 26-character id');
    const joiningPublic = channel.type === 'O' && userIds.length === 1 && userIds[0] === actor.userId;
    const managePermission = channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members';
    if (!(joiningPublic && (await permissions.hasTeam(actor, channel.teamId, 'join_public_channels')))) {
      await permissions.requireChannel(actor, channel, managePermission);
    }
    const members = [];
    for (const userId of userIds) members.push(toWireChannelMember(await channels.addMember(channel, userId, actor.userId, hookContext(ctx))));
    ctx.status = 201;
    ctx.body = Array.isArray(body.user_ids) ? members : members[0];
  });

  api.delete('/channels/:channel_id/members/:user_id', async (ctx) => {
    const actor = requireActor(ctx);
    const channel = await channels.get(idParam(ctx, 'channel_id'));
    const userId = userIdParam(ctx);
    if (userId !== actor.userId) {
      await permissions.requireChannel(actor, channel, channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members');
    }
    await channels.removeMember(channel, userId, actor.userId, hookContext(ctx));
    ok(ctx);
  });

  api.put('/channels/:channel_id/members/:user_id/roles', async (ctx) => {
    const { channel } = await channelWith(ctx, () => 'manage_channel_roles');
    await channels.updateMemberRoles(channel.id, userIdParam(ctx), objectBody(ctx, 'roles').roles);
    ok(ctx);
  });

  api.get('/teams/:team_id/channels', async (ctx) => {
    const actor = requireActor(ctx);
    const teamId = idParam(ctx, 'team_id');
    await permissions.requireTeam(actor, teamId, 'list_team_channels');
    const { offset, perPage } = paging(ctx);
    ctx.body = (await channels.listPublic(teamId, offset, perPage)).map(toWireChannel);
  });

  api.get('/teams/:team_id/channels/name/:channel_name', async (ctx) => {
    await byName(ctx, idParam(ctx, 'team_id'));
  });

  api.get('/teams/name/:team_name/channels/name/:channel_name', async (ctx) => {
    requireActor(ctx);
    await byName(ctx, (await teams.getByName(ctx.params.team_name)).id);
  });

  const ownTeamScope = async (ctx: ParleyContext) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    permissions.requireSelfOrSystem(actor, userId);
    const teamId = idParam(ctx, 'team_id');
    await permissions.requireTeam(actor, teamId, 'view_team');
    return { userId, teamId };
  };

  api.get('/users/:user_id/teams/:team_id/channels', async (ctx) => {
    const { userId, teamId } = await ownTeamScope(ctx);
    ctx.body = (await channels.listForUser(userId, teamId, boolQuery(ctx, 'include_deleted'))).map(toWireChannel);
  });

  api.get('/users/:user_id/teams/:team_id/channels/members', async (ctx) => {
    const { userId, teamId } = await ownTeamScope(ctx);
    ctx.body = (await channels.membersForUser(userId, teamId)).map(toWireChannelMember);
  });
}
