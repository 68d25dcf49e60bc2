// A channel subscription, in Mattermost's JSON shape (`id`, `name`, `channel_id`, `instance_id`,
// `filters: {events, projects, issue_types, fields: [{key, inclusion, values}]}`), so the REST routes
// speak what Mattermost's Jira webapp sends, and subscriptions carried over from it keep working.
// A channel may have many; an event is posted to the channel once when any of them matches.
import { isSubscribableEvent } from '../webhook/event-types.ts';

export const INCLUSIONS = ['include_any', 'include_all', 'exclude_any', 'empty'] as const;
export type Inclusion = (typeof INCLUSIONS)[number];

export interface FieldFilter {
  /** The issue field's id: `labels`, `priority`, `fixVersions`, `security`, `customfield_10010`, ... */
  key: string;
  inclusion: Inclusion;
  values: string[];
}

export interface SubscriptionFilters {
  events: string[];
  /** Project keys. */
  projects: string[];
  /** Issue type ids. */
  issue_types: string[];
  fields: FieldFilter[];
}

export interface ChannelSubscription {
  id: string;
  name: string;
  channel_id: string;
  instance_id: string;
  filters: SubscriptionFilters;
}

export const MAX_SUBSCRIPTION_NAME = 100;

/** The submitted subscription is not valid: a 400 with this message. */
export class InvalidSubscriptionError extends Error {}

type Json = Record<string, unknown>;

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new InvalidSubscriptionError(`"${what}" must be a list of strings.`);
  return [...new Set((value as string[]).map((item) => item.trim()).filter(Boolean))];
}

function decodeField(value: unknown): FieldFilter {
  if (typeof value !== 'object' || value === null) throw new InvalidSubscriptionError('Each field condition must be an object with "key", "inclusion" and "values".');
  const field = value as Json;
  const key = typeof field.key === 'string' ? field.key.trim() : '';
  if (key === '') throw new InvalidSubscriptionError('A field condition names no field ("key").');
  const inclusion = field.inclusion;
  if (!INCLUSIONS.includes(inclusion as Inclusion)) throw new InvalidSubscriptionError(`The condition on ${key} has the inclusion "${String(inclusion)}"; use one of ${INCLUSIONS.join(', ')}.`);
  const values = stringList(field.values, `values of ${key}`);
  if (inclusion !== 'empty' && values.length === 0) throw new InvalidSubscriptionError(`The condition "${key} ${String(inclusion)}" lists no values.`);
  return { key, inclusion: inclusion as Inclusion, values: inclusion === 'empty' ? [] : values };
}

/**
 * A subscription from request JSON, checked: a name (at most 100 characters), at least one known
 * event, a project and an issue type (as Mattermost's plugin requires), and well-formed conditions.
 * `id` and `instance_id` are taken as sent; the caller decides what they may be.
 * @throws InvalidSubscriptionError naming what to fix
 */
export function decodeSubscription(value: unknown): ChannelSubscription {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidSubscriptionError('The body must be a subscription object.');
  const body = value as Json;
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') throw new InvalidSubscriptionError('Give the subscription a name.');
  if (name.length > MAX_SUBSCRIPTION_NAME) throw new InvalidSubscriptionError(`The subscription's name is longer than ${MAX_SUBSCRIPTION_NAME} characters.`);
  const filters = (typeof body.filters === 'object' && body.filters !== null ? body.filters : {}) as Json;
  const events = stringList(filters.events, 'events');
  if (events.length === 0) throw new InvalidSubscriptionError('Choose at least one event.');
  const unknown = events.filter((event) => !isSubscribableEvent(event));
  if (unknown.length > 0) throw new InvalidSubscriptionError(`Unknown event type ${unknown.join(', ')}.`);
  const projects = stringList(filters.projects, 'projects');
  if (projects.length === 0) throw new InvalidSubscriptionError('Name at least one project (its key).');
  const issueTypes = stringList(filters.issue_types, 'issue_types');
  if (issueTypes.length === 0) throw new InvalidSubscriptionError('Choose at least one issue type (its id).');
  if (filters.fields !== undefined && filters.fields !== null && !Array.isArray(filters.fields)) throw new InvalidSubscriptionError('"fields" must be a list of conditions.');
  const fields = ((filters.fields as unknown[] | null | undefined) ?? []).map(decodeField);
  return {
    id: typeof body.id === 'string' ? body.id : '',
    name,
    channel_id: typeof body.channel_id === 'string' ? body.channel_id : '',
    instance_id: typeof body.instance_id === 'string' ? body.instance_id : '',
    filters: { events, projects: projects.map((key) => key.toUpperCase()), issue_types: issueTypes, fields },
  };
}
