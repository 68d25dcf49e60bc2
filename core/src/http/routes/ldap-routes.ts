// AD/LDAP administration, Mattermost's routes: test the connection, run a sync now. The rules live in LdapSync.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireActor } from '../context.ts';

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
}
