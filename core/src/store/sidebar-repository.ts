// Sidebar categories and the channels placed in them (m0011-sidebar-categories.ts). A channel with no
// row in any of the user's categories of a team is shown, when read, in that team's Channels
// category (public and private channels of the team) or Direct Messages category (DMs and GMs).
import { TEXT_LIST, Repository } from './repository.ts';

export type SidebarCategoryType = 'favorites' | 'channels' | 'direct_messages' | 'custom';

export interface SidebarCategory {
  id: string;
  userId: string;
  teamId: string;
  sortOrder: number;
  /** '' (manual), 'manual', 'recent' or 'alpha'. */
  sorting: string;
  type: SidebarCategoryType;
  displayName: string;
  muted: boolean;
  collapsed: boolean;
}

export interface SidebarCategoryWithChannels extends SidebarCategory {
  channelIds: string[];
}

/** The distance between neighbours' sort orders (Mattermost's MinimalSidebarSortDistance). */
export const SORT_DISTANCE = 10;

interface CategoryRow {
  id: string;
  user_id: string;
  team_id: string;
  sort_order: string;
  sorting: string;
  type: SidebarCategoryType;
  display_name: string;
  muted: boolean;
  collapsed: boolean;
  fallen_in: string[];
  placed: string[];
}

/**
 * The categories with their channels: those placed by hand in sort order, after them (for the two
 * default categories that take them) the user's other channels by display name, archived ones left out.
 */
const CATEGORIES_WITH_CHANNELS = `
  select k.*,
    case when k.type in ('channels', 'direct_messages') then coalesce((
      select json_agg(ch.id order by ch.display_name, ch.id)
        from channel_members m join channels ch on ch.id = m.channel_id
       where m.user_id = k.user_id and ch.delete_at = 0
         and (case when k.type = 'channels' then ch.type in ('O', 'P') and ch.team_id = k.team_id else ch.type in ('D', 'G') end)
         and not exists (
           select 1 from sidebar_channels s join sidebar_categories o on o.id = s.category_id
            where s.channel_id = ch.id and s.user_id = k.user_id and o.team_id = k.team_id)), '[]'::json)
    else '[]'::json end as fallen_in,
    coalesce((select json_agg(s.channel_id order by s.sort_order, s.channel_id) from sidebar_channels s where s.category_id = k.id), '[]'::json) as placed
  from sidebar_categories k`;

/** The user is an active member of the category's team, which is not deleted (Mattermost shows no categories otherwise). */
const IN_TEAM = `exists (select 1 from team_members tm join teams t on t.id = tm.team_id
  where tm.team_id = k.team_id and tm.user_id = k.user_id and tm.delete_at = 0 and t.delete_at = 0)`;

export class SidebarRepository extends Repository {
  /** A user's categories in a team, in sidebar order; none when the user is not in the team. */
  async listForTeam(userId: string, teamId: string): Promise<SidebarCategoryWithChannels[]> {
    const rows = await this.sql<CategoryRow>(`${CATEGORIES_WITH_CHANNELS} where k.user_id = ? and k.team_id = ? and ${IN_TEAM} order by k.sort_order, k.id`, [userId, teamId]);
    return rows.map(toCategory);
  }

  async findById(categoryId: string): Promise<SidebarCategoryWithChannels | null> {
    const [row] = await this.sql<CategoryRow>(`${CATEGORIES_WITH_CHANNELS} where k.id = ?`, [categoryId]);
    return row ? toCategory(row) : null;
  }

  async order(userId: string, teamId: string): Promise<string[]> {
    const rows = await this.sql<{ id: string }>(`select id from sidebar_categories where user_id = ? and team_id = ? order by sort_order, id`, [userId, teamId]);
    return rows.map((r) => r.id);
  }

  /**
   * Gives an active member of a team the three default categories there, once, with Mattermost's
   * ids; the Favorites category starts with the channels their favorite_channel preferences name.
   */
  async createDefaults(userId: string, teamId: string): Promise<void> {
    const id = (type: SidebarCategoryType) => `${type}_${userId}_${teamId}`;
    await this.sql(
      `with created as (
         insert into sidebar_categories (id, user_id, team_id, sort_order, sorting, type, display_name, muted, collapsed)
         select d.id, ?, ?, d.sort_order, d.sorting, d.type, d.display_name, false, false
           from (values (?, 0, '', 'favorites', 'Favorites'), (?, ${SORT_DISTANCE}, '', 'channels', 'Channels'),
                        (?, ${2 * SORT_DISTANCE}, 'recent', 'direct_messages', 'Direct Messages')) as d(id, sort_order, sorting, type, display_name)
          where exists (select 1 from team_members where team_id = ? and user_id = ? and delete_at = 0)
         on conflict do nothing returning id, type)
       insert into sidebar_channels (channel_id, user_id, category_id, sort_order)
       select ch.id, m.user_id, c.id, (row_number() over (order by ch.display_name, ch.name) - 1) * ${SORT_DISTANCE}
         from created c
         join preferences p on p.user_id = ? and p.category = 'favorite_channel' and p.value = 'true'
         join channels ch on ch.id = p.name and (ch.team_id = ? or ch.team_id = '')
         join channel_members m on m.channel_id = ch.id and m.user_id = p.user_id
        where c.type = 'favorites'
       on conflict do nothing`,
      [userId, teamId, id('favorites'), id('channels'), id('direct_messages'), teamId, userId, userId, teamId],
    );
  }

  async insertCategory(category: SidebarCategory): Promise<void> {
    await this.sql(
      `insert into sidebar_categories (id, user_id, team_id, sort_order, sorting, type, display_name, muted, collapsed) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [category.id, category.userId, category.teamId, category.sortOrder, category.sorting, category.type, category.displayName, category.muted, category.collapsed],
    );
  }

  /** Sets the changeable fields of a category. */
  async updateCategory(category: SidebarCategory): Promise<void> {
    await this.sql(`update sidebar_categories set display_name = ?, sorting = ?, muted = ?, collapsed = ? where id = ?`, [
      category.displayName,
      category.sorting,
      category.muted,
      category.collapsed,
      category.id,
    ]);
  }

  /** Numbers the categories in the order given (ids of one user and team). */
  async setOrder(categoryIds: readonly string[]): Promise<void> {
    await this.sql(
      `update sidebar_categories k set sort_order = (o.ord - 1) * ${SORT_DISTANCE}
         from jsonb_array_elements_text(cast(? as jsonb)) with ordinality as o(id, ord) where k.id = o.id`,
      [JSON.stringify(categoryIds)],
    );
  }

  /** Takes the channels out of whichever of the user's categories of the team holds them. */
  async unplace(userId: string, teamId: string, channelIds: readonly string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await this.sql(
      `delete from sidebar_channels s using sidebar_categories k
        where k.id = s.category_id and s.user_id = ? and k.team_id = ? and s.channel_id = any(${TEXT_LIST})`,
      [userId, teamId, JSON.stringify(channelIds)],
    );
  }

  /** Takes a channel out of every category of every user (a group message that became a team's channel). */
  async unplaceEverywhere(channelId: string): Promise<void> {
    await this.sql(`delete from sidebar_channels where channel_id = ?`, [channelId]);
  }

  /** Empties the categories of their placed channels. */
  async clearCategories(categoryIds: readonly string[]): Promise<void> {
    await this.sql(`delete from sidebar_channels where category_id = any(${TEXT_LIST})`, [JSON.stringify(categoryIds)]);
  }

  /** Places the channels in the category, in the order given. */
  async place(userId: string, categoryId: string, channelIds: readonly string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await this.sql(
      `insert into sidebar_channels (channel_id, user_id, category_id, sort_order)
       select c.id, ?, ?, (c.ord - 1) * ${SORT_DISTANCE} from jsonb_array_elements_text(cast(? as jsonb)) with ordinality as c(id, ord)
       on conflict (channel_id, user_id, category_id) do update set sort_order = excluded.sort_order`,
      [userId, categoryId, JSON.stringify(channelIds)],
    );
  }

  /** Deletes a category and its placed channels, which fall back into the default categories. */
  async deleteCategory(categoryId: string): Promise<void> {
    await this.sql(`with emptied as (delete from sidebar_channels where category_id = ?) delete from sidebar_categories where id = ?`, [categoryId, categoryId]);
  }

  /**
   * A channel of the user's favorited through the favorite_channel preference: first in the
   * Favorites category of its team (of every team for a DM or GM), out of their other categories there.
   */
  async favorite(userId: string, channelId: string): Promise<void> {
    await this.sql(
      `with channel as (select c.id, c.team_id from channels c join channel_members m on m.channel_id = c.id and m.user_id = ? where c.id = ?),
       favorites as (
         select k.id, k.team_id from sidebar_categories k, channel c
          where k.user_id = ? and k.type = 'favorites' and (c.team_id = '' or k.team_id = c.team_id)),
       moved as (
         delete from sidebar_channels s using sidebar_categories k, favorites f
          where k.id = s.category_id and s.user_id = ? and s.channel_id = ? and k.team_id = f.team_id and k.type <> 'favorites')
       insert into sidebar_channels (channel_id, user_id, category_id, sort_order)
       select ?, ?, f.id, coalesce((select min(s.sort_order) from sidebar_channels s where s.category_id = f.id), ${SORT_DISTANCE}) - ${SORT_DISTANCE}
         from favorites f
       on conflict do nothing`,
      [userId, channelId, userId, userId, channelId, channelId, userId],
    );
  }

  /** A channel no longer a favorite: out of the user's Favorites categories, back into the defaults. */
  async unfavorite(userId: string, channelIds: readonly string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await this.sql(
      `delete from sidebar_channels s using sidebar_categories k
        where k.id = s.category_id and k.type = 'favorites' and s.user_id = ? and s.channel_id = any(${TEXT_LIST})`,
      [userId, JSON.stringify(channelIds)],
    );
  }

  /** A user left a team: their categories there go (Mattermost's ClearSidebarOnTeamLeave). */
  async clearTeam(userId: string, teamId: string): Promise<void> {
    await this.sql(
      `with emptied as (delete from sidebar_channels s using sidebar_categories k where k.id = s.category_id and k.user_id = ? and k.team_id = ?)
       delete from sidebar_categories where user_id = ? and team_id = ?`,
      [userId, teamId, userId, teamId],
    );
  }
}

function toCategory(row: CategoryRow): SidebarCategoryWithChannels {
  return {
    id: row.id,
    userId: row.user_id,
    teamId: row.team_id,
    sortOrder: Number(row.sort_order),
    sorting: row.sorting,
    type: row.type,
    displayName: row.display_name,
    muted: row.muted,
    collapsed: row.collapsed,
    channelIds: [...row.fallen_in, ...row.placed],
  };
}
