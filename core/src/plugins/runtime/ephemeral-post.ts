// Ephemeral posts: shown to one user's clients through the `ephemeral_message` event and never
// stored (Mattermost's SendEphemeralPost).
import type { EventBus } from '../../cluster/event-bus.ts';
import { newId } from '../../app/ids.ts';
import { clientPostProps } from '../../wire/client-post-props.ts';

export interface EphemeralFields {
  senderId: string;
  channelId: string;
  rootId: string;
  message: string;
  props: Record<string, unknown>;
}

export function ephemeralPost(fields: EphemeralFields): Record<string, unknown> {
  const now = Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    user_id: fields.senderId,
    channel_id: fields.channelId,
    root_id: fields.rootId,
    original_id: '',
    message: fields.message,
    type: 'system_ephemeral',
    props: clientPostProps(fields.props),
    hashtags: '',
    file_ids: [],
    pending_post_id: '',
    reply_count: 0,
    metadata: {},
  };
}

/** Sends the post to the recipient's clients that can see its channel, as Mattermost does. */
export function publishEphemeral(events: EventBus, recipientId: string, post: Record<string, unknown>): void {
  events.publish({ event: 'ephemeral_message', data: { post: JSON.stringify(post) }, broadcast: { user_id: recipientId, channel_id: post.channel_id as string } });
}
