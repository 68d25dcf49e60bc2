// POST /posts/ephemeral on the wire: Mattermost's PostEphemeral, `{user_id, post}`: whom to show the
// post to, and the post (its channel, thread, message and props; the sender is the caller).
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

export interface EphemeralPostInput {
  recipientId: string;
  channelId: string;
  rootId: string;
  message: string;
  props: Record<string, unknown>;
}

export function decodeEphemeralPost(body: unknown, refuse: Refusal = paramRefusal): EphemeralPostInput {
  const fields = JsonFields.of(body, 'body', refuse);
  const recipientId = fields.id('user_id');
  if (!fields.has('post')) throw refuse('post', 'is required: the post to show');
  const post = JsonFields.of(fields.object('post'), 'post', (field, why) => refuse(`post.${field}`, why));
  return {
    recipientId,
    // The recipient's clients file the post under its channel: without one it would show nowhere.
    channelId: post.id('channel_id'),
    rootId: post.optionalId('root_id'),
    message: post.string('message'),
    props: post.object('props'),
  };
}
