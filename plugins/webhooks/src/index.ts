// parley.webhooks: Mattermost's incoming and outgoing webhooks as a sandboxed plugin, reached on
// Mattermost's own paths (`POST /hooks/{id}`, `/api/v4/hooks/...`) through the core routes it claims.
import { definePlugin, type HttpResponse } from '@parley/plugin-api';
import { HookTable } from './hook-table.ts';
import { HttpError, errorResponse } from '@parley/plugin-api';
import type { IncomingWebhook } from './incoming-webhook.ts';
import { dispatchOutgoing } from './outgoing-dispatch.ts';
import type { OutgoingWebhook } from './outgoing-webhook.ts';
import { matchRoute } from './routes.ts';
import { readSettings } from './server-settings.ts';

export default definePlugin((api) => {
  const incoming = new HookTable<IncomingWebhook>(api.kv, 'incoming');
  const outgoing = new HookTable<OutgoingWebhook>(api.kv, 'outgoing');

  return {
    async serveHttp(ctx, request): Promise<HttpResponse> {
      try {
        const { handler, params } = matchRoute(request.method, request.path);
        return await handler({ api, request, settings: await readSettings(api), incoming, outgoing }, params);
      } catch (err) {
        if (err instanceof HttpError) return errorResponse(err, ctx.request_id ?? '');
        await api.log.error('webhook request failed', { path: request.path, error: err instanceof Error ? err.message : String(err) });
        return errorResponse(new HttpError(500, 'api.webhook.internal.app_error', 'The webhook request failed; the server log has the details.'), ctx.request_id ?? '');
      }
    },

    async messageHasBeenPosted(_ctx, post) {
      await dispatchOutgoing(api, outgoing, post);
    },
  };
});
