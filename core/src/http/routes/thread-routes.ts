// /users/{user_id}/teams/{team_id}/threads: collapsed reply threads a user follows — list, totals,
// one thread, follow and unfollow, read state — Mattermost's routes and query parameters.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, intQuery, ok, paging, requireActor, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { userIdParam } from './user-routes.ts';
import { optionalIdQuery } from './post-routes.ts';
import { toWireThread, toWireThreadList } from '../../wire/thread.ts';

const THREADS = '/users/:user_id/teams/:team_id/threads';

export function threadRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { threads } = services;

  api.get(THREADS, async (ctx) => {
    const list = await threads.list(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'), {
      since: intQuery(ctx, 'since', 0),
      deleted: boolQuery(ctx, 'deleted'),
      extended: boolQuery(ctx, 'extended'),
      unread: boolQuery(ctx, 'unread'),
      before: optionalIdQuery(ctx, 'before'),
      after: optionalIdQuery(ctx, 'after'),
      perPage: paging(ctx).perPage,
      totalsOnly: boolQuery(ctx, 'totalsOnly'),
      threadsOnly: boolQuery(ctx, 'threadsOnly'),
    });
    ctx.body = toWireThreadList(list);
  });

  // Before `${THREADS}/:thread_id`, which would take these names for thread ids.
  api.get(`${THREADS}/mention_counts`, async (ctx) => {
    ctx.body = await threads.mentionCounts(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'));
  });

  api.put(`${THREADS}/read`, async (ctx) => {
    await threads.markAllRead(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'));
    ok(ctx);
  });

  api.get(`${THREADS}/:thread_id`, async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    idParam(ctx, 'team_id');
    ctx.body = toWireThread(await threads.get(actor, userId, idParam(ctx, 'thread_id'), boolQuery(ctx, 'extended')));
  });

  for (const [method, following] of [['put', true], ['delete', false]] as const) {
    api[method](`${THREADS}/:thread_id/following`, async (ctx) => {
      await threads.setFollowing(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'), idParam(ctx, 'thread_id'), following);
      ok(ctx);
    });
  }

  api.put(`${THREADS}/:thread_id/read/:timestamp`, async (ctx) => {
    const actor = requireActor(ctx);
    const thread = await threads.markRead(actor, userIdParam(ctx), idParam(ctx, 'team_id'), idParam(ctx, 'thread_id'), timestampParam(ctx));
    ctx.body = toWireThread(thread);
  });

  api.post(`${THREADS}/:thread_id/set_unread/:post_id`, async (ctx) => {
    const actor = requireActor(ctx);
    const thread = await threads.markUnreadFrom(actor, userIdParam(ctx), idParam(ctx, 'team_id'), idParam(ctx, 'thread_id'), idParam(ctx, 'post_id'));
    ctx.body = toWireThread(thread);
  });
}

/** The `timestamp` path parameter: epoch milliseconds (Mattermost's RequireTimestamp). */
function timestampParam(ctx: ParleyContext): number {
  const raw = ctx.params.timestamp;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value === 0) {
    throw new AppError('api.context.invalid_url_param.app_error', 400, 'Invalid or missing timestamp in request URL: it must be a time in epoch milliseconds.', { details: 'parameter=timestamp' });
  }
  return value;
}
