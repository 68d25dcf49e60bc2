// /users/{user_id}/teams/{team_id}/channels/categories: a user's sidebar categories in a team —
// listed, created, changed one or many at a time, reordered and deleted, as Mattermost's routes.
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, ok, requireActor, type ParleyContext } from '../context.ts';
import { AppError } from '../../errors/app-error.ts';
import { userIdParam } from './user-routes.ts';
import {
  decodeSidebarCategories,
  decodeSidebarCategory,
  decodeSidebarCategoryOrder,
  isValidCategoryId,
  toWireOrderedSidebarCategories,
  toWireSidebarCategory,
} from '../../wire/sidebar-category.ts';

const BASE = '/users/:user_id/teams/:team_id/channels/categories';

export function sidebarCategoryRoutes(api: ApiRouter, { services }: RouteDeps): void {
  const { sidebar } = services;

  api.get(BASE, async (ctx) => {
    ctx.body = toWireOrderedSidebarCategories(await sidebar.list(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id')));
  });

  api.post(BASE, async (ctx) => {
    const [actor, userId, teamId] = [requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id')];
    const category = await sidebar.create(actor, userId, teamId, decodeSidebarCategory(ctx.state.body, { userId, teamId }));
    ctx.body = toWireSidebarCategory(category);
  });

  api.put(BASE, async (ctx) => {
    const [actor, userId, teamId] = [requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id')];
    ctx.body = (await sidebar.updateMany(actor, userId, teamId, decodeSidebarCategories(ctx.state.body))).map(toWireSidebarCategory);
  });

  api.get(`${BASE}/order`, async (ctx) => {
    ctx.body = await sidebar.order(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'));
  });

  api.put(`${BASE}/order`, async (ctx) => {
    const [actor, userId, teamId] = [requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id')];
    ctx.body = await sidebar.updateOrder(actor, userId, teamId, decodeSidebarCategoryOrder(ctx.state.body));
  });

  api.get(`${BASE}/:category_id`, async (ctx) => {
    ctx.body = toWireSidebarCategory(await sidebar.get(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'), categoryIdParam(ctx)));
  });

  api.put(`${BASE}/:category_id`, async (ctx) => {
    const [actor, userId, teamId, categoryId] = [requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'), categoryIdParam(ctx)];
    const input = decodeSidebarCategory(ctx.state.body, { userId, teamId, categoryId });
    ctx.body = toWireSidebarCategory(await sidebar.update(actor, userId, teamId, input));
  });

  api.delete(`${BASE}/:category_id`, async (ctx) => {
    await sidebar.delete(requireActor(ctx), userIdParam(ctx), idParam(ctx, 'team_id'), categoryIdParam(ctx));
    ok(ctx);
  });
}

function categoryIdParam(ctx: ParleyContext): string {
  const value = ctx.params.category_id;
  if (!isValidCategoryId(value)) throw AppError.invalidParam('category_id', 'must be a category id');
  return value;
}
