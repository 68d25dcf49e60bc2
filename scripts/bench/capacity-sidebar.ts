// The load model's sidebar categories (load-test-ng's createSidebarCategory, updateSidebarCategory):
// the web app lists a user's categories when it loads the team and again after each change, and
// the model keeps the last list in the user's store (SimUser.categories) to change it from.
import { word } from './capacity-text.ts';
import type { SidebarCategory, SimContext, SimUser } from './capacity-user.ts';

function categoriesPath(ctx: SimContext, user: SimUser): string {
  return `/users/${user.data.id}/teams/${ctx.org.teams[user.data.team].id}/channels/categories`;
}

/** GET .../channels/categories into the user's store (the server creates the defaults on a first read). */
export async function loadCategories(ctx: SimContext, user: SimUser): Promise<void> {
  const reply = await user.request(ctx, 'GET /users/{id}/teams/{id}/channels/categories', categoriesPath(ctx, user), undefined, true);
  if (reply.body) user.categories = (JSON.parse(reply.body) as { categories: SidebarCategory[] }).categories;
}

export async function createSidebarCategory(ctx: SimContext, user: SimUser): Promise<void> {
  const team = ctx.org.teams[user.data.team].id;
  const created = await user.request(ctx, 'POST /users/{id}/teams/{id}/channels/categories', categoriesPath(ctx, user), {
    user_id: user.data.id,
    team_id: team,
    display_name: `category${word(user.rng)}`,
  });
  if (created.status === 200) await loadCategories(ctx, user);
}

/** Moves a channel of one category (that has more than one) to the end of another, both sent whole. */
export async function updateSidebarCategory(ctx: SimContext, user: SimUser): Promise<void> {
  const from = user.rng.pick(user.categories);
  const to = user.rng.pick(user.categories);
  if (!from || !to || from === to || from.channel_ids.length <= 1) return;
  const moved = user.rng.pick(from.channel_ids);
  const changed = [
    { ...from, channel_ids: from.channel_ids.filter((id) => id !== moved) },
    { ...to, channel_ids: [...to.channel_ids, moved] },
  ];
  const reply = await user.request(ctx, 'PUT /users/{id}/teams/{id}/channels/categories', categoriesPath(ctx, user), changed);
  if (reply.status === 200) await loadCategories(ctx, user);
}
