// Reactions live on their posts (`metadata.reactions`, as the server sends them): a reaction_added or
// reaction_removed event, or my own click's answer, replaces that list on the post in the store.
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { ChatStore } from '../chat-store.ts';

export function reactionsOf(post: Post): Reaction[] {
  return post.metadata?.reactions ?? [];
}

/** Adds `reaction` to its post, or takes it away; a post not loaded here is left alone. */
export function applyReaction(store: ChatStore, reaction: Reaction, added: boolean): void {
  store.update((s) => {
    const post = s.posts[reaction.post_id];
    if (!post) return {};
    const same = (r: Reaction) => r.user_id === reaction.user_id && r.emoji_name === reaction.emoji_name;
    const others = reactionsOf(post).filter((r) => !same(r));
    // The socket echoes my own reaction after the REST answer already added it: order by time, once.
    const reactions = added ? [...others, reaction].sort((a, b) => a.create_at - b.create_at) : others;
    return { posts: { ...s.posts, [post.id]: { ...post, metadata: { ...post.metadata, reactions } } } };
  });
}
