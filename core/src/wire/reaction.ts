// Mattermost's Reaction JSON.
import type { Reaction } from '../store/entities/reaction.ts';

/** Mattermost's Reaction JSON. */
export function toWireReaction(reaction: Reaction): Record<string, unknown> {
  return { user_id: reaction.userId, post_id: reaction.postId, emoji_name: reaction.emojiName, create_at: reaction.createAt };
}
