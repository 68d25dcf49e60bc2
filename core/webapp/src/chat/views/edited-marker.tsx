// "(edited)" after a post's text. On a post of mine it is a button that opens the post's edit
// history in the right-hand panel, as in Mattermost (only the author may read the history).
import type { Post } from '@mattermost/types/posts';
import { useChat, useChatStore } from '../chat-store.ts';
import { toggleViewPanel } from './view-panels.ts';

export function EditedMarker({ post, teamId }: { post: Post; teamId: string }) {
  const store = useChatStore();
  const mine = useChat((s) => s.me.id === post.user_id);
  if (!mine) return <span className="post-note">(edited)</span>;
  return (
    <button type="button" className="quiet post-note edited-marker" aria-label="Edited: show the edit history" onClick={() => toggleViewPanel(store, { kind: 'edit-history', postId: post.id, teamId })}>
      (edited)
    </button>
  );
}
