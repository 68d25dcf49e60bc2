// Post reminders: Mattermost's POST /users/{user_id}/posts/{post_id}/reminder {target_time} (Unix seconds).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, ok, requireActor } from '../context.ts';
import { userIdParam } from './user-routes.ts';
import { AppError } from '../../errors/app-error.ts';

export function postReminderRoutes(api: ApiRouter, { services }: RouteDeps): void {
  api.post('/users/:user_id/posts/:post_id/reminder', async (ctx) => {
    const body = ctx.state.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw AppError.invalidParam('target_time', 'send {"target_time": <Unix seconds>}');
    await services.postReminders.set(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'post_id'), (body as { target_time?: unknown }).target_time);
    ok(ctx);
  });
}
