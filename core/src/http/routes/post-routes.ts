// /posts and a channel's post lists: create, read, edit, delete, pin, threads — Mattermost's
// routes, bodies and permission rules.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, objectBody, ok, paging, requireSession, stringQuery, type ParleyContext } from '../context.ts';
import { AppError } from '../../app/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { toClientPost, toWirePostList } from '../../app/post-service.ts';
import { hookContext } from '../hook-context.ts';

export function postRoutes(api: ApiRouter, deps: RouteDeps): void {
  const posts = deps.services.posts;

  api.post('/posts', async (ctx) => {
    const session = requireSession(ctx);
    const setOnline = boolQuery(ctx, 'set_online', true);
    const view = await posts.create(session, objectBody(ctx, 'post'), { ctx: hookContext(ctx), setOnline });
    if (setOnline) await deps.services.statuses.recordActivity(session.userId);
    ctx.status = 201;
    ctx.body = toClientPost(view);
  });

  api.get('/posts/:post_id', async (ctx) => {
    ctx.body = toClientPost(await posts.get(requireSession(ctx), idParam(ctx, 'post_id')));
  });

  for (const [path, patch] of [['/posts/:post_id', false], ['/posts/:post_id/patch', true]] as const) {
    api.put(path, async (ctx) => {
      const session = requireSession(ctx);
      const view = await posts.update(session, idParam(ctx, 'post_id'), objectBody(ctx, 'post'), { patch, ctx: hookContext(ctx) });
      ctx.body = toClientPost(view);
    });
  }

  api.delete('/posts/:post_id', async (ctx) => {
    await posts.delete(requireSession(ctx), idParam(ctx, 'post_id'), hookContext(ctx));
    ok(ctx);
  });

  api.get('/posts/:post_id/thread', async (ctx) => {
    ctx.body = toWirePostList(await posts.thread(requireSession(ctx), idParam(ctx, 'post_id')));
  });

  for (const [action, pinned] of [['pin', true], ['unpin', false]] as const) {
    api.post(`/posts/:post_id/${action}`, async (ctx) => {
      await posts.setPinned(requireSession(ctx), idParam(ctx, 'post_id'), pinned);
      ok(ctx);
    });
  }

  api.get('/channels/:channel_id/posts', async (ctx) => {
    const session = requireSession(ctx);
    const { page, perPage } = paging(ctx);
    const list = await posts.listForChannel(session, idParam(ctx, 'channel_id'), {
      page,
      perPage,
      since: intQuery(ctx, 'since', 0),
      before: optionalPostId(ctx, 'before'),
      after: optionalPostId(ctx, 'after'),
    });
    ctx.body = toWirePostList(list);
  });

  api.get('/channels/:channel_id/pinned', async (ctx) => {
    ctx.body = toWirePostList(await posts.pinned(requireSession(ctx), idParam(ctx, 'channel_id')));
  });
}

function optionalPostId(ctx: ParleyContext, name: string): string {
  const value = stringQuery(ctx, name) ?? '';
  if (value !== '' && !isValidId(value)) throw AppError.invalidParam(name, 'must be a post id');
  return value;
}
