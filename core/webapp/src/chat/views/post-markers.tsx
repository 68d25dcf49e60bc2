// Above a post's text, as Mattermost's pre-header: "Saved" when I saved it and "Pinned" when it is
// pinned to the channel.
import type { Post } from '@mattermost/types/posts';
import { useChat } from '../chat-store.ts';
import { isSaved } from './saved-posts.ts';

export function PostMarkers({ post }: { post: Post }) {
  const saved = useChat((s) => isSaved(s, post.id));
  if (!saved && !post.is_pinned) return null;
  return (
    <p className="post-markers">
      {saved && <span className="post-marker saved-marker">
          <span aria-hidden="true">🔖</span> Saved
        </span>}
      {post.is_pinned && <span className="post-marker pinned-marker">
          <span aria-hidden="true">📌</span> Pinned
        </span>}
    </p>
  );
}
