// User statuses: read one or many, and set your own (or, as an admin, anyone's) chosen status.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { requireActor } from '../context.ts';
import { userIdParam } from './user-routes.ts';
import { decodeChosenStatus, decodeStatusUserIds, toWireStatus } from '../../wire/status.ts';

export function statusRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { statuses } = services;

  api.post('/users/status/ids', async (ctx) => {
    requireActor(ctx);
    ctx.body = (await statuses.getMany(decodeStatusUserIds(ctx.state.body))).map(toWireStatus);
  });

  api.get('/users/:user_id/status', async (ctx) => {
    requireActor(ctx);
    ctx.body = toWireStatus(await statuses.get(userIdParam(ctx)));
  });

  api.put('/users/:user_id/status', async (ctx) => {
    const actor = requireActor(ctx);
    const userId = userIdParam(ctx);
    const chosen = decodeChosenStatus(ctx.state.body, userId);
    ctx.body = toWireStatus(await statuses.setChosen(actor, userId, chosen.status, chosen.dndEndTime));
  });
}
