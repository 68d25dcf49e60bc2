// Mattermost's ScheduledPost JSON, both ways: a draft with its id, time and outcome.
import type { ScheduledPost as WireScheduledPost } from '@mattermost/types/schedule_post';
import type { ScheduledPostInput } from '../app/scheduled-posts.ts';
import type { ScheduledPostView } from '../app/scheduled-post-view.ts';
import { decodeDraft, toWireDraft } from './draft.ts';
import { decodePriority, toWirePriority } from './post-priority.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** 9999-12-31T23:59:59.999Z: the latest scheduled_at that is a time in ms. */
const LATEST_MS = 253_402_300_799_999;

export function toWireScheduledPost({ scheduled, files }: ScheduledPostView): WireScheduledPost {
  return {
    ...toWireDraft({ draft: scheduled, files }),
    id: scheduled.id,
    scheduled_at: scheduled.scheduledAt,
    processed_at: scheduled.processedAt,
    ...(scheduled.errorCode ? { error_code: scheduled.errorCode as WireScheduledPost['error_code'] } : {}),
  } as WireScheduledPost;
}

/** POST /posts/schedule and PUT /posts/schedule/{id}: the author is the caller, whatever `user_id` says. */
export function decodeScheduledPost(body: unknown, refuse: Refusal = paramRefusal): ScheduledPostInput {
  const draft = decodeDraft(body, refuse);
  const fields = JsonFields.of(body, 'scheduled_post', refuse);
  if (!fields.has('scheduled_at')) throw refuse('scheduled_at', 'is required: the time to post at, in Unix ms');
  // Checked now, kept in Mattermost's shape: an empty object is no priority (as ScheduledPost.ToPost has it).
  const priority = draft.priority && Object.keys(draft.priority).length > 0 ? decodePriority(draft.priority, 'priority', refuse) : null;
  return {
    ...draft,
    priority: priority && toWirePriority(priority),
    id: fields.optionalId('id'),
    scheduledAt: fields.integer('scheduled_at', { min: 1, max: LATEST_MS }, 0),
  };
}
