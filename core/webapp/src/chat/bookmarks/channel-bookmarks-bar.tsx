// The channel's bookmarks under its header, as Mattermost's bookmarks bar: links and files with their
// emoji or icon, in the channel's order. With the rights, "+ Add a bookmark", and on each bookmark a
// menu to edit, move left or right (the keyboard's way to reorder), or delete it. The list is read
// again after each channel_bookmark_* event of the channel, so every member's bar follows live. The
// bar is not there at all for a channel without bookmarks whose bookmarks I cannot add to.
import { useState } from 'react';
import type { ServerChannel } from '@mattermost/types/channels';
import type { ChannelBookmark } from '@mattermost/types/channel_bookmarks';
import { client, errorText } from '../../client.ts';
import { useChat } from '../chat-store.ts';
import { useViewRefresh } from '../views/use-view-refresh.ts';
import { eventChannelId } from '../views/view-events.ts';
import { useChannelPermissions } from '../views/channel-permissions.ts';
import { onMenuKey } from '../menu-keys.ts';
import { useMenuButton } from '../use-menu-button.ts';
import { emojiCharacter } from '../../message/emoji-names.ts';
import { safeImageSrc, safeLink } from '../../message/safe-url.ts';
import { fileIcon, fileUrl } from '../files/file-kinds.ts';
import { bookmarkRights, type BookmarkRights } from './bookmark-rights.ts';
import { BookmarkDialog } from './bookmark-dialog.tsx';
import './bookmarks.css';

type Editing = { bookmark?: ChannelBookmark } | null;

export function ChannelBookmarksBar({ channel }: { channel: ServerChannel }) {
  const bookmarks = useViewRefresh<ChannelBookmark[]>(
    channel.id,
    () => client.getChannelBookmarks(channel.id),
    (live) => live.event.startsWith('channel_bookmark_') && eventChannelId(live) === channel.id,
  );
  const permissions = useChannelPermissions(channel);
  const isGuest = useChat((s) => s.me.roles.split(' ').includes('system_guest'));
  const rights = bookmarkRights(channel, permissions, isGuest);
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState('');
  const list = bookmarks.data ?? [];

  if (list.length === 0 && !rights.add) return null;
  const act = (work: () => Promise<unknown>) => {
    setProblem('');
    work().then(bookmarks.reload, (err: unknown) => setProblem(errorText(err)));
  };
  return (
    <nav className="bookmarks-bar" aria-label="Channel bookmarks">
      <ul className="bookmark-list">
        {list.map((bookmark, index) => (
          <li key={bookmark.id} className="bookmark">
            <BookmarkLink bookmark={bookmark} />
            {(rights.edit || rights.remove || rights.order) && (
              <BookmarkMenu
                bookmark={bookmark}
                rights={rights}
                first={index === 0}
                last={index === list.length - 1}
                onEdit={() => setEditing({ bookmark })}
                onMove={(to) => act(() => client.updateChannelBookmarkSortOrder(channel.id, bookmark.id, to, ''))}
                onDelete={() => window.confirm(`Delete the bookmark "${bookmark.display_name}"?`) && act(() => client.deleteChannelBookmark(channel.id, bookmark.id, ''))}
                position={index}
              />
            )}
          </li>
        ))}
      </ul>
      {rights.add && (
        <button type="button" className="quiet add-bookmark" onClick={() => setEditing({})}>
          + Add a bookmark
        </button>
      )}
      {(problem || bookmarks.problem) && (
        <p role="alert" className="error">
          {problem || bookmarks.problem}
        </p>
      )}
      {editing && (
        <BookmarkDialog
          channelId={channel.id}
          bookmark={editing.bookmark}
          onClose={() => {
            setEditing(null);
            bookmarks.reload();
          }}
        />
      )}
    </nav>
  );
}

/** The bookmark itself: a link opening in a new tab, or the file (its preview or download). */
function BookmarkLink({ bookmark }: { bookmark: ChannelBookmark }) {
  const href = bookmark.type === 'file' ? (bookmark.file ? fileUrl(bookmark.file) : undefined) : safeLink(bookmark.link_url)?.href;
  const emoji = bookmark.emoji ? emojiCharacter(bookmark.emoji) : undefined;
  const image = safeImageSrc(bookmark.image_url);
  const icon = emoji ?? (bookmark.type === 'file' && bookmark.file ? fileIcon(bookmark.file) : image ? undefined : '🔗');
  const content = (
    <>
      {icon && <span aria-hidden="true" className="bookmark-icon">{icon}</span>}
      {!icon && image && <img src={image} alt="" className="bookmark-icon" />}
      {bookmark.display_name}
    </>
  );
  if (!href) return <span className="bookmark-link">{content}</span>;
  return (
    <a className="bookmark-link" href={href} target="_blank" rel="noopener noreferrer">
      {content}
    </a>
  );
}

interface BookmarkMenuProps {
  bookmark: ChannelBookmark;
  rights: BookmarkRights;
  position: number;
  first: boolean;
  last: boolean;
  onEdit: () => void;
  onMove: (to: number) => void;
  onDelete: () => void;
}

/** A bookmark's options, a menu button as the post menu: arrows move, Escape closes and refocuses the button. */
function BookmarkMenu({ bookmark, rights, position, first, last, onEdit, onMove, onDelete }: BookmarkMenuProps) {
  const { open, setOpen, close, menuId, button, menu } = useMenuButton();
  const pick = (work: () => void) => () => {
    close();
    work();
  };
  return (
    <div className="bookmark-menu">
      <button ref={button} type="button" className="quiet" aria-label={`Bookmark options for ${bookmark.display_name}`} aria-haspopup="menu" aria-expanded={open} aria-controls={open ? menuId : undefined} onClick={() => setOpen(!open)}>
        ⋯
      </button>
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-label={`Options for ${bookmark.display_name}`} className="post-menu-items bookmark-menu-items" onKeyDown={(event) => onMenuKey(event, close)}>
          {rights.edit && (
            <button type="button" role="menuitem" onClick={pick(onEdit)}>
              Edit
            </button>
          )}
          {rights.order && !first && (
            <button type="button" role="menuitem" onClick={pick(() => onMove(position - 1))}>
              Move left
            </button>
          )}
          {rights.order && !last && (
            <button type="button" role="menuitem" onClick={pick(() => onMove(position + 1))}>
              Move right
            </button>
          )}
          {rights.remove && (
            <button type="button" role="menuitem" className="danger" onClick={pick(onDelete)}>
              Delete
            </button>
          )}
        </div>
      )}
    </div>
  );
}
