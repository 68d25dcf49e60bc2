// The record of every call held, in the plugin's own SQL schema, and the admins' statistics over it
// (Mattermost Calls' GET /stats: its CallsStats, computed as its stats store does). A call's live
// state is the KV store's; this record only follows it, so a failure to write it is logged and never
// fails the call.
import type { PluginAPI } from '@parley/plugin-api';
import type { Call } from './call-state.ts';

const DAYS_OF_CALLS = 30;
const MONTHS_OF_CALLS = 12;

/** Mattermost Calls' CallsStats. Parley has neither video calls nor recordings: those figures are 0. */
export interface CallsStats {
  total_calls: number;
  total_active_calls: number;
  total_active_sessions: number;
  calls_by_day: Record<string, number>;
  calls_by_month: Record<string, number>;
  calls_by_channel_type: Record<string, number>;
  avg_duration: number;
  avg_participants: number;
  avg_video_duration: number;
  total_video_duration: number;
  total_video_calls: number;
  total_screen_share_calls: number;
  recording_jobs_by_day: Record<string, number>;
  recording_jobs_by_month: Record<string, number>;
}

/** A finished call counts once it ended after it started, as in Mattermost's queries. */
const ENDED = 'end_at > start_at';

export class CallHistory {
  #api: PluginAPI;

  constructor(api: PluginAPI) {
    this.#api = api;
  }

  started(call: Call, channelType: string): Promise<void> {
    return this.#write('start', 'insert into calls (id, channel_id, channel_type, start_at) values ($1, $2, $3, $4) on conflict (id) do nothing', [call.id, call.channel_id, channelType, call.start_at]);
  }

  screenShared(callId: string): Promise<void> {
    return this.#write('screen share', 'update calls set screen_shared = true where id = $1', [callId]);
  }

  ended(call: Call, endAt: number): Promise<void> {
    return this.#write('end', 'update calls set end_at = $2, participants = $3 where id = $1', [call.id, endAt, JSON.stringify(call.participants)]);
  }

  /** The statistics at `now`, with the calls and sessions going on as the live state counts them. */
  async stats(now: Date, live: { calls: number; sessions: number }): Promise<CallsStats> {
    const dayStart = new Date(now);
    dayStart.setUTCDate(dayStart.getUTCDate() - DAYS_OF_CALLS);
    const monthStart = new Date(now);
    monthStart.setUTCMonth(monthStart.getUTCMonth() - MONTHS_OF_CALLS);
    const { rows } = await this.#api.store.query(
      `select count(*)::int as total,
              coalesce(round(avg(end_at - start_at) / 1000), 0)::int as avg_duration,
              coalesce(round(avg(jsonb_array_length(participants))), 0)::int as avg_participants,
              (count(*) filter (where screen_shared))::int as screen_share_calls,
              coalesce((select jsonb_object_agg(channel_type, n) from (select channel_type, count(*)::int as n from calls where ${ENDED} group by channel_type) t), '{}') as by_type,
              coalesce((select jsonb_object_agg(day, n) from (select to_char(to_timestamp(start_at / 1000) at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n
                 from calls where ${ENDED} and start_at >= $1 group by day) d), '{}') as by_day,
              coalesce((select jsonb_object_agg(month, n) from (select to_char(to_timestamp(start_at / 1000) at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as n
                 from calls where ${ENDED} and start_at >= $2 group by month) m), '{}') as by_month
         from calls where ${ENDED}`,
      [dayStart.getTime(), monthStart.getTime()],
    );
    const row = rows[0] ?? {};
    return {
      total_calls: Number(row.total ?? 0),
      total_active_calls: live.calls,
      total_active_sessions: live.sessions,
      calls_by_day: { ...lastDays(now), ...(row.by_day as Record<string, number>) },
      calls_by_month: { ...lastMonths(now), ...(row.by_month as Record<string, number>) },
      calls_by_channel_type: row.by_type as Record<string, number>,
      avg_duration: Number(row.avg_duration ?? 0),
      avg_participants: Number(row.avg_participants ?? 0),
      avg_video_duration: 0,
      total_video_duration: 0,
      total_video_calls: 0,
      total_screen_share_calls: Number(row.screen_share_calls ?? 0),
      recording_jobs_by_day: lastDays(now),
      recording_jobs_by_month: lastMonths(now),
    };
  }

  async #write(what: string, sql: string, params: unknown[]): Promise<void> {
    await this.#api.store.query(sql, params).catch((err: unknown) =>
      this.#api.log.error(`the call's ${what} could not be recorded for the statistics`, { call_id: String(params[0]), error: String((err as Error)?.message ?? err) }),
    );
  }
}

/** The last 30 days (today first) at 0, keyed as Mattermost keys them (YYYY-MM-DD, UTC). */
function lastDays(now: Date): Record<string, number> {
  const days: Record<string, number> = {};
  for (let i = 0; i < DAYS_OF_CALLS; i++) {
    const day = new Date(now);
    day.setUTCDate(day.getUTCDate() - i);
    days[day.toISOString().slice(0, 10)] = 0;
  }
  return days;
}

/** The last 12 months (this one first) at 0, keyed YYYY-MM (UTC). */
function lastMonths(now: Date): Record<string, number> {
  const months: Record<string, number> = {};
  for (let i = 0; i < MONTHS_OF_CALLS; i++) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months[month.toISOString().slice(0, 7)] = 0;
  }
  return months;
}
