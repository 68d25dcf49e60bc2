// "Add a bookmark" / "Edit bookmark": a link bookmark's URL, title and optional emoji. New ones go
// last (POST /channels/{id}/bookmarks); an edit is a PATCH of what changed.
import { useState, type FormEvent } from 'react';
import type { ChannelBookmark } from '@mattermost/types/channel_bookmarks';
import { client, errorText } from '../../client.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { DialogFormEnd } from '../../dialog-form-end.tsx';
import { emojiCharacter } from '../../message/emoji-names.ts';
import { safeLink } from '../../message/safe-url.ts';

/** Mattermost's limits on a bookmark's title and link. */
const MAX_TITLE = 64;
const MAX_URL = 1024;

export function BookmarkDialog({ channelId, bookmark, onClose }: { channelId: string; bookmark?: ChannelBookmark; onClose: () => void }) {
  const [url, setUrl] = useState(bookmark?.link_url ?? '');
  const [title, setTitle] = useState(bookmark?.display_name ?? '');
  const [emoji, setEmoji] = useState(bookmark?.emoji ?? '');
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);
  const isFile = bookmark?.type === 'file';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const emojiName = emoji.trim().replace(/^:|:$/g, '');
    const link = url.trim();
    if (!isFile && !safeLink(link)) return setProblem('Enter a link starting with http://, https:// or mailto:.');
    if (emojiName && !emojiCharacter(emojiName)) return setProblem(`There is no emoji named :${emojiName}:.`);
    setSaving(true);
    setProblem('');
    try {
      const fields = { display_name: title.trim(), emoji: emojiName };
      if (bookmark) await client.updateChannelBookmark(channelId, bookmark.id, isFile ? fields : { ...fields, link_url: link }, '');
      else await client.createChannelBookmark(channelId, { type: 'link', link_url: link, ...fields }, '');
      onClose();
    } catch (err) {
      setProblem(errorText(err));
      setSaving(false);
    }
  };

  return (
    <ModalDialog title={bookmark ? 'Edit bookmark' : 'Add a bookmark'} onClose={onClose}>
      <form className="stacked-form" onSubmit={(event) => void save(event)}>
        {!isFile && (
          <>
            <label htmlFor="bookmark-url">Link</label>
            <input id="bookmark-url" type="url" required maxLength={MAX_URL} autoFocus value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://" />
          </>
        )}
        <label htmlFor="bookmark-title">Title</label>
        <input id="bookmark-title" required maxLength={MAX_TITLE} autoFocus={isFile} value={title} onChange={(event) => setTitle(event.target.value)} />
        <label htmlFor="bookmark-emoji">Emoji (optional)</label>
        <input id="bookmark-emoji" value={emoji} onChange={(event) => setEmoji(event.target.value)} placeholder=":rocket:" aria-describedby="bookmark-emoji-help" />
        <p id="bookmark-emoji-help" className="help">
          An emoji name shown before the title, such as :rocket:.
        </p>
        <DialogFormEnd problem={problem} saving={saving} submitLabel={bookmark ? 'Save' : 'Add bookmark'} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
