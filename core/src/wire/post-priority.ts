// Message priority and acknowledgements on the wire: `metadata.priority` of a post a client sends
// and of every post it reads, and `metadata.acknowledgements` (Mattermost's PostPriority and
// PostAcknowledgement JSON).
import type { PostPriority } from '../store/post-repository.ts';
import { PRIORITIES } from '../store/post-repository.ts';
import type { PostAcknowledgement } from '../store/post-acknowledgement-repository.ts';
import { JsonFields, type Refusal } from './json-fields.ts';

/** `metadata.priority` of a new post, or null when the post has none; an unknown priority is refused. */
export function decodePostPriority(metadata: Record<string, unknown>, refuse: Refusal): PostPriority | null {
  return decodePriority(metadata.priority, 'metadata.priority', refuse);
}

/**
 * A priority object in Mattermost's shape (`{priority, requested_ack, persistent_notifications}`,
 * missing fields false or ""), or null when absent; `field` names it in refusals. The one check of
 * the shape: a post's `metadata.priority`, and a scheduled post's `priority` when it is saved.
 */
export function decodePriority(value: unknown, field: string, refuse: Refusal): PostPriority | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw refuse(field, 'expected a JSON object');
  const nested: Refusal = (name, why) => refuse(`${field}.${name}`, why);
  const fields = JsonFields.of(value, field, nested);
  const priority = fields.string('priority', { max: 32 });
  if (!isPriority(priority)) throw nested('priority', `must be one of "", "important" or "urgent"`);
  return { priority, requestedAck: fields.boolean('requested_ack'), persistentNotifications: fields.boolean('persistent_notifications') };
}

function isPriority(value: string): value is PostPriority['priority'] {
  return (PRIORITIES as readonly string[]).includes(value);
}

export function toWirePriority(priority: PostPriority): Record<string, unknown> {
  return { priority: priority.priority, requested_ack: priority.requestedAck, persistent_notifications: priority.persistentNotifications };
}

export function toWireAcknowledgement(ack: PostAcknowledgement): Record<string, unknown> {
  return { user_id: ack.userId, post_id: ack.postId, channel_id: ack.channelId, acknowledged_at: ack.acknowledgedAt };
}
