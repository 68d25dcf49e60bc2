// Emoji reactions: Mattermost's /reactions and per-post reaction routes.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, ok, requireActor, stringArrayBody } from '../context.ts';
import { hookContext } from '../hook-context.ts';
import { decodeReaction, toWireReaction } from '../../wire/reaction.ts';

export function reactionRoutes(api: ApiRouter, deps: RouteDeps): void {
  const reactions = deps.services.reactions;

  api.post('/reactions', async (ctx) => {
    const reaction = await reactions.add(requireActor(ctx), decodeReaction(ctx.state.body), hookContext(ctx));
    ctx.body = toWireReaction(reaction);
  });

  api.delete('/users/:user_id/posts/:post_id/reactions/:emoji_name', async (ctx) => {
    const actor = requireActor(ctx);
    await reactions.remove(actor, idParam(ctx, 'user_id'), idParam(ctx, 'post_id'), ctx.params.emoji_name, hookContext(ctx));
    ok(ctx);
  });

  api.get('/posts/:post_id/reactions', async (ctx) => {
    const list = await reactions.listForPost(requireActor(ctx), idParam(ctx, 'post_id'));
    ctx.body = list.map(toWireReaction);
  });

  api.post('/posts/ids/reactions', async (ctx) => {
    const actor = requireActor(ctx);
    const byPost = await reactions.listForPosts(actor, stringArrayBody(ctx, 'post_ids', 200));
    ctx.body = Object.fromEntries([...byPost].map(([postId, list]) => [postId, list.map(toWireReaction)]));
  });
}
