// The PlaybookRun as Mattermost's Playbooks REST API writes it (server/app/playbook_run.go's JSON
// fields), the settings a run copies from its playbook when it starts, and the timeline's events.
import type { Checklist, Playbook } from '../playbooks/playbook.ts';

export const STATUS_IN_PROGRESS = 'InProgress';
export const STATUS_FINISHED = 'Finished';
export const RUN_STATUSES: readonly string[] = [STATUS_IN_PROGRESS, STATUS_FINISHED];

/** Mattermost's timeline event types the plugin records. */
export type TimelineEventType =
  | 'incident_created'
  | 'status_updated'
  | 'status_update_snoozed'
  | 'status_update_requested'
  | 'status_updates_enabled'
  | 'status_updates_disabled'
  | 'retrospective_enabled'
  | 'retrospective_disabled'
  | 'owner_changed'
  | 'task_state_modified'
  | 'assignee_changed'
  | 'ran_slash_command'
  | 'participants_changed'
  | 'published_retrospective'
  | 'canceled_retrospective'
  | 'run_finished'
  | 'run_restored'
  | 'event_from_post';

/** What a run copies from its playbook when it starts, kept as JSON beside the run. */
export interface RunSettings {
  reminder_message_template: string;
  reminder_timer_default_seconds: number;
  status_update_enabled: boolean;
  invited_user_ids: string[];
  invited_group_ids: string[];
  default_owner_id: string;
  broadcast_channel_ids: string[];
  webhook_on_creation_urls: string[];
  webhook_on_status_update_urls: string[];
  status_update_broadcast_channels_enabled: boolean;
  status_update_broadcast_webhooks_enabled: boolean;
  retrospective_reminder_interval_seconds: number;
  retrospective_enabled: boolean;
  message_on_join: string;
  category_name: string;
  create_channel_member_on_new_participant: boolean;
  remove_channel_member_on_removed_participant: boolean;
}

export interface StatusPost {
  id: string;
  create_at: number;
  delete_at: number;
}

export interface TimelineEvent {
  id: string;
  playbook_run_id: string;
  create_at: number;
  event_at: number;
  delete_at: number;
  event_type: TimelineEventType;
  summary: string;
  details: string;
  post_id: string;
  subject_user_id: string;
  creator_user_id: string;
}

export interface Run extends RunSettings {
  id: string;
  name: string;
  summary: string;
  summary_modified_at: number;
  owner_user_id: string;
  reporter_user_id: string;
  team_id: string;
  channel_id: string;
  post_id: string;
  playbook_id: string;
  create_at: number;
  update_at: number;
  end_at: number;
  current_status: string;
  last_status_update_at: number;
  /** Nanoseconds, as Go's time.Duration the client sends as `reminder`. */
  previous_reminder: number;
  retrospective: string;
  retrospective_published_at: number;
  retrospective_was_canceled: boolean;
  checklists: Checklist[];
  status_posts: StatusPost[];
  metrics_data: RunMetricData[];
  participant_ids: string[];
}

/** A retrospective's value of one of the playbook's metrics (Mattermost's RunMetricData); null: not filled in. */
export interface RunMetricData {
  metric_config_id: string;
  value: number | null;
}

export const SETTING_NAMES: ReadonlyArray<keyof RunSettings> = [
  'reminder_message_template', 'reminder_timer_default_seconds', 'status_update_enabled', 'invited_user_ids', 'invited_group_ids',
  'default_owner_id', 'broadcast_channel_ids', 'webhook_on_creation_urls', 'webhook_on_status_update_urls',
  'status_update_broadcast_channels_enabled', 'status_update_broadcast_webhooks_enabled', 'retrospective_reminder_interval_seconds',
  'retrospective_enabled', 'message_on_join', 'category_name', 'create_channel_member_on_new_participant', 'remove_channel_member_on_removed_participant',
];

/** The settings a new run takes from its playbook (Mattermost's PlaybookRun.SetConfigurationFromPlaybook). */
export function settingsFromPlaybook(playbook: Playbook): RunSettings {
  return {
    reminder_message_template: playbook.reminder_message_template,
    reminder_timer_default_seconds: playbook.reminder_timer_default_seconds,
    status_update_enabled: playbook.status_update_enabled,
    invited_user_ids: playbook.invite_users_enabled ? playbook.invited_user_ids : [],
    invited_group_ids: playbook.invite_users_enabled ? playbook.invited_group_ids : [],
    default_owner_id: playbook.default_owner_enabled ? playbook.default_owner_id : '',
    broadcast_channel_ids: playbook.broadcast_channel_ids,
    webhook_on_creation_urls: playbook.webhook_on_creation_enabled ? playbook.webhook_on_creation_urls : [],
    webhook_on_status_update_urls: playbook.webhook_on_status_update_urls,
    status_update_broadcast_channels_enabled: playbook.broadcast_enabled,
    status_update_broadcast_webhooks_enabled: playbook.webhook_on_status_update_enabled,
    retrospective_reminder_interval_seconds: playbook.retrospective_reminder_interval_seconds,
    retrospective_enabled: playbook.retrospective_enabled,
    message_on_join: playbook.message_on_join_enabled ? playbook.message_on_join : '',
    category_name: playbook.categorize_channel_enabled ? playbook.category_name : '',
    create_channel_member_on_new_participant: playbook.create_channel_member_on_new_participant,
    remove_channel_member_on_removed_participant: playbook.remove_channel_member_on_removed_participant,
  };
}

/** Where Mattermost's web app shows a run (relative to the site URL), and its retrospective. */
export function runUrl(runId: string, tab: '' | 'retrospective' = ''): string {
  return `/playbooks/runs/${runId}${tab === '' ? '' : `/${tab}`}`;
}

/** A run as the API answers it: Mattermost's PlaybookRun JSON with its timeline and task counts. */
export function runToWire(run: Run, timeline: TimelineEvent[]): Record<string, unknown> {
  const items = run.checklists.flatMap((checklist) => checklist.items);
  return {
    ...run,
    active_stage: 0,
    active_stage_title: '',
    delete_at: 0,
    reminder_post_id: '',
    type: 'playbook',
    checklists: run.checklists.map((checklist) => ({ ...checklist, items_order: checklist.items.map((item) => item.id) })),
    timeline_events: timeline,
    task_total: items.length,
    task_completed: items.filter((item) => item.state === 'closed').length,
  };
}
