// The "Save" / "Remove from Saved" item of a post's "Message actions" menu.
import type { Post } from '@mattermost/types/posts';
import { useChat, useChatStore } from '../chat-store.ts';
import { isSaved, setSaved } from './saved-posts.ts';

export function SaveMenuItem({ post, act }: { post: Post; act: (work: () => Promise<unknown>) => () => void }) {
  const store = useChatStore();
  const saved = useChat((s) => isSaved(s, post.id));
  return (
    <button type="button" role="menuitem" onClick={act(() => setSaved(store, post.id, !saved))}>
      {saved ? 'Remove from Saved' : 'Save'}
    </button>
  );
}
