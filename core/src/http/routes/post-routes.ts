// /posts and a channel's post lists: create, read, edit, delete, pin, threads, acknowledgements — Mattermost's
// routes, bodies and permission rules.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, jsonText, ok, paging, requireActor, stringArrayBody, stringQuery, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { hookContext } from '../hook-context.ts';
import { tracedSync } from '../../tracing/phases.ts';
import { clientPostJson, decodeNewPost, decodePostChanges, toClientPost, toWireEditHistory, toWirePostList } from '../../wire/post.ts';
import { toWireChannelUnreadAt } from '../../wire/channel.ts';
import { toWirePostInfo } from '../../wire/post-info.ts';
import { toWireAcknowledgement } from '../../wire/post-priority.ts';
import { decodeEphemeralPost } from '../../wire/ephemeral-post.ts';
import { userIdParam } from './user-routes.ts';

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

  // Shown to one user's clients (the ephemeral_message event), never stored.
  api.post('/posts/ephemeral', async (ctx) => {
    ctx.body = await deps.pluginRuntime.ephemeral.sendAs(requireActor(ctx), decodeEphemeralPost(ctx.state.body));
    ctx.status = 201;
  });

  api.get('/posts/:post_id', async (ctx) => {
    ctx.body = toClientPost(await posts.get(requireActor(ctx), idParam(ctx, 'post_id')));
  });

  // Where a post lives, for a permalink into a channel or team the caller has not joined yet.
  api.get('/posts/:post_id/info', async (ctx) => {
    ctx.body = toWirePostInfo(await deps.services.postInfo.get(requireActor(ctx), idParam(ctx, 'post_id')));
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
      before: optionalIdQuery(ctx, 'before'),
      after: optionalIdQuery(ctx, 'after'),
      collapsedThreads: boolQuery(ctx, 'collapsedThreads'),
    });
    ctx.body = toWirePostList(list);
  });

  api.get('/channels/:channel_id/pinned', async (ctx) => {
    ctx.body = toWirePostList(await posts.pinned(requireActor(ctx), idParam(ctx, 'channel_id')));
  });

  api.post('/posts/ids', async (ctx) => {
    const ids = stringArrayBody(ctx, 'post_ids', MAX_POST_IDS);
    if (ids.length === 0 || !ids.every(isValidId)) throw AppError.invalidParam('post_ids', 'expected a JSON array of post ids');
    ctx.body = (await posts.byIds(requireActor(ctx), ids)).map(toClientPost);
  });

  api.get('/posts/:post_id/edit_history', async (ctx) => {
    ctx.body = (await posts.editHistory(requireActor(ctx), idParam(ctx, 'post_id'))).map(({ view, edit }) => toWireEditHistory(view, edit));
  });

  api.post('/posts/:post_id/restore/:restore_version_id', async (ctx) => {
    const restored = await posts.restoreVersion(requireActor(ctx), idParam(ctx, 'post_id'), idParam(ctx, 'restore_version_id'), { ctx: hookContext(ctx) });
    ctx.body = toClientPost(restored);
  });

  api.get('/users/:user_id/posts/flagged', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    const scope = { teamId: optionalIdQuery(ctx, 'team_id'), channelId: optionalIdQuery(ctx, 'channel_id') };
    ctx.body = toWirePostList(await posts.flagged(actor, userIdParam(ctx), scope, { offset, limit: perPage }));
  });

  api.post('/users/:user_id/posts/:post_id/ack', async (ctx) => {
    const ack = await deps.services.acknowledgements.acknowledge(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'post_id'));
    ctx.body = toWireAcknowledgement(ack);
  });

  api.delete('/users/:user_id/posts/:post_id/ack', async (ctx) => {
    await deps.services.acknowledgements.unacknowledge(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'post_id'));
    ok(ctx);
  });

  // The body (`collapsed_threads_supported`) changes nothing here: a channel is marked unread alike.
  api.post('/users/:user_id/posts/:post_id/set_unread', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = toWireChannelUnreadAt(await deps.services.channelUnreads.markUnreadFrom(actor, userIdParam(ctx), idParam(ctx, 'post_id')));
  });

  api.get('/users/:user_id/channels/:channel_id/posts/unread', async (ctx) => {
    const actor = requireActor(ctx);
    const list = await deps.services.channelUnreads.aroundLastUnread(actor, userIdParam(ctx), idParam(ctx, 'channel_id'), {
      limitBefore: limitQuery(ctx, 'limit_before'),
      limitAfter: limitQuery(ctx, 'limit_after'),
      collapsedThreads: boolQuery(ctx, 'collapsedThreads'),
    });
    ctx.body = toWirePostList(list);
  });
}

/** Mattermost's cap on POST /posts/ids. */
const MAX_POST_IDS = 1000;
/** Mattermost's default and largest limit_before / limit_after. */
const UNREAD_LIMIT_DEFAULT = 60;
const UNREAD_LIMIT_MAX = 200;

/** limit_before / limit_after: 1 to 200 posts, 60 when absent. */
function limitQuery(ctx: ParleyContext, name: string): number {
  const value = intQuery(ctx, name, UNREAD_LIMIT_DEFAULT, UNREAD_LIMIT_MAX);
  if (value === 0) throw AppError.invalidParam(name, `must be 1 to ${UNREAD_LIMIT_MAX}`);
  return value;
}


/** An optional id query parameter (a cursor, a filter), '' when absent. */
export function optionalIdQuery(ctx: ParleyContext, name: string): string {
  const value = stringQuery(ctx, name) ?? '';
  if (value !== '' && !isValidId(value)) throw AppError.invalidParam(name, 'must be a 26-character id');
  return value;
}
