// User statuses: read one or many, and set your own (or, as an admin, anyone's) chosen status.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { objectBody, requireSession, stringArrayBody } from '../context.ts';
import { AppError } from '../../app/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { toWireStatus } from '../../app/status-service.ts';
import { userIdParam } from './user-routes.ts';

export function statusRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;

  api.post('/users/status/ids', async (ctx) => {
    requireSession(ctx);
    const ids = stringArrayBody(ctx, 'user_ids');
    if (ids.length === 0 || !ids.every(isValidId)) throw AppError.invalidParam('user_ids', 'expected a non-empty list of user ids');
    ctx.body = (await services.statuses.getMany(ids)).map(toWireStatus);
  });

  api.get('/users/:user_id/status', async (ctx) => {
    requireSession(ctx);
    ctx.body = toWireStatus(await services.statuses.get(userIdParam(ctx)));
  });

  api.put('/users/:user_id/status', async (ctx) => {
    const session = requireSession(ctx);
    const userId = userIdParam(ctx);
    const body = objectBody(ctx, 'status');
    if (body.user_id !== userId) throw AppError.invalidParam('user_id', 'must match the user in the URL');
    services.permissions.requireSelfOrSystem(session, userId);
    if (userId !== session.userId) await services.users.get(userId);
    ctx.body = toWireStatus(await services.statuses.setChosen(userId, body.status));
  });
}
