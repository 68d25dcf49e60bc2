// The "Reply" item of a post's "Message actions" menu: opens the post's thread beside the channel.
import type { Post } from '@mattermost/types/posts';
import { useOpenThread } from './open-thread.ts';

export function ReplyMenuItem({ post, onDone }: { post: Post; onDone: () => void }) {
  const open = useOpenThread();
  return (
    <button
      type="button"
      role="menuitem"
      onClick={() => {
        onDone();
        open(post.root_id || post.id);
      }}
    >
      Reply
    </button>
  );
}
