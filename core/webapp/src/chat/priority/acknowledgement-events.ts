// Acknowledgements live on their posts (`metadata.acknowledgements`, as the server sends them): a
// post_acknowledgement_added or _removed event, or my own click's answer, replaces that list on the
// post in the store.
import type { Post, PostAcknowledgement } from '@mattermost/types/posts';
import type { ChatStore } from '../chat-store.ts';

export function acknowledgementsOf(post: Post): PostAcknowledgement[] {
  return post.metadata?.acknowledgements ?? [];
}

/** Adds `ack` to its post (replacing the user's earlier one), or takes the user's away; a post not loaded here is left alone. */
export function applyAcknowledgement(store: ChatStore, ack: PostAcknowledgement, added: boolean): void {
  store.update((s) => {
    const post = s.posts[ack.post_id];
    if (!post) return {};
    const others = acknowledgementsOf(post).filter((a) => a.user_id !== ack.user_id);
    const acknowledgements = added ? [...others, ack].sort((a, b) => a.acknowledged_at - b.acknowledged_at) : others;
    return { posts: { ...s.posts, [post.id]: { ...post, metadata: { ...post.metadata, acknowledgements } } } };
  });
}
