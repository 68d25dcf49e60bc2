// AD/LDAP administration, Mattermost's routes: test the connection, run a sync now, list and link
// directory groups. The rules live in LdapSync and LdapGroups.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, paging, requireActor, stringQuery } from '../context.ts';
import { toWireDirectoryGroup, toWireGroup } from '../../wire/group.ts';

export function ldapRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;

  api.post('/ldap/test', async (ctx) => {
    await services.ldapSync.test(requireActor(ctx));
    ok(ctx);
  });

  api.post('/ldap/sync', async (ctx) => {
    await services.ldapSync.syncNow(requireActor(ctx));
    ok(ctx);
  });

  api.get('/ldap/groups', async (ctx) => {
    const { offset, perPage } = paging(ctx);
    const { count, groups } = await services.ldapGroups.listDirectoryGroups(requireActor(ctx), { offset, limit: perPage, query: stringQuery(ctx, 'q') ?? '' });
    ctx.body = { count, groups: groups.map(toWireDirectoryGroup) };
  });

  api.post('/ldap/groups/:remote_id/link', async (ctx) => {
    ctx.status = 201;
    ctx.body = toWireGroup(await services.ldapGroups.link(requireActor(ctx), ctx.params.remote_id));
  });

  api.delete('/ldap/groups/:remote_id/link', async (ctx) => {
    await services.ldapGroups.unlink(requireActor(ctx), ctx.params.remote_id);
    ok(ctx);
  });
}
