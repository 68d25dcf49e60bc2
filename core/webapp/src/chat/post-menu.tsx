// A post's "Message actions" menu: add a reaction, save it, mark it unread, copy its permalink, pin or unpin it,
// delete my own (after a confirmation), and the running plugins' post menu actions. A menu button: arrows move between
// items, Escape closes it and gives the focus back to the button.
import { useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import { client, errorText } from '../client.ts';
import { PostMenuActions } from '../plugin-surfaces/post-menu-actions.tsx';
import { useChat, useChatStore } from './chat-store.ts';
import { useMessageContext } from './message-context.tsx';
import { ReplyMenuItem } from './threads/reply-menu-item.tsx';
import { onMenuKey } from './menu-keys.ts';
import { useMenuButton } from './use-menu-button.ts';
import { openEmojiPicker } from './reactions/picker-request.ts';
import { SaveMenuItem } from './views/save-menu-item.tsx';
import { markAsUnread } from './views/mark-unread.ts';

export function PostMenu({ post, teamId }: { post: Post; teamId: string }) {
  const store = useChatStore();
  const me = useChat((s) => s.me.id);
  const { teamName } = useMessageContext();
  const { open, setOpen, close, menuId, button, menu } = useMenuButton();
  const [problem, setProblem] = useState('');
  const act = (work: () => Promise<unknown>) => async () => {
    setProblem('');
    try {
      await work();
      close();
    } catch (err) {
      setProblem(errorText(err));
    }
  };
  const permalink = `${window.location.origin}/${teamName}/pl/${post.id}`;
  return (
    <div className="post-menu">
      <button ref={button} type="button" className="quiet post-menu-button" aria-label="Message actions" aria-haspopup="menu" aria-expanded={open} aria-controls={open ? menuId : undefined} onClick={() => setOpen(!open)}>
        ⋯
      </button>
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-label="Message actions" className="post-menu-items" onKeyDown={(event) => onMenuKey(event, close)}>
          <ReplyMenuItem post={post} onDone={() => setOpen(false)} />
          <button type="button" role="menuitem" onClick={act(async () => openEmojiPicker(post.id))}>
            Add reaction
          </button>
          <SaveMenuItem post={post} act={act} />
          <button type="button" role="menuitem" onClick={act(() => markAsUnread(store, post))}>
            Mark as Unread
          </button>
          <button type="button" role="menuitem" onClick={act(() => navigator.clipboard.writeText(permalink))}>
            Copy link
          </button>
          <button type="button" role="menuitem" onClick={act(() => (post.is_pinned ? client.unpinPost(post.id) : client.pinPost(post.id)))}>
            {post.is_pinned ? 'Unpin from channel' : 'Pin to channel'}
          </button>
          {post.user_id === me && (
            <button type="button" role="menuitem" className="danger" onClick={act(async () => window.confirm('Delete this message? It cannot be brought back.') && client.deletePost(post.id))}>
              Delete
            </button>
          )}
          <PostMenuActions place={{ teamId, channelId: post.channel_id, postId: post.id }} onDone={close} />
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
