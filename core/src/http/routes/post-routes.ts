// /posts and a channel's post lists: create, read, edit, delete, pin, threads — Mattermost's
// routes, bodies and permission rules.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, jsonText, ok, paging, requireActor, stringQuery, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { hookContext } from '../hook-context.ts';
import { tracedSync } from '../../tracing/phases.ts';
import { clientPostJson, decodeNewPost, decodePostChanges, toClientPost, toWirePostList } from '../../wire/post.ts';

export function postRoutes(api: ApiRouter, deps: RouteDeps): void {
  const posts = deps.services.posts;

  api.post('/posts', async (ctx) => {
    const actor = requireActor(ctx);
    const setOnline = boolQuery(ctx, 'set_online', true);
    const view = await posts.create(actor, tracedSync('decode', () => decodeNewPost(ctx.state.body)), { ctx: hookContext(ctx), setOnline });
    if (setOnline) await deps.services.statuses.recordActivity(actor.userId);
    // The same JSON the posted event carries: the post is encoded once.
    jsonText(ctx, clientPostJson(view), 201);
  });

  api.get('/posts/:post_id', async (ctx) => {
    ctx.body = toClientPost(await posts.get(requireActor(ctx), idParam(ctx, 'post_id')));
  });

  for (const [path, patch] of [['/posts/:post_id', false], ['/posts/:post_id/patch', true]] as const) {
    api.put(path, async (ctx) => {
      const actor = requireActor(ctx);
      const postId = idParam(ctx, 'post_id');
      const view = await posts.update(actor, postId, decodePostChanges(ctx.state.body, { postId, patch }), { ctx: hookContext(ctx) });
      ctx.body = toClientPost(view);
    });
  }

  api.delete('/posts/:post_id', async (ctx) => {
    await posts.delete(requireActor(ctx), idParam(ctx, 'post_id'), hookContext(ctx));
    ok(ctx);
  });

  api.get('/posts/:post_id/thread', async (ctx) => {
    ctx.body = toWirePostList(await posts.thread(requireActor(ctx), idParam(ctx, 'post_id')));
  });

  for (const [action, pinned] of [['pin', true], ['unpin', false]] as const) {
    api.post(`/posts/:post_id/${action}`, async (ctx) => {
      await posts.setPinned(requireActor(ctx), idParam(ctx, 'post_id'), pinned);
      ok(ctx);
    });
  }

  api.get('/channels/:channel_id/posts', async (ctx) => {
    const actor = requireActor(ctx);
    const { page, perPage } = paging(ctx);
    const list = await posts.listForChannel(actor, idParam(ctx, 'channel_id'), {
      page,
      perPage,
      since: intQuery(ctx, 'since', 0),
      before: optionalPostId(ctx, 'before'),
      after: optionalPostId(ctx, 'after'),
    });
    ctx.body = toWirePostList(list);
  });

  api.get('/channels/:channel_id/pinned', async (ctx) => {
    ctx.body = toWirePostList(await posts.pinned(requireActor(ctx), idParam(ctx, 'channel_id')));
  });
}

function optionalPostId(ctx: ParleyContext, name: string): string {
  const value = stringQuery(ctx, name) ?? '';
  if (value !== '' && !isValidId(value)) throw AppError.invalidParam(name, 'must be a post id');
  return value;
}
