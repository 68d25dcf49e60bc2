// The subscription event types, by Mattermost's names, so subscriptions migrated from Mattermost's
// Jira plugin keep matching. A change to a custom field is `event_updated_<field id>`
// (`event_updated_customfield_10010`), built by `customFieldEvent`.
export const EVENT_CREATED = 'event_created';
export const EVENT_CREATED_COMMENT = 'event_created_comment';
export const EVENT_DELETED = 'event_deleted';
export const EVENT_DELETED_UNRESOLVED = 'event_deleted_unresolved';
export const EVENT_DELETED_COMMENT = 'event_deleted_comment';
/** In a subscription: any change to an issue (every `event_updated_*`) and any comment event. */
export const EVENT_UPDATED_ANY = 'event_updated_any';
export const EVENT_UPDATED_ASSIGNEE = 'event_updated_assignee';
export const EVENT_UPDATED_ATTACHMENT = 'event_updated_attachment';
export const EVENT_UPDATED_COMMENT = 'event_updated_comment';
export const EVENT_UPDATED_DESCRIPTION = 'event_updated_description';
export const EVENT_UPDATED_LABELS = 'event_updated_labels';
export const EVENT_UPDATED_PRIORITY = 'event_updated_priority';
export const EVENT_UPDATED_RANK = 'event_updated_rank';
export const EVENT_UPDATED_REOPENED = 'event_updated_reopened';
export const EVENT_UPDATED_RESOLVED = 'event_updated_resolved';
export const EVENT_UPDATED_SPRINT = 'event_updated_sprint';
export const EVENT_UPDATED_STATUS = 'event_updated_status';
export const EVENT_UPDATED_SUMMARY = 'event_updated_summary';
export const EVENT_UPDATED_ISSUE_TYPE = 'event_updated_issue_type';
export const EVENT_UPDATED_FIX_VERSION = 'event_updated_fix_version';
export const EVENT_UPDATED_AFFECTS_VERSION = 'event_updated_affects_version';
export const EVENT_UPDATED_REPORTER = 'event_updated_reporter';
export const EVENT_UPDATED_COMPONENTS = 'event_updated_components';

export const COMMENT_EVENTS: readonly string[] = [EVENT_CREATED_COMMENT, EVENT_UPDATED_COMMENT, EVENT_DELETED_COMMENT];

/** What a subscription may name (custom fields besides), with a label for the dialog. */
export const SUBSCRIPTION_EVENTS: ReadonlyArray<{ value: string; text: string }> = [
  { value: EVENT_CREATED, text: 'Issue created' },
  { value: EVENT_UPDATED_ANY, text: 'Any change or comment' },
  { value: EVENT_UPDATED_STATUS, text: 'Status changed' },
  { value: EVENT_UPDATED_ASSIGNEE, text: 'Assignee changed' },
  { value: EVENT_UPDATED_REOPENED, text: 'Issue reopened' },
  { value: EVENT_UPDATED_RESOLVED, text: 'Issue resolved' },
  { value: EVENT_UPDATED_SUMMARY, text: 'Summary changed' },
  { value: EVENT_UPDATED_DESCRIPTION, text: 'Description changed' },
  { value: EVENT_UPDATED_PRIORITY, text: 'Priority changed' },
  { value: EVENT_UPDATED_LABELS, text: 'Labels changed' },
  { value: EVENT_UPDATED_FIX_VERSION, text: 'Fix version changed' },
  { value: EVENT_UPDATED_AFFECTS_VERSION, text: 'Affects version changed' },
  { value: EVENT_UPDATED_COMPONENTS, text: 'Components changed' },
  { value: EVENT_UPDATED_ATTACHMENT, text: 'Attachments changed' },
  { value: EVENT_UPDATED_SPRINT, text: 'Sprint changed' },
  { value: EVENT_UPDATED_RANK, text: 'Rank changed' },
  { value: EVENT_UPDATED_ISSUE_TYPE, text: 'Issue type changed' },
  { value: EVENT_UPDATED_REPORTER, text: 'Reporter changed' },
  { value: EVENT_CREATED_COMMENT, text: 'Comment created' },
  { value: EVENT_UPDATED_COMMENT, text: 'Comment edited' },
  { value: EVENT_DELETED_COMMENT, text: 'Comment deleted' },
  { value: EVENT_DELETED_UNRESOLVED, text: 'Unresolved issue deleted' },
  { value: EVENT_DELETED, text: 'Issue deleted' },
];

/** The event type of a change to the custom field `fieldId`. */
export function customFieldEvent(fieldId: string): string {
  return `event_updated_${fieldId}`;
}

/** Whether `event` may be named in a subscription: a known one, or a custom field's. */
export function isSubscribableEvent(event: string): boolean {
  return SUBSCRIPTION_EVENTS.some((known) => known.value === event) || /^event_updated_customfield_\d+$/.test(event);
}
