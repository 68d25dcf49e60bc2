// Which events the legacy channel-bound webhook (`/webhook?team=&channel=`) posts, by Mattermost's
// rules: issues created, resolved, reopened, assigned and deleted unresolved always; more when the
// URL carries a non-empty `updated_*` parameter (`&updated_status=1`, `&updated_all=1`).
import * as E from './event-types.ts';

const DEFAULT_EVENTS = [E.EVENT_CREATED, E.EVENT_UPDATED_REOPENED, E.EVENT_UPDATED_RESOLVED, E.EVENT_DELETED_UNRESOLVED, E.EVENT_UPDATED_ASSIGNEE];

const ALL_EVENTS = [
  E.EVENT_CREATED, E.EVENT_CREATED_COMMENT, E.EVENT_DELETED, E.EVENT_DELETED_UNRESOLVED, E.EVENT_DELETED_COMMENT, E.EVENT_UPDATED_ANY,
  E.EVENT_UPDATED_ASSIGNEE, E.EVENT_UPDATED_ATTACHMENT, E.EVENT_UPDATED_COMMENT, E.EVENT_UPDATED_DESCRIPTION, E.EVENT_UPDATED_LABELS,
  E.EVENT_UPDATED_PRIORITY, E.EVENT_UPDATED_RANK, E.EVENT_UPDATED_REOPENED, E.EVENT_UPDATED_RESOLVED, E.EVENT_UPDATED_SPRINT,
  E.EVENT_UPDATED_STATUS, E.EVENT_UPDATED_SUMMARY, E.EVENT_UPDATED_ISSUE_TYPE, E.EVENT_UPDATED_FIX_VERSION,
];

/** The query parameters and the events each adds (`updated_prioity` is Mattermost's misspelling, kept for old URLs). */
export const LEGACY_EVENT_PARAMS: Readonly<Record<string, readonly string[]>> = {
  updated_attachment: [E.EVENT_UPDATED_ATTACHMENT],
  updated_description: [E.EVENT_UPDATED_DESCRIPTION],
  updated_labels: [E.EVENT_UPDATED_LABELS],
  updated_prioity: [E.EVENT_UPDATED_PRIORITY],
  updated_priority: [E.EVENT_UPDATED_PRIORITY],
  updated_rank: [E.EVENT_UPDATED_RANK],
  updated_sprint: [E.EVENT_UPDATED_SPRINT],
  updated_status: [E.EVENT_UPDATED_STATUS],
  updated_summary: [E.EVENT_UPDATED_SUMMARY],
  updated_comments: E.COMMENT_EVENTS,
  updated_all: ALL_EVENTS,
};

export function legacyEventsWanted(query: Record<string, string>): Set<string> {
  const wanted = new Set(DEFAULT_EVENTS);
  for (const [param, events] of Object.entries(LEGACY_EVENT_PARAMS)) if (query[param]) for (const event of events) wanted.add(event);
  return wanted;
}
