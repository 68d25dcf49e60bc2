// Scheduled posts: Mattermost's POST /posts/schedule, PUT and DELETE /posts/schedule/{id} (each
// answering 201 with the post, as Mattermost does) and GET /posts/scheduled/team/{team_id}.
// `Connection-Id` names the caller's own WebSocket connection, which is not sent the change.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { connectionId, idParam, requireActor, type ParleyContext } from '../context.ts';
import { decodeScheduledPost, toWireScheduledPost } from '../../wire/scheduled-post.ts';


export function scheduledPostRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const scheduled = services.scheduledPosts;
  const created = (ctx: ParleyContext, body: unknown) => {
    ctx.status = 201;
    ctx.body = body;
  };

  api.post('/posts/schedule', async (ctx) => {
    created(ctx, toWireScheduledPost(await scheduled.create(requireActor(ctx), decodeScheduledPost(ctx.state.body), connectionId(ctx))));
  });

  api.put('/posts/schedule/:scheduled_post_id', async (ctx) => {
    const id = idParam(ctx, 'scheduled_post_id');
    created(ctx, toWireScheduledPost(await scheduled.update(requireActor(ctx), id, decodeScheduledPost(ctx.state.body), connectionId(ctx))));
  });

  api.delete('/posts/schedule/:scheduled_post_id', async (ctx) => {
    created(ctx, toWireScheduledPost(await scheduled.delete(requireActor(ctx), idParam(ctx, 'scheduled_post_id'), connectionId(ctx))));
  });

  api.get('/posts/scheduled/team/:team_id', async (ctx) => {
    const list = await scheduled.listForTeam(requireActor(ctx), idParam(ctx, 'team_id'), ctx.query.includeDirectChannels === 'true');
    ctx.body = {
      [list.teamId]: list.team.map(toWireScheduledPost),
      ...(list.directChannels ? { directChannels: list.directChannels.map(toWireScheduledPost) } : {}),
    };
  });
}
