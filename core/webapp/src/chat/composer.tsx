// Writing in a channel: Enter sends (a "/command" runs as a slash command), Shift+Enter starts a new
// line, ↑ in an empty box edits my last post (Enter saves, Escape gives up), and typing tells the
// others over the socket. Files attached (button, paste, or dropped on the channel) go with the post.
// @, ~, : and / open suggestions (composer-autocomplete.tsx); what is typed is the channel's draft
// (channel-drafts.ts).
import { useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import type { Post } from '@mattermost/types/posts';
import { client, errorText } from '../client.ts';
import { useChatStore } from './chat-store.ts';
import { useChatSocket } from './chat-socket-context.ts';
import { isSystemPost } from './post-item.tsx';
import { isSlashCommand, runSlashCommand } from './slash-command.ts';
import { useSurfaceHost } from '../plugin-surfaces/surface-action.ts';
import { useUploads } from './files/use-uploads.ts';
import { useFileDrop } from './files/use-file-drop.ts';
import { AttachFilesButton, UploadTray } from './files/upload-tray.tsx';
import { useComposerAutocomplete } from './composer-autocomplete.tsx';
import { draftText, useChannelDraft } from './channel-drafts.ts';

/** The server accepts one typing notice a second per connection; one every two seconds is plenty. */
const TYPING_NOTICE_EVERY_MS = 2_000;

export function Composer({ channelId, teamId, label }: { channelId: string; teamId: string; label: string }) {
  const store = useChatStore();
  const socket = useChatSocket();
  const surfaces = useSurfaceHost();
  const [text, setText] = useState(() => draftText(store, channelId));
  const [editing, setEditing] = useState<Post | null>(null);
  const [problem, setProblem] = useState('');
  const [lastTypingNotice, setLastTypingNotice] = useState(0);
  const uploads = useUploads(channelId);
  const form = useRef<HTMLFormElement>(null);
  useFileDrop(form, uploads.add);
  const autocomplete = useComposerAutocomplete(text, setText, { teamId, channelId });
  // An edit of a posted message is no draft: the channel's draft waits until the edit is over.
  useChannelDraft(teamId, channelId, editing ? null : text, setText);

  const send = async () => {
    const message = text.trim();
    const fileIds = editing ? [] : uploads.fileIds;
    if (message === '' && fileIds.length === 0) return;
    if (!editing && uploads.uploading) return setProblem('Wait for the files to finish uploading.');
    setProblem('');
    // The box empties at once, as in Mattermost; a refused message comes back into it.
    const wasEditing = editing;
    setText('');
    setEditing(null);
    try {
      if (wasEditing) store.addPosts(channelId, [await client.patchPost({ id: wasEditing.id, message })]);
      else if (isSlashCommand(message)) await runSlashCommand(message, { teamId, channelId }, surfaces);
      else {
        store.addPosts(channelId, [await client.createPost({ channel_id: channelId, message, file_ids: fileIds })]);
        uploads.clear();
      }
    } catch (err) {
      setText(message);
      setEditing(wasEditing);
      setProblem(errorText(err));
    }
  };

  const lastOwnPost = (): Post | undefined => {
    const state = store.state;
    const order = state.postsInChannel[channelId]?.order ?? [];
    for (let i = order.length - 1; i >= 0; i--) {
      const post = state.posts[order[i]];
      if (post && post.user_id === state.me.id && !isSystemPost(post)) return post;
    }
    return undefined;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (autocomplete.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'ArrowUp' && text === '' && !editing) {
      const post = lastOwnPost();
      if (!post) return;
      event.preventDefault();
      setEditing(post);
      setText(post.message);
    } else if (event.key === 'Escape' && editing) {
      event.preventDefault();
      setEditing(null);
      setText('');
    }
  };

  const onChange = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value !== '' && !editing && now - lastTypingNotice > TYPING_NOTICE_EVERY_MS) {
      setLastTypingNotice(now);
      socket.userTyping(channelId, '');
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    if (event.clipboardData.files.length === 0 || editing) return;
    event.preventDefault();
    uploads.add(Array.from(event.clipboardData.files));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  const fieldLabel = editing ? 'Edit your message' : `Write to ${label}`;
  return (
    <form ref={form} className={`composer${editing ? ' editing' : ''}`} onSubmit={submit}>
      <UploadTray uploads={uploads} />
      <label htmlFor="composer-text" className="visually-hidden">
        {fieldLabel}
      </label>
      <textarea
        id="composer-text"
        rows={2}
        // Opening a channel puts the cursor in its message box, as in Mattermost.
        autoFocus
        value={text}
        placeholder={editing ? 'Edit your message (Enter saves, Escape cancels)' : `Write to ${label}`}
        aria-describedby="composer-help"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        {...autocomplete.inputProps}
      />
      {autocomplete.listbox}
      {!editing && <AttachFilesButton onFiles={uploads.add} />}
      <button type="submit">{editing ? 'Save' : 'Send'}</button>
      <p id="composer-help" className="visually-hidden">
        Enter sends, Shift+Enter starts a new line, the up arrow in an empty box edits your last message. @ suggests people, ~ channels, : emoji and / at the start commands; the arrows move, Enter or Tab picks, Escape closes.
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
    </form>
  );
}
