// Runs, their participants and their timelines in the plugin's own schema (store/migrations/0002):
// the only module that writes SQL for runs.
import type { PluginAPI } from '@parley/plugin-api';
import { escapeLike } from './playbook-store.ts';
import { SETTING_NAMES, type Run, type RunSettings, type TimelineEvent } from '../runs/run.ts';

type Query = (sql: string, params?: unknown[]) => ReturnType<PluginAPI['store']['query']>;

/** The list's sort keys, as the API names them, and the column each sorts by. */
export const RUN_SORT_COLUMNS = { create_at: 'r.create_at', id: 'r.id', name: 'r.name', owner_user_id: 'r.owner_user_id', team_id: 'r.team_id', end_at: 'r.end_at', status: 'r.current_status', last_status_update_at: 'r.last_status_update_at' } as const;
export type RunSort = keyof typeof RUN_SORT_COLUMNS;

export interface RunFilter {
  teamIds: string[];
  /** Whose participation or playbook membership makes a run visible; null: every run (system admins). */
  viewerId: string | null;
  ownerId: string;
  participantId: string;
  /** Runs the user takes part in or follows (Mattermost's participant_or_follower_id). */
  participantOrFollowerId: string;
  playbookId: string;
  statuses: string[];
  since: number;
  searchTerm: string;
  sort: RunSort;
  direction: 'asc' | 'desc';
  page: number;
  perPage: number;
}

const SELECT_RUNS = `select r.*,
  coalesce((select jsonb_agg(p.user_id order by p.position) from run_participants p where p.run_id = r.id), '[]') as participant_ids
  from runs r`;

/**
 * The runs of the teams $1 (a JSON list) that the user $2 may see (null: all of them): as owner or
 * participant, or through the playbook (public, or the user a member).
 */
const VISIBLE_RUNS = `r.team_id in (select jsonb_array_elements_text($1::jsonb))
      and ($2::text is null or r.owner_user_id = $2::text
        or exists (select 1 from run_participants p where p.run_id = r.id and p.user_id = $2::text)
        or exists (select 1 from playbooks b where b.id = r.playbook_id and (b.public or exists (select 1 from playbook_members m where m.playbook_id = b.id and m.user_id = $2::text))))`;

export class RunStore {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  async get(id: string): Promise<Run | null> {
    const { rows } = await this.#api.store.query(`${SELECT_RUNS} where r.id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The newest run in a channel. */
  async getByChannel(channelId: string): Promise<Run | null> {
    const { rows } = await this.#api.store.query(`${SELECT_RUNS} where r.channel_id = $1 order by r.create_at desc limit 1`, [channelId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Stores a new run with its first timeline event, and counts it on its playbook, in one transaction. */
  async create(run: Run, event: TimelineEvent): Promise<void> {
    await this.#api.store.transaction(async (tx) => {
      await tx.query(
        `insert into runs (id, name, summary, summary_modified_at, owner_user_id, reporter_user_id, team_id, channel_id, post_id, playbook_id,
           create_at, update_at, end_at, current_status, last_status_update_at, previous_reminder, settings, checklists, status_posts, metrics_data)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
        [run.id, run.name, run.summary, run.summary_modified_at, run.owner_user_id, run.reporter_user_id, run.team_id, run.channel_id, run.post_id, run.playbook_id,
          run.create_at, run.update_at, run.end_at, run.current_status, run.last_status_update_at, run.previous_reminder, settingsOf(run), run.checklists, run.status_posts, run.metrics_data],
      );
      await insertParticipants(tx.query, run.id, run.participant_ids);
      await insertEvent(tx.query, event);
      await tx.query('update playbooks set num_runs = num_runs + 1, last_run_at = greatest(last_run_at, $2) where id = $1', [run.playbook_id, run.create_at]);
    });
  }

  /**
   * Writes a run's changed row, participants and new timeline events, only while its update_at is
   * still `expectedUpdateAt`: a concurrent edit that landed first makes this false, and the caller
   * reads the run again and retries, so neither edit is lost.
   */
  async update(run: Run, expectedUpdateAt: number, events: TimelineEvent[]): Promise<boolean> {
    return this.#api.store.transaction(async (tx) => {
      const updated = await tx.query(
        `update runs set name = $3, summary = $4, summary_modified_at = $5, owner_user_id = $6, update_at = $7, end_at = $8, current_status = $9,
           last_status_update_at = $10, previous_reminder = $11, settings = $12, checklists = $13, status_posts = $14, post_id = $15,
           retrospective = $16, retrospective_published_at = $17, retrospective_was_canceled = $18, metrics_data = $19
         where id = $1 and update_at = $2`,
        [run.id, expectedUpdateAt, run.name, run.summary, run.summary_modified_at, run.owner_user_id, run.update_at, run.end_at, run.current_status,
          run.last_status_update_at, run.previous_reminder, settingsOf(run), run.checklists, run.status_posts, run.post_id,
          run.retrospective, run.retrospective_published_at, run.retrospective_was_canceled, run.metrics_data],
      );
      if (updated.row_count === 0) return false;
      await tx.query('delete from run_participants where run_id = $1', [run.id]);
      await insertParticipants(tx.query, run.id, run.participant_ids);
      for (const event of events) await insertEvent(tx.query, event);
      return true;
    });
  }

  /** Sets (0: clears) when the run's owner is next reminded to post a status update. */
  async setReminder(runId: string, dueAt: number): Promise<void> {
    await this.#api.store.query('update runs set reminder_due_at = $2 where id = $1', [runId, dueAt]);
  }

  /**
   * Takes the reminders due by `now` of runs in progress, clearing them in the same statement, so
   * that two sweeps (two nodes, a late occurrence) never send one twice.
   */
  async takeDueReminders(now: number): Promise<Array<Pick<Run, 'id' | 'name' | 'channel_id' | 'owner_user_id'>>> {
    const { rows } = await this.#api.store.query(
      `update runs set reminder_due_at = 0 where reminder_due_at > 0 and reminder_due_at <= $1 and current_status = 'InProgress'
       returning id, name, channel_id, owner_user_id`,
      [now],
    );
    return rows.map((row) => ({ id: String(row.id), name: String(row.name), channel_id: String(row.channel_id), owner_user_id: String(row.owner_user_id) }));
  }

  /** Sets (0: clears) when a finished run's channel is next reminded to fill out the retrospective. */
  async setRetrospectiveReminder(runId: string, dueAt: number): Promise<void> {
    await this.#api.store.query('update runs set retrospective_reminder_due_at = $2 where id = $1', [runId, dueAt]);
  }

  /**
   * Takes the retrospective reminders due by `now` of finished runs whose retrospective is neither
   * published nor canceled, moving each to its next time (`interval` later, or none) in the same
   * statement: a reminder is sent once however many sweeps run.
   */
  async takeDueRetrospectiveReminders(now: number): Promise<Array<Pick<Run, 'id' | 'name' | 'channel_id'> & { next_due_at: number }>> {
    const { rows } = await this.#api.store.query(
      `update runs set retrospective_reminder_due_at = case when (settings->>'retrospective_reminder_interval_seconds')::bigint > 0
           then $1::bigint + (settings->>'retrospective_reminder_interval_seconds')::bigint * 1000 else 0 end
       where retrospective_reminder_due_at > 0 and retrospective_reminder_due_at <= $1 and current_status = 'Finished' and retrospective_published_at = 0
       returning id, name, channel_id, retrospective_reminder_due_at`,
      [now],
    );
    return rows.map((row) => ({ id: String(row.id), name: String(row.name), channel_id: String(row.channel_id), next_due_at: Number(row.retrospective_reminder_due_at) }));
  }

  /** Runs in progress the user owns or takes part in, newest first (for `/playbook todo`). */
  async activeRunsOf(userId: string): Promise<Run[]> {
    const { rows } = await this.#api.store.query(
      `${SELECT_RUNS} where r.current_status = 'InProgress'
         and (r.owner_user_id = $1 or exists (select 1 from run_participants p where p.run_id = r.id and p.user_id = $1))
       order by r.create_at desc limit 100`,
      [userId],
    );
    return rows.map(fromRow);
  }

  /** Every run in a channel, newest first. */
  async listByChannel(channelId: string): Promise<Run[]> {
    const { rows } = await this.#api.store.query(`${SELECT_RUNS} where r.channel_id = $1 order by r.create_at desc`, [channelId]);
    return rows.map(fromRow);
  }

  /** The teams that hold at least one run. */
  async teamIds(): Promise<string[]> {
    const { rows } = await this.#api.store.query('select distinct team_id from runs');
    return rows.map((row) => String(row.team_id));
  }

  async timeline(runId: string): Promise<TimelineEvent[]> {
    const { rows } = await this.#api.store.query('select * from timeline_events where playbook_run_id = $1 and delete_at = 0 order by event_at, create_at, id', [runId]);
    return rows.map((row) => ({ ...(row as unknown as TimelineEvent), create_at: Number(row.create_at), event_at: Number(row.event_at), delete_at: Number(row.delete_at) }));
  }

  /** Marks an event deleted; false when the run has no such live event. */
  async deleteEvent(runId: string, eventId: string, now: number): Promise<boolean> {
    const { row_count } = await this.#api.store.query('update timeline_events set delete_at = $3 where id = $2 and playbook_run_id = $1 and delete_at = 0', [runId, eventId, now]);
    return row_count > 0;
  }

  /** The owners of the runs in `teamIds` that `viewerId` may see (null: every run), each once (Mattermost's GetOwners). */
  async ownerIds(teamIds: string[], viewerId: string | null): Promise<string[]> {
    const { rows } = await this.#api.store.query(`select distinct r.owner_user_id from runs r where ${VISIBLE_RUNS}`, [teamIds, viewerId]);
    return rows.map((row) => row.owner_user_id as string);
  }

  async list(filter: RunFilter): Promise<{ total: number; items: Run[] }> {
    const where = `${VISIBLE_RUNS}
      and ($3::text = '' or r.owner_user_id = $3::text)
      and ($4::text = '' or exists (select 1 from run_participants p where p.run_id = r.id and p.user_id = $4::text))
      and ($5::text = '' or r.playbook_id = $5::text)
      and (jsonb_array_length($6::jsonb) = 0 or r.current_status in (select jsonb_array_elements_text($6::jsonb)))
      and ($7::bigint = 0 or r.update_at >= $7::bigint)
      and ($8::text = '' or lower(r.name) like '%' || $8::text || '%')
      and ($9::text = '' or exists (select 1 from run_participants p where p.run_id = r.id and p.user_id = $9::text)
        or exists (select 1 from run_followers f where f.run_id = r.id and f.user_id = $9::text))`;
    const params = [filter.teamIds, filter.viewerId, filter.ownerId, filter.participantId, filter.playbookId, filter.statuses, filter.since, escapeLike(filter.searchTerm.toLowerCase()), filter.participantOrFollowerId];
    const total = await this.#api.store.query(`select count(*)::int as total from runs r where ${where}`, params);
    const order = `${RUN_SORT_COLUMNS[filter.sort]} ${filter.direction === 'desc' ? 'desc' : 'asc'}, r.id asc`;
    const { rows } = await this.#api.store.query(`${SELECT_RUNS} where ${where} order by ${order} limit $10 offset $11`, [...params, filter.perPage, filter.page * filter.perPage]);
    return { total: Number(total.rows[0]?.total ?? 0), items: rows.map(fromRow) };
  }
}

async function insertParticipants(query: Query, runId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await query(
    `insert into run_participants (run_id, user_id, position)
     select $1, p.value, p.ordinality from jsonb_array_elements_text($2::jsonb) with ordinality p`,
    [runId, userIds],
  );
}

async function insertEvent(query: Query, event: TimelineEvent): Promise<void> {
  await query(
    `insert into timeline_events (id, playbook_run_id, create_at, event_at, delete_at, event_type, summary, details, post_id, subject_user_id, creator_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [event.id, event.playbook_run_id, event.create_at, event.event_at, event.delete_at, event.event_type, event.summary, event.details, event.post_id, event.subject_user_id, event.creator_user_id],
  );
}

function settingsOf(run: RunSettings): RunSettings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, run[name]])) as unknown as RunSettings;
}

const NUMBERS = ['summary_modified_at', 'create_at', 'update_at', 'end_at', 'last_status_update_at', 'previous_reminder', 'retrospective_published_at'] as const;

function fromRow(row: Record<string, unknown>): Run {
  const { settings, reminder_due_at: _reminder, retrospective_reminder_due_at: _retrospectiveReminder, ...columns } = row;
  const run = { ...(settings as RunSettings), ...columns } as unknown as Run;
  for (const name of NUMBERS) run[name] = Number(row[name]);
  return run;
}
