// Mattermost's Reaction JSON, both ways.
import type { Reaction } from '../store/entities/reaction.ts';
import type { ReactionInput } from '../app/reaction-service.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's Reaction JSON. */
export function toWireReaction(reaction: Reaction): Record<string, unknown> {
  return { user_id: reaction.userId, post_id: reaction.postId, emoji_name: reaction.emojiName, create_at: reaction.createAt };
}

/** The Reaction a client sends (POST /reactions); the service checks the emoji name and who may react. */
export function decodeReaction(body: unknown, refuse: Refusal = paramRefusal): ReactionInput {
  const fields = JsonFields.of(body, 'reaction', refuse);
  return { userId: fields.string('user_id', { max: 26 }), postId: fields.id('post_id'), emojiName: fields.string('emoji_name', { max: 64 }) };
}
