// The playbooks in the plugin's own schema (store/migrations): a row per playbook with its settings
// and checklists as JSON, a row per member and per metric. The only module that writes SQL.
import type { PluginAPI } from '@parley/plugin-api';
import { settingsFrom, settingsOf, type MetricConfig, type Playbook, type PlaybookMember } from '../playbooks/playbook.ts';
import type { PlaybookPatch } from '../playbooks/playbook-patch.ts';

type Query = PluginAPI['store']['query'];

/** The list's sort keys, as the API names them, and the column each sorts by. */
export const SORT_COLUMNS = { title: 'p.title', stages: 'p.num_stages', steps: 'p.num_steps', runs: 'p.num_runs', last_run_at: 'p.last_run_at' } as const;
export type PlaybookSort = keyof typeof SORT_COLUMNS;

export interface PlaybookFilter {
  /** The teams to list from. */
  teamIds: string[];
  /** Whose membership makes a restricted playbook visible; null: every playbook (system admins). */
  memberId: string | null;
  searchTerm: string;
  withArchived: boolean;
  sort: PlaybookSort;
  direction: 'asc' | 'desc';
  page: number;
  perPage: number;
}

/**
 * Playbooks with their members and metrics. A list leaves the checklists out, as Mattermost's does
 * (num_stages and num_steps count them): a page of a thousand big playbooks stays well within a
 * statement's answer.
 */
const selectPlaybooks = (withChecklists: boolean) => `select p.id, p.team_id, p.title, p.public, p.create_at, p.update_at, p.delete_at,
  p.num_stages, p.num_steps, p.num_runs, p.last_run_at, p.settings, ${withChecklists ? 'p.checklists' : `'[]'::jsonb as checklists`},
  coalesce((select jsonb_agg(jsonb_build_object('user_id', m.user_id, 'roles', m.roles) order by m.position) from playbook_members m where m.playbook_id = p.id), '[]') as members,
  coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'title', x.title, 'description', x.description, 'type', x.type, 'target', x.target) order by x.position) from playbook_metrics x where x.playbook_id = p.id), '[]') as metrics
  from playbooks p`;

export class PlaybookStore {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  async get(id: string): Promise<Playbook | null> {
    const { rows } = await this.#api.store.query(`${selectPlaybooks(true)} where p.id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async create(playbook: Playbook): Promise<void> {
    await this.#api.store.transaction(async (tx) => {
      await tx.query(
        `insert into playbooks (id, team_id, title, public, create_at, update_at, delete_at, num_stages, num_steps, num_runs, last_run_at, settings, checklists)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [playbook.id, playbook.team_id, playbook.title, playbook.public, playbook.create_at, playbook.update_at, playbook.delete_at, playbook.num_stages, playbook.num_steps, playbook.num_runs, playbook.last_run_at, settingsOf(playbook), playbook.checklists],
      );
      await insertParts(tx.query, playbook);
    });
  }

  /**
   * Replaces a playbook's editable parts whole (Mattermost's PUT), unless it is archived, which an
   * archive landing between the caller's read and this write may have done: false then.
   */
  async update(playbook: Playbook): Promise<boolean> {
    return this.#api.store.transaction(async (tx) => {
      const updated = await tx.query(
        `update playbooks set team_id = $2, title = $3, public = $4, update_at = $5, num_stages = $6, num_steps = $7, settings = $8, checklists = $9 where id = $1 and delete_at = 0`,
        [playbook.id, playbook.team_id, playbook.title, playbook.public, playbook.update_at, playbook.num_stages, playbook.num_steps, settingsOf(playbook), playbook.checklists],
      );
      if (updated.row_count === 0) return false;
      await tx.query('delete from playbook_members where playbook_id = $1', [playbook.id]);
      await tx.query('delete from playbook_metrics where playbook_id = $1', [playbook.id]);
      await insertParts(tx.query, playbook);
      return true;
    });
  }

  /** Sets some of a playbook's settings (PATCH), unless it is archived: false then. */
  async patchSettings(id: string, settings: PlaybookPatch, now: number): Promise<boolean> {
    const { row_count } = await this.#api.store.query('update playbooks set settings = settings || $2::jsonb, update_at = $3 where id = $1 and delete_at = 0', [id, settings, now]);
    return row_count > 0;
  }

  /** Whether another playbook of the team, not archived, uses the run number prefix, in any case. */
  async runNumberPrefixTaken(teamId: string, prefix: string, exceptId: string): Promise<boolean> {
    const { rows } = await this.#api.store.query(
      `select 1 from playbooks where team_id = $1 and delete_at = 0 and id <> $3 and lower(settings->>'run_number_prefix') = lower($2) limit 1`,
      [teamId, prefix, exceptId],
    );
    return rows.length > 0;
  }

  /** Archives a playbook; one archived already keeps the time it was archived. */
  async archive(id: string, now: number): Promise<void> {
    await this.#api.store.query('update playbooks set delete_at = $2, update_at = $2 where id = $1 and delete_at = 0', [id, now]);
  }

  async restore(id: string, now: number): Promise<void> {
    await this.#api.store.query('update playbooks set delete_at = 0, update_at = $2 where id = $1 and delete_at <> 0', [id, now]);
  }

  /** The playbooks not archived whose keyword trigger is on (signal_any_keywords_enabled, with keywords). */
  async withKeywordTriggers(): Promise<Playbook[]> {
    const { rows } = await this.#api.store.query(
      `${selectPlaybooks(false)} where p.delete_at = 0 and p.settings->>'signal_any_keywords_enabled' = 'true' and jsonb_array_length(coalesce(p.settings->'signal_any_keywords', '[]')) > 0`,
    );
    return rows.map(fromRow);
  }

  /** The teams that hold at least one playbook. */
  async teamIds(): Promise<string[]> {
    const { rows } = await this.#api.store.query('select distinct team_id from playbooks');
    return rows.map((row) => String(row.team_id));
  }

  async list(filter: PlaybookFilter): Promise<{ total: number; items: Playbook[] }> {
    const where = `p.team_id in (select jsonb_array_elements_text($1::jsonb))
      and ($2::text is null or p.public or exists (select 1 from playbook_members m where m.playbook_id = p.id and m.user_id = $2::text))
      and ($3::text = '' or lower(p.title) like '%' || $3::text || '%')
      and ($4::boolean or p.delete_at = 0)`;
    const params = [filter.teamIds, filter.memberId, escapeLike(filter.searchTerm.toLowerCase()), filter.withArchived];
    const total = await this.#api.store.query(`select count(*)::int as total from playbooks p where ${where}`, params);
    const order = `${SORT_COLUMNS[filter.sort]} ${filter.direction === 'desc' ? 'desc' : 'asc'}, p.id asc`;
    const { rows } = await this.#api.store.query(`${selectPlaybooks(false)} where ${where} order by ${order} limit $5 offset $6`, [...params, filter.perPage, filter.page * filter.perPage]);
    return { total: Number(total.rows[0]?.total ?? 0), items: rows.map(fromRow) };
  }
}

async function insertParts(query: (sql: string, params?: unknown[]) => ReturnType<Query>, playbook: Playbook): Promise<void> {
  if (playbook.members.length > 0) {
    await query(
      `insert into playbook_members (playbook_id, user_id, roles, position)
       select $1, m.value->>'user_id', m.value->'roles', m.ordinality from jsonb_array_elements($2::jsonb) with ordinality m`,
      [playbook.id, playbook.members],
    );
  }
  if (playbook.metrics.length > 0) {
    await query(
      `insert into playbook_metrics (id, playbook_id, position, title, description, type, target)
       select x.value->>'id', $1, x.ordinality, x.value->>'title', x.value->>'description', x.value->>'type', (x.value->>'target')::bigint
       from jsonb_array_elements($2::jsonb) with ordinality x`,
      [playbook.id, playbook.metrics],
    );
  }
}

/** A search term matches literally: LIKE's wildcards in it are escaped. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, '\\$&');
}

function fromRow(row: Record<string, unknown>): Playbook {
  return {
    ...settingsFrom(row.settings as Record<string, unknown>),
    id: String(row.id),
    team_id: String(row.team_id),
    title: String(row.title),
    public: row.public === true,
    create_at: Number(row.create_at),
    update_at: Number(row.update_at),
    delete_at: Number(row.delete_at),
    num_stages: Number(row.num_stages),
    num_steps: Number(row.num_steps),
    num_runs: Number(row.num_runs),
    last_run_at: Number(row.last_run_at),
    checklists: row.checklists as Playbook['checklists'],
    members: row.members as PlaybookMember[],
    metrics: (row.metrics as MetricConfig[]).map((metric) => ({ ...metric, target: metric.target === null ? null : Number(metric.target) })),
  };
}
