// User statuses: read one or many, and set your own (or, as an admin, anyone's) chosen status.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { objectBody, requireActor, stringArrayBody } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { isValidId } from '../../app/ids.ts';
import { userIdParam } from './user-routes.ts';
import { toWireStatus } from '../../wire/status.ts';

export function statusRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services } = deps;

  api.post('/users/status/ids', async (ctx) => {
    requireActor(ctx);
    const ids = stringArrayBody(ctx, 'user_ids');
    if (ids.length === 0 || !ids.every(isValidId)) throw AppError.invalidParam('user_ids', 'expected a non-empty list of user ids');
    ctx.body = (await services.statuses.getMany(ids)).map(toWireStatus);
  });

  api.get('/users/:user_id/status', async (ctx) => {
    requireActor(ctx);
    ctx.body = toWireStatus(await services.statuses.get(userIdParam(ctx)));
  });

  api.put('/users/:user_id/status', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    const body = objectBody(ctx, 'status');
    if (body.user_id !== userId) throw AppError.invalidParam('user_id', 'must match the user in the URL');
    services.permissions.requireSelfOrSystem(actor, userId);
    if (userId !== actor.userId) await services.users.get(userId);
    ctx.body = toWireStatus(await services.statuses.setChosen(userId, body.status));
  });
}
