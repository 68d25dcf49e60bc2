// Synced drafts: Mattermost's POST /drafts and the per-user team list and channel/thread deletes.
// `Connection-Id` names the caller's own WebSocket connection, which is not sent the change.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { connectionId, idParam, jsonText, ok, requireActor } from '../context.ts';
import { userIdParam } from './user-routes.ts';
import { decodeDraft, toWireDraft } from '../../wire/draft.ts';

export function draftRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const drafts = services.drafts;

  api.post('/drafts', async (ctx) => {
    const view = await drafts.upsert(requireActor(ctx), decodeDraft(ctx.state.body), connectionId(ctx));
    // An empty message removed the draft: Mattermost answers with JSON null.
    jsonText(ctx, view ? JSON.stringify(toWireDraft(view)) : 'null', 201);
  });

  api.get('/users/:user_id/teams/:team_id/drafts', async (ctx) => {
    const list = await drafts.listForTeam(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'));
    ctx.body = list.map(toWireDraft);
  });

  for (const path of ['/users/:user_id/channels/:channel_id/drafts', '/users/:user_id/channels/:channel_id/drafts/:thread_id']) {
    api.delete(path, async (ctx) => {
      const rootId = ctx.params.thread_id === undefined ? '' : idParam(ctx, 'thread_id');
      await drafts.delete(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'channel_id'), rootId, connectionId(ctx));
      ok(ctx);
    });
  }
}
