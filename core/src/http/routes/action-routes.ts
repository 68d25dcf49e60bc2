// Interactive messages and dialogs: Mattermost's /posts/{id}/actions/{action_id} and
// /actions/dialogs/{open,submit}, and Parley's /plugins/{id}/ui/{surface_id} for plugins' UI surfaces. Opening a dialog needs no session: the integration proves who it
// is for with the trigger id the server gave it (integration-actions.ts).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, ok, requireActor } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { decodePostActionRequest, decodeSurfacePlace } from '../../wire/post-action.ts';
import { decodeOpenDialog, decodeSubmitDialog } from '../../wire/interactive-dialog.ts';

export function actionRoutes(api: ApiRouter, { pluginRuntime }: RouteDeps): void {
  const actions = pluginRuntime.integrationActions;

  api.post('/posts/:post_id/actions/:action_id', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await actions.doPostAction(actor, idParam(ctx, 'post_id'), ctx.params.action_id, decodePostActionRequest(ctx.state.body), hookContext(ctx));
  });

  // Parley's: a plugin's declarative UI surface (manifest `ui`) whose action calls its route.
  api.post('/plugins/:plugin_id/ui/:surface_id', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await actions.runSurface(actor, ctx.params.plugin_id.toLowerCase(), ctx.params.surface_id, decodeSurfacePlace(ctx.state.body), hookContext(ctx));
  });

  api.post('/actions/dialogs/open', async (ctx) => {
    await actions.openDialog(decodeOpenDialog(ctx.state.body));
    ok(ctx);
  });

  api.post('/actions/dialogs/submit', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = await actions.submitDialog(actor, decodeSubmitDialog(ctx.state.body), hookContext(ctx));
  });
}
