// Groups, Mattermost's routes: directory groups linked into Parley and their links to teams and
// channels, seen from either side. The rules live in LdapGroups.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, ok, paging, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { decodeSyncablePatch, decodeSyncablePatchUpdate, toWireGroup, toWireGroupMemberCount, toWireGroupSyncable } from '../../wire/group.ts';
import type { SyncableKind } from '../../store/group-repository.ts';
import { userIdParam } from './user-routes.ts';

const SYNCABLE_PARAMS = { team: 'team_id', channel: 'channel_id' } as const;

export function groupRoutes(api: ApiRouter, deps: RouteDeps): void {
  const groups = deps.services.ldapGroups;

  api.get('/groups', async (ctx) => {
    const { offset, perPage } = paging(ctx);
    ctx.body = (await groups.list(requireActor(ctx), { query: stringQuery(ctx, 'q') ?? '', offset, limit: perPage })).map(toWireGroup);
  });

  api.get('/groups/:group_id', async (ctx) => {
    ctx.body = toWireGroup(await groups.get(requireActor(ctx), idParam(ctx, 'group_id')));
  });

  api.get('/users/:user_id/groups', async (ctx) => {
    ctx.body = (await groups.ofUser(requireActor(ctx), userIdParam(ctx))).map(toWireGroup);
  });

  api.get('/channels/:channel_id/member_counts_by_group', async (ctx) => {
    const counts = await deps.services.channelGroupCounts.memberCounts(requireActor(ctx), idParam(ctx, 'channel_id'), boolQuery(ctx, 'include_timezones'));
    ctx.body = counts.map(toWireGroupMemberCount);
  });

  for (const kind of ['team', 'channel'] as const) {
    const param = SYNCABLE_PARAMS[kind];
    // Mattermost's GroupsWithCount; Parley lists them all at once (Client4 asks with paginate=false).
    api.get(`/${kind}s/:${param}/groups`, async (ctx) => {
      const linked = await groups.linkedTo(requireActor(ctx), kind, syncableId(ctx, kind));
      ctx.body = { groups: linked.map(toWireGroup), total_group_count: linked.length };
    });
    api.get(`/groups/:group_id/${kind}s`, async (ctx) => {
      ctx.body = (await groups.syncables(requireActor(ctx), idParam(ctx, 'group_id'), kind)).map((link) => toWireGroupSyncable(kind, link));
    });
    api.post(`/groups/:group_id/${kind}s/:${param}/link`, async (ctx) => {
      const link = await groups.linkSyncable(requireActor(ctx), idParam(ctx, 'group_id'), kind, syncableId(ctx, kind), decodeSyncablePatch(ctx.state.body));
      ctx.status = 201;
      ctx.body = toWireGroupSyncable(kind, link);
    });
    api.delete(`/groups/:group_id/${kind}s/:${param}/link`, async (ctx) => {
      await groups.unlinkSyncable(requireActor(ctx), idParam(ctx, 'group_id'), kind, syncableId(ctx, kind));
      ok(ctx);
    });
    api.get(`/groups/:group_id/${kind}s/:${param}`, async (ctx) => {
      ctx.body = toWireGroupSyncable(kind, await groups.syncable(requireActor(ctx), idParam(ctx, 'group_id'), kind, syncableId(ctx, kind)));
    });
    api.put(`/groups/:group_id/${kind}s/:${param}/patch`, async (ctx) => {
      const link = await groups.patchSyncable(requireActor(ctx), idParam(ctx, 'group_id'), kind, syncableId(ctx, kind), decodeSyncablePatchUpdate(ctx.state.body));
      ctx.body = toWireGroupSyncable(kind, link);
    });
  }
}

function syncableId(ctx: ParleyContext, kind: SyncableKind): string {
  return idParam(ctx, SYNCABLE_PARAMS[kind]);
}
