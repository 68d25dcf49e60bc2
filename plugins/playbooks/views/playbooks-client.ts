// The views' client of the plugin's own routes, over the view bridge (the client makes each request
// as the signed-in user; the view never holds a session): Mattermost's Playbooks REST API under
// /api/v0, and the plugin's /ui routes for names and a run's channel and status updates. The JSON
// shapes are Mattermost's (only the fields the views read are typed).
import type { ViewBridge } from '@parley/plugin-api/view';

export interface Item {
  id?: string;
  title: string;
  description: string;
  state: string;
  assignee_id: string;
  command: string;
  /** When its command last ran from the run (0: never); absent in a playbook's items. */
  command_last_run?: number;
  due_date: number;
}

export interface Checklist {
  id?: string;
  title: string;
  items: Item[];
}

export interface MetricConfig {
  id?: string;
  title: string;
  description: string;
  type: 'metric_duration' | 'metric_currency' | 'metric_integer';
  target: number | null;
}

export interface PlaybookMember {
  user_id: string;
  /** `playbook_member`, and `playbook_admin` for an admin. */
  roles: string[];
}

export interface Playbook {
  id: string;
  title: string;
  description: string;
  team_id: string;
  public: boolean;
  delete_at: number;
  checklists: Checklist[];
  metrics: MetricConfig[];
  num_stages: number;
  num_steps: number;
  num_runs: number;
  last_run_at: number;
  signal_any_keywords: string[];
  signal_any_keywords_enabled: boolean;
  status_update_enabled: boolean;
  reminder_timer_default_seconds: number;
  reminder_message_template: string;
  webhook_on_status_update_enabled: boolean;
  webhook_on_status_update_urls: string[];
  retrospective_enabled: boolean;
  retrospective_template: string;
  retrospective_reminder_interval_seconds: number;
  members: PlaybookMember[];
  channel_mode: string;
  channel_id: string;
  channel_name_template: string;
  create_public_playbook_run: boolean;
  default_owner_enabled: boolean;
  default_owner_id: string;
  invite_users_enabled: boolean;
  invited_user_ids: string[];
  broadcast_enabled: boolean;
  broadcast_channel_ids: string[];
  webhook_on_creation_enabled: boolean;
  webhook_on_creation_urls: string[];
  [field: string]: unknown;
}

export interface TimelineEvent {
  id: string;
  event_at: number;
  event_type: string;
  summary: string;
}

export interface Run {
  id: string;
  name: string;
  summary: string;
  owner_user_id: string;
  team_id: string;
  channel_id: string;
  playbook_id: string;
  create_at: number;
  end_at: number;
  current_status: 'InProgress' | 'Finished';
  checklists: Checklist[];
  participant_ids: string[];
  timeline_events: TimelineEvent[];
  task_total: number;
  task_completed: number;
  status_update_enabled: boolean;
  reminder_timer_default_seconds: number;
  reminder_message_template: string;
  retrospective: string;
  retrospective_published_at: number;
  metrics_data: Array<{ metric_config_id: string; value: number | null }>;
  last_status_update_at: number;
}

export interface Page<T> {
  total_count: number;
  page_count: number;
  has_more: boolean;
  items: T[];
}

export interface Person {
  id: string;
  username: string;
  display_name: string;
}

/** A channel the caller may post in, from the plugin's /ui/channels. */
export interface PickableChannel {
  id: string;
  name: string;
  display_name: string;
  /** O public, P private. */
  type: string;
}

export interface RunDetails {
  channel: { id: string; display_name: string; url: string } | null;
  status_updates: Array<{ id: string; message: string; create_at: number; author?: Person }>;
}

/** A refused or failed request, with the server's reason. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export class PlaybooksClient {
  readonly #bridge: ViewBridge;

  constructor(bridge: ViewBridge) {
    this.#bridge = bridge;
  }

  /** A request to the plugin's route `path`; a 4xx or 5xx answer throws its message. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#bridge.fetch(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = response.body === '' ? null : (response.json() as Record<string, unknown> | null);
    if (response.status >= 400) {
      const reason = typeof answer?.error === 'string' ? answer.error : typeof answer?.message === 'string' ? answer.message : `the server answered ${response.status}`;
      // A refusal's message is terse ("Not authorized"); its detail says which rule refused.
      const detail = typeof answer?.detailed_error === 'string' ? answer.detailed_error : '';
      throw new ApiError(response.status, detail !== '' && detail !== reason ? `${reason}: ${detail}` : reason);
    }
    return answer as T;
  }

  playbooks(query: URLSearchParams): Promise<Page<Playbook>> {
    return this.call('GET', `/api/v0/playbooks?${query}`);
  }

  playbook(id: string): Promise<Playbook> {
    return this.call('GET', `/api/v0/playbooks/${encodeURIComponent(id)}`);
  }

  runs(query: URLSearchParams): Promise<Page<Run>> {
    return this.call('GET', `/api/v0/runs?${query}`);
  }

  run(id: string): Promise<Run> {
    return this.call('GET', `/api/v0/runs/${encodeURIComponent(id)}`);
  }

  runDetails(id: string): Promise<RunDetails> {
    return this.call('GET', `/ui/runs/${encodeURIComponent(id)}/details`);
  }

  /** The team's people by id (empty when the team cannot be read). */
  async people(teamId: string): Promise<Map<string, Person>> {
    if (!teamId) return new Map();
    const people = await this.call<Person[]>('GET', `/ui/people?team_id=${encodeURIComponent(teamId)}`).catch(() => []);
    return new Map(people.map((person) => [person.id, person]));
  }

  /** The caller's channels of the team that they may post in. */
  channels(teamId: string): Promise<PickableChannel[]> {
    return this.call('GET', `/ui/channels?team_id=${encodeURIComponent(teamId)}`);
  }

  /** `PUT .../checklists/{c}/item/{i}/<action>` and the like, relative to the run. */
  runAction(runId: string, method: string, path: string, body?: unknown): Promise<unknown> {
    return this.call(method, `/api/v0/runs/${encodeURIComponent(runId)}${path}`, body);
  }
}

/** How a person is named in the views: @username, with the full name when there is one. */
export function personName(people: Map<string, Person>, userId: string): string {
  const person = people.get(userId);
  if (!person) return userId ? 'someone outside the team' : 'nobody';
  return personLabel(person);
}

/** @username, with the full name when there is one. */
export function personLabel(person: Person): string {
  return person.display_name ? `@${person.username} (${person.display_name})` : `@${person.username}`;
}
