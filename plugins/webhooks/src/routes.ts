// The paths the plugin owns (manifest core_routes `/hooks` and `/api/v4/hooks`), routed to their
// handlers; the router answers unknown paths 404 and other methods 405, as Mattermost's router, and
// renders the HttpErrors the handlers throw. `/hooks/commands/...` belongs to the slash-commands
// plugin and never reaches here.
import { createRouter, type RouteHandler, type Router } from '@parley/plugin-api';
import { postIncomingWebhook } from './incoming-endpoint.ts';
import { createIncomingHook, deleteIncomingHook, getIncomingHook, listIncomingHooks, updateIncomingHook } from './incoming-routes.ts';
import { createOutgoingHook, deleteOutgoingHook, getOutgoingHook, listOutgoingHooks, regenOutgoingHookToken, updateOutgoingHook } from './outgoing-routes.ts';
import type { ScopedHandler, WebhookTables } from './route-scope.ts';
import { readSettings } from './server-settings.ts';

export function webhookRoutes(tables: WebhookTables): Router {
  // The server settings are read per request, so a change applies at once, on every node.
  const scoped =
    (handler: ScopedHandler): RouteHandler =>
    async (_ctx, request) =>
      handler({ ...tables, request, settings: await readSettings(tables.api) }, request.params);
  return (
    createRouter()
      // Mattermost's `/hooks/{id:[A-Za-z0-9]+}`: any other id is no route at all.
      .post(/^\/hooks\/(?<id>[A-Za-z0-9]+)$/, scoped(postIncomingWebhook))
      .post('/api/v4/hooks/incoming', scoped(createIncomingHook))
      .get('/api/v4/hooks/incoming', scoped(listIncomingHooks))
      .get('/api/v4/hooks/incoming/{hook_id}', scoped(getIncomingHook))
      .put('/api/v4/hooks/incoming/{hook_id}', scoped(updateIncomingHook))
      .delete('/api/v4/hooks/incoming/{hook_id}', scoped(deleteIncomingHook))
      .post('/api/v4/hooks/outgoing', scoped(createOutgoingHook))
      .get('/api/v4/hooks/outgoing', scoped(listOutgoingHooks))
      .get('/api/v4/hooks/outgoing/{hook_id}', scoped(getOutgoingHook))
      .put('/api/v4/hooks/outgoing/{hook_id}', scoped(updateOutgoingHook))
      .delete('/api/v4/hooks/outgoing/{hook_id}', scoped(deleteOutgoingHook))
      .post('/api/v4/hooks/outgoing/{hook_id}/regen_token', scoped(regenOutgoingHookToken))
  );
}
