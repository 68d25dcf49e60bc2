// Whether a subscription wants an event, by Mattermost's rules:
// - events: one of the event's types is listed, or `event_updated_any` is and the event is a change
//   or a comment;
// - projects and issue types: the issue's project key and issue type are listed (the type by id, as
//   Mattermost stores it, or by name);
// - each field condition holds: `include_any` (the field holds one of the values), `include_all`
//   (all of them), `exclude_any` (none of them), `empty` (nothing);
// - security levels: with SecurityLevelEmptyForJiraSubscriptions on, an issue with a security level
//   only matches a subscription that names that level in a condition, and `exclude_any` on the
//   security level reads as `empty` (nothing secured leaks through a negative condition).
import { EVENT_UPDATED_ANY } from '../webhook/event-types.ts';
import { fieldValues, issueTypeId, issueTypeName, projectKey } from '../webhook/issue-fields.ts';
import type { JiraIssue } from '../webhook/jira-webhook.ts';
import type { FieldFilter, Inclusion, SubscriptionFilters } from './subscription.ts';

const SECURITY_FIELD = 'security';

export interface MatchOptions {
  /** The SecurityLevelEmptyForJiraSubscriptions setting. */
  securityLevelEmpty: boolean;
}

function wantsEvent(filters: SubscriptionFilters, eventTypes: ReadonlySet<string>): boolean {
  if (filters.events.some((event) => eventTypes.has(event))) return true;
  if (!filters.events.includes(EVENT_UPDATED_ANY)) return false;
  return [...eventTypes].some((type) => type.startsWith('event_updated') || type.endsWith('comment'));
}

function lower(values: Iterable<string>): Set<string> {
  return new Set([...values].map((value) => value.toLowerCase()));
}

/** Whether `values` (what the issue holds) satisfy the condition. Values compare without regard to case. */
export function conditionHolds(inclusion: Inclusion, wanted: readonly string[], values: ReadonlySet<string>): boolean {
  const held = lower(values);
  const hits = wanted.filter((value) => held.has(value.toLowerCase())).length;
  switch (inclusion) {
    case 'include_any':
      return hits > 0;
    case 'include_all':
      return hits === wanted.length;
    case 'exclude_any':
      return hits === 0;
    case 'empty':
      return held.size === 0;
  }
}

function fieldHolds(field: FieldFilter, issue: JiraIssue, options: MatchOptions): boolean {
  const isSecurity = field.key.toLowerCase() === SECURITY_FIELD;
  const inclusion = isSecurity && field.inclusion === 'exclude_any' && options.securityLevelEmpty ? 'empty' : field.inclusion;
  return conditionHolds(inclusion, field.values, fieldValues(issue, field.key));
}

/** Whether a subscription with `filters` wants an event of `eventTypes` about `issue`. */
export function matchesFilters(filters: SubscriptionFilters, eventTypes: ReadonlySet<string>, issue: JiraIssue, options: MatchOptions): boolean {
  if (!wantsEvent(filters, eventTypes)) return false;
  if (filters.projects.length > 0 && !filters.projects.some((key) => key.toUpperCase() === projectKey(issue).toUpperCase())) return false;
  if (filters.issue_types.length > 0) {
    const type = lower([issueTypeId(issue), issueTypeName(issue)]);
    if (!filters.issue_types.some((wanted) => type.has(wanted.toLowerCase()))) return false;
  }
  if (!filters.fields.every((field) => fieldHolds(field, issue, options))) return false;
  const namesSecurity = filters.fields.some((field) => field.key.toLowerCase() === SECURITY_FIELD);
  if (options.securityLevelEmpty && !namesSecurity && fieldValues(issue, SECURITY_FIELD).size > 0) return false;
  return true;
}
