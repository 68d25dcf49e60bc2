// parley.webhooks: Mattermost's incoming and outgoing webhooks as a sandboxed plugin, reached on
// Mattermost's own paths (`POST /hooks/{id}`, `/api/v4/hooks/...`) through the core routes it claims.
import { definePlugin } from '@parley/plugin-api';
import { HookTable } from './hook-table.ts';
import type { IncomingWebhook } from './incoming-webhook.ts';
import { dispatchOutgoing } from './outgoing-dispatch.ts';
import type { OutgoingWebhook } from './outgoing-webhook.ts';
import { webhookRoutes } from './routes.ts';

export default definePlugin((api) => {
  const incoming = new HookTable<IncomingWebhook>(api.kv, 'incoming');
  const outgoing = new HookTable<OutgoingWebhook>(api.kv, 'outgoing');

  return {
    serveHttp: webhookRoutes({ api, incoming, outgoing }).serve,

    async messageHasBeenPosted(_ctx, post) {
      await dispatchOutgoing(api, outgoing, post);
    },
  };
});
