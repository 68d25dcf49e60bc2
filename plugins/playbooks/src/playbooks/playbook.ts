// The Playbook as Mattermost's Playbooks REST API writes it (server/app/playbook.go's JSON fields),
// and the decoding of a playbook a client sends: Go's decoder ignores unknown fields and leaves
// missing ones at their zero value, and so does this one, but a field of the wrong type is refused.
import { isValidId, newId } from '@parley/plugin-api';
import { badRequest } from '../http/playbooks-error.ts';

export const PLAYBOOK_MEMBER = 'playbook_member';
export const PLAYBOOK_ADMIN = 'playbook_admin';
export const PLAYBOOK_ROLES: readonly string[] = [PLAYBOOK_MEMBER, PLAYBOOK_ADMIN];
export const METRIC_TYPES: readonly string[] = ['metric_duration', 'metric_currency', 'metric_integer'];
export const MAX_METRICS = 4;
const CHANNEL_MODES: readonly string[] = ['create_new_channel', 'link_existing_channel'];
export const ITEM_STATES: readonly string[] = ['', 'in_progress', 'closed', 'skipped'];
const MAX_WEBHOOK_URLS = 64;

/** The settings a client writes and reads back as they are, by JSON field and zero value. */
const SETTINGS = {
  description: '',
  create_public_playbook_run: false,
  reminder_message_template: '',
  reminder_timer_default_seconds: 0,
  status_update_enabled: false,
  invited_user_ids: [] as string[],
  invited_group_ids: [] as string[],
  invite_users_enabled: false,
  default_owner_id: '',
  default_owner_enabled: false,
  broadcast_channel_ids: [] as string[],
  broadcast_enabled: false,
  webhook_on_creation_urls: [] as string[],
  webhook_on_creation_enabled: false,
  webhook_on_status_update_urls: [] as string[],
  webhook_on_status_update_enabled: false,
  message_on_join: '',
  message_on_join_enabled: false,
  retrospective_reminder_interval_seconds: 0,
  retrospective_template: '',
  retrospective_enabled: false,
  signal_any_keywords: [] as string[],
  signal_any_keywords_enabled: false,
  categorize_channel_enabled: false,
  category_name: '',
  run_summary_template_enabled: false,
  run_summary_template: '',
  channel_name_template: '',
  channel_id: '',
  channel_mode: 'create_new_channel',
  run_number_prefix: '',
  admin_only_edit: false,
  owner_group_only_actions: false,
  new_channel_only: false,
  auto_archive_channel: false,
  create_channel_member_on_new_participant: false,
  remove_channel_member_on_removed_participant: false,
};

export type PlaybookSettings = typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as Array<keyof PlaybookSettings>;

export interface ChecklistItem {
  id: string;
  title: string;
  description: string;
  state: string;
  state_modified: number;
  assignee_id: string;
  assignee_modified: number;
  command: string;
  command_last_run: number;
  /** Relative to the run's start in a playbook (milliseconds), absolute in a run. */
  due_date: number;
  delete_at: number;
  update_at: number;
}

export interface Checklist {
  id: string;
  title: string;
  items: ChecklistItem[];
  update_at: number;
}

export interface PlaybookMember {
  user_id: string;
  roles: string[];
}

export interface MetricConfig {
  id: string;
  title: string;
  description: string;
  type: string;
  /** null when the metric has no target. */
  target: number | null;
}

/** What a client sends to create or replace a playbook. */
export interface PlaybookInput extends PlaybookSettings {
  id: string;
  title: string;
  team_id: string;
  public: boolean;
  checklists: Checklist[];
  members: PlaybookMember[];
  metrics: MetricConfig[];
}

/** A stored playbook. */
export interface Playbook extends PlaybookInput {
  create_at: number;
  update_at: number;
  delete_at: number;
  /** The number of checklists and of items, kept beside them so lists can sort without reading them. */
  num_stages: number;
  num_steps: number;
  num_runs: number;
  last_run_at: number;
}

/** The stage and step counts of a playbook's checklists. */
export function countsOf(playbook: PlaybookInput): Pick<Playbook, 'num_stages' | 'num_steps'> {
  return { num_stages: playbook.checklists.length, num_steps: playbook.checklists.reduce((sum, checklist) => sum + checklist.items.length, 0) };
}

type Json = Record<string, unknown>;

/** A playbook from a client's JSON body; 400 naming the field for anything not of its type. */
export function decodePlaybook(body: string): PlaybookInput {
  return decodePlaybookObject(parseBody(body, 'playbook'));
}

/** A request body's JSON; 400 when it is not JSON. */
export function parseBody(body: string, what: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest('playbooks.playbook.decode', `unable to decode ${what}: the body is not JSON`);
  }
}

export function decodePlaybookObject(value: unknown): PlaybookInput {
  const json = object(value, 'playbook');
  const settings = Object.fromEntries(SETTING_NAMES.map((name) => [name, field(json, name, SETTINGS[name])])) as unknown as PlaybookSettings;
  return {
    ...settings,
    channel_mode: settings.channel_mode === '' ? SETTINGS.channel_mode : settings.channel_mode,
    id: field(json, 'id', ''),
    title: field(json, 'title', ''),
    team_id: field(json, 'team_id', ''),
    public: field(json, 'public', false),
    checklists: list(json, 'checklists').map((checklist, i) => decodeChecklistObject(checklist, `checklists[${i}]`)),
    members: list(json, 'members').map((member, i) => decodeMember(member, `members[${i}]`)),
    metrics: list(json, 'metrics').map((metric, i) => decodeMetric(metric, `metrics[${i}]`)),
  };
}

/** A checklist from a client's JSON (missing fields at their zero value); 400 naming a field of the wrong type. */
export function decodeChecklistObject(value: unknown, where: string): Checklist {
  const json = object(value, where);
  return {
    id: field(json, 'id', '', where),
    title: field(json, 'title', '', where),
    items: list(json, 'items', where).map((item, i) => decodeItemObject(item, `${where}.items[${i}]`)),
    update_at: field(json, 'update_at', 0, where),
  };
}

/** A checklist item from a client's JSON (missing fields at their zero value); 400 naming a field of the wrong type. */
export function decodeItemObject(value: unknown, where: string): ChecklistItem {
  const json = object(value, where);
  const zero: ChecklistItem = { id: '', title: '', description: '', state: '', state_modified: 0, assignee_id: '', assignee_modified: 0, command: '', command_last_run: 0, due_date: 0, delete_at: 0, update_at: 0 };
  return Object.fromEntries(Object.entries(zero).map(([name, empty]) => [name, field(json, name, empty, where)])) as unknown as ChecklistItem;
}

function decodeMember(value: unknown, where: string): PlaybookMember {
  const json = object(value, where);
  return { user_id: field(json, 'user_id', '', where), roles: field(json, 'roles', [] as string[], where) };
}

function decodeMetric(value: unknown, where: string): MetricConfig {
  const json = object(value, where);
  const target = json.target;
  if (target !== undefined && target !== null && !Number.isSafeInteger(target)) throw badRequest('playbooks.playbook.decode', `unable to decode playbook: ${where}.target must be an integer or null`);
  return {
    id: field(json, 'id', '', where),
    title: field(json, 'title', '', where),
    description: field(json, 'description', '', where),
    type: field(json, 'type', '', where),
    target: typeof target === 'number' ? target : null,
  };
}

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('playbooks.playbook.decode', `unable to decode playbook: ${where} must be an object`);
  return value as Json;
}

function list(json: Json, name: string, where = ''): unknown[] {
  const value = json[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('playbooks.playbook.decode', `unable to decode playbook: ${where ? `${where}.` : ''}${name} must be an array`);
  return value;
}

/** The field's value when it has the zero value's type (null reads as the zero value, as in Go). */
function field<T>(json: Json, name: string, zero: T, where = ''): T {
  const value = json[name];
  if (value === undefined || value === null) return zero;
  const path = `${where ? `${where}.` : ''}${name}`;
  if (Array.isArray(zero)) {
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value as T;
    throw badRequest('playbooks.playbook.decode', `unable to decode playbook: ${path} must be an array of strings`);
  }
  if (typeof zero === 'number') {
    if (Number.isSafeInteger(value)) return value as T;
    throw badRequest('playbooks.playbook.decode', `unable to decode playbook: ${path} must be an integer`);
  }
  if (typeof value === typeof zero) return value as T;
  throw badRequest('playbooks.playbook.decode', `unable to decode playbook: ${path} must be a ${typeof zero}`);
}

/**
 * Refuses what Mattermost refuses in a playbook (metrics, webhook URLs, the channel mode, roles), and
 * what would break later slices (ids that are not ids, item states a run does not know).
 */
export function validatePlaybook(playbook: PlaybookInput): void {
  if (playbook.title.trim() === '') throw badRequest('playbooks.playbook.title_required', 'A playbook needs a title.');
  if (!isValidId(playbook.team_id)) throw badRequest('playbooks.playbook.team_id', 'team_id must be the 26-character id of a team.');
  if (!CHANNEL_MODES.includes(playbook.channel_mode)) throw badRequest('playbooks.playbook.channel_mode', `channel_mode must be one of ${CHANNEL_MODES.join(', ')}.`);
  if (playbook.channel_mode === 'link_existing_channel' && playbook.channel_id !== '' && !isValidId(playbook.channel_id)) throw badRequest('playbooks.playbook.channel_id', 'channel_id must be the 26-character id of a channel.');
  if (playbook.new_channel_only && playbook.channel_mode !== 'create_new_channel') throw badRequest('playbooks.playbook.new_channel_only', 'new_channel_only needs channel_mode create_new_channel.');
  validateMetrics(playbook.metrics);
  for (const [name, urls] of [['webhook_on_creation_urls', playbook.webhook_on_creation_urls], ['webhook_on_status_update_urls', playbook.webhook_on_status_update_urls]] as const) {
    if (urls.length > MAX_WEBHOOK_URLS) throw badRequest('playbooks.playbook.webhook_urls', `too many registered urls in ${name}, limit to less than ${MAX_WEBHOOK_URLS}`);
    const bad = urls.find((url) => !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url));
    if (bad !== undefined) throw badRequest('playbooks.playbook.webhook_urls', `${name}: "${bad}" is not an http or https URL`);
  }
  for (const [name, ids] of [['invited_user_ids', playbook.invited_user_ids], ['broadcast_channel_ids', playbook.broadcast_channel_ids]] as const) {
    const bad = ids.find((id) => !isValidId(id));
    if (bad !== undefined) throw badRequest('playbooks.playbook.ids', `${name}: "${bad}" is not a 26-character id`);
  }
  if (playbook.default_owner_id !== '' && !isValidId(playbook.default_owner_id)) throw badRequest('playbooks.playbook.default_owner_id', 'default_owner_id must be a 26-character user id.');
  for (const member of playbook.members) {
    if (!isValidId(member.user_id)) throw badRequest('playbooks.playbook.members', `members: "${member.user_id}" is not a 26-character user id`);
    const unknown = member.roles.find((role) => !PLAYBOOK_ROLES.includes(role));
    if (unknown !== undefined) throw badRequest('playbooks.playbook.members', `members: unknown role "${unknown}", roles are ${PLAYBOOK_ROLES.join(' and ')}`);
  }
  if (new Set(playbook.members.map((member) => member.user_id)).size !== playbook.members.length) throw badRequest('playbooks.playbook.members', 'members: each user may be listed once');
  for (const checklist of playbook.checklists) {
    for (const item of checklist.items) {
      if (!ITEM_STATES.includes(item.state)) throw badRequest('playbooks.playbook.item_state', `checklist item "${item.title}": state must be empty, in_progress, closed or skipped`);
      if (item.assignee_id !== '' && !isValidId(item.assignee_id)) throw badRequest('playbooks.playbook.item_assignee', `checklist item "${item.title}": assignee_id must be a 26-character user id`);
    }
  }
}

function validateMetrics(metrics: MetricConfig[]): void {
  if (metrics.length > MAX_METRICS) throw badRequest('playbooks.playbook.metrics', `invalid metrics configs: playbook cannot have more than ${MAX_METRICS} key metrics`);
  if (new Set(metrics.map((metric) => metric.title)).size !== metrics.length) throw badRequest('playbooks.playbook.metrics', 'invalid metrics configs: metrics names must be unique');
  for (const metric of metrics) {
    if (metric.title.trim() === '') throw badRequest('playbooks.playbook.metrics', 'invalid metrics configs: a metric needs a title');
    if (!METRIC_TYPES.includes(metric.type)) throw badRequest('playbooks.playbook.metrics', `invalid metrics configs: type must be one of ${METRIC_TYPES.join(', ')}`);
    if (metric.target !== null && metric.target < 0) throw badRequest('playbooks.playbook.metrics', 'invalid metrics configs: a target cannot be negative');
  }
}

/**
 * Gives checklists and items the ids they lack and trims keywords, as Mattermost does before it
 * stores a playbook; ids a client sent are kept, so editors can follow an item across saves.
 */
export function withIds(playbook: PlaybookInput, now: number): PlaybookInput {
  return {
    ...playbook,
    signal_any_keywords: [...new Set(playbook.signal_any_keywords.map((keyword) => keyword.trim()).filter((keyword) => keyword !== ''))],
    checklists: playbook.checklists.map((checklist) => ({
      ...checklist,
      id: isValidId(checklist.id) ? checklist.id : newId(),
      update_at: now,
      items: checklist.items.map((item) => ({ ...item, id: isValidId(item.id) ? item.id : newId(), update_at: now })),
    })),
    metrics: playbook.metrics.map((metric) => ({ ...metric, id: isValidId(metric.id) ? metric.id : newId() })),
  };
}

/** The settings part of a playbook, as stored in its JSON column. */
export function settingsOf(playbook: PlaybookInput): PlaybookSettings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, playbook[name]])) as unknown as PlaybookSettings;
}

/** Settings stored by an older version lack newer fields: they read as their zero value. */
export function settingsFrom(stored: Record<string, unknown>): PlaybookSettings {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, stored[name] ?? SETTINGS[name]])) as unknown as PlaybookSettings;
}

/** Mattermost's count of a playbook's automations (num_actions): the run channel, then each enabled one. */
export function actionCount(playbook: PlaybookSettings): number {
  const enabled = [
    playbook.invite_users_enabled,
    playbook.default_owner_enabled,
    playbook.broadcast_enabled,
    playbook.webhook_on_creation_enabled,
    playbook.message_on_join_enabled,
    playbook.webhook_on_status_update_enabled,
    playbook.signal_any_keywords_enabled,
    playbook.categorize_channel_enabled,
    playbook.create_channel_member_on_new_participant,
    playbook.remove_channel_member_on_removed_participant,
  ];
  return 1 + enabled.filter(Boolean).length;
}

/** A playbook as the API answers it (Mattermost's Playbook JSON). */
export function toWire(playbook: Playbook): Record<string, unknown> {
  return {
    ...playbook,
    num_actions: actionCount(playbook),
    active_runs: 0,
    checklists: playbook.checklists.map((checklist) => ({ ...checklist, items_order: checklist.items.map((item) => item.id) })),
    members: playbook.members.map((member) => ({ ...member, scheme_roles: member.roles })),
    metrics: playbook.metrics.map((metric) => ({ ...metric, playbook_id: playbook.id })),
    default_playbook_admin_role: PLAYBOOK_ADMIN,
    default_playbook_member_role: PLAYBOOK_MEMBER,
    default_run_admin_role: 'run_admin',
    default_run_member_role: 'run_member',
  };
}
