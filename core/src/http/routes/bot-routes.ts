// /bots: bot accounts people create, list, change, disable and hand over — Mattermost's routes and
// bodies; the permission rules live in the bot service (they depend on who owns the bot).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { boolQuery, idParam, paging, requireActor, type ParleyContext } from '../context.ts';
import { decodeBotPatch, toWireBot } from '../../wire/bot.ts';

export function botRoutes(api: ApiRouter, deps: RouteDeps): void {
  const bots = deps.services.bots;
  const botId = (ctx: ParleyContext) => idParam(ctx, 'bot_user_id');

  api.post('/bots', async (ctx) => {
    const actor = requireActor(ctx);
    const bot = await bots.create(actor, decodeBotPatch(ctx.state.body));
    ctx.status = 201;
    ctx.body = toWireBot(bot);
  });

  api.get('/bots', async (ctx) => {
    const actor = requireActor(ctx);
    const { offset, perPage } = paging(ctx);
    const list = await bots.list(actor, {
      includeDeleted: boolQuery(ctx, 'include_deleted'),
      onlyOrphaned: boolQuery(ctx, 'only_orphaned'),
      offset,
      limit: perPage,
    });
    ctx.body = list.map(toWireBot);
  });

  api.get('/bots/:bot_user_id', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = toWireBot(await bots.get(actor, botId(ctx), boolQuery(ctx, 'include_deleted')));
  });

  api.put('/bots/:bot_user_id', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = toWireBot(await bots.patch(actor, botId(ctx), decodeBotPatch(ctx.state.body)));
  });

  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    api.post(`/bots/:bot_user_id/${action}`, async (ctx) => {
      const actor = requireActor(ctx);
      ctx.body = toWireBot(await bots.setActive(actor, botId(ctx), active));
    });
  }

  api.post('/bots/:bot_user_id/assign/:user_id', async (ctx) => {
    const actor = requireActor(ctx);
    ctx.body = toWireBot(await bots.assign(actor, botId(ctx), idParam(ctx, 'user_id')));
  });
}
