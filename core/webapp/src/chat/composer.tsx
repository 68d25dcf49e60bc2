// Writing in a channel, or (with `rootId`) replying in one of its threads — the right-hand panel's
// or the Threads page's — with the same box, as in Mattermost: Enter sends (a "/command" runs as a
// slash command, in the thread when replying), Shift+Enter starts a new line, ↑ in an empty box edits
// my last post there (Enter saves, Escape gives up), and typing tells the others over the socket.
// Files attached (button, paste, or dropped on the channel or thread) go with the post. @, ~, : and /
// open suggestions (composer-autocomplete.tsx); what is typed is the channel's or thread's draft
// (channel-drafts.ts). A new message in the channel may carry a priority (priority/priority-picker.tsx).
import { useId, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
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
import { keptInThread, repliesOf } from './threads/thread-store.ts';
import { ScheduleDialog } from './scheduled/schedule-dialog.tsx';
import { userTimeZone } from './scheduled/zoned-time.ts';
import { PriorityPicker, priorityMetadata, STANDARD, type ComposerPriority } from './priority/priority-picker.tsx';

/** The server accepts one typing notice a second per connection; one every two seconds is plenty. */
const TYPING_NOTICE_EVERY_MS = 2_000;

/**
 * `label` names the channel; with `rootId` the box replies in that thread of the channel. With
 * `schedulingEnabled`, "Schedule" beside Send sends the message later instead; with
 * `priorityEnabled` (never for replies: only a thread's root has a priority), a new message may be
 * sent important or urgent, asking for acknowledgements.
 */
export function Composer({ channelId, teamId, label, rootId = '', schedulingEnabled = false, priorityEnabled = false }: { channelId: string; teamId: string; label: string; rootId?: string; schedulingEnabled?: boolean; priorityEnabled?: boolean }) {
  const store = useChatStore();
  const socket = useChatSocket();
  const surfaces = useSurfaceHost();
  const replyFieldId = useId();
  const [text, setText] = useState(() => draftText(store, channelId, rootId));
  const [editing, setEditing] = useState<Post | null>(null);
  const [problem, setProblem] = useState('');
  const [lastTypingNotice, setLastTypingNotice] = useState(0);
  const [scheduling, setScheduling] = useState(false);
  const [priority, setPriority] = useState<ComposerPriority>(STANDARD);
  const withPriority = priorityEnabled && rootId === '';
  const uploads = useUploads(channelId, rootId);
  const form = useRef<HTMLFormElement>(null);
  useFileDrop(form, uploads.add);
  const where = { teamId, channelId, rootId };
  const autocomplete = useComposerAutocomplete(text, setText, where);
  // An edit of a posted message is no draft: the draft waits until the edit is over.
  useChannelDraft(where, editing ? null : text, setText);

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
      if (wasEditing) putPost(await client.patchPost({ id: wasEditing.id, message }));
      else if (isSlashCommand(message)) await runSlashCommand(message, where, surfaces);
      else {
        const chosen = withPriority ? priorityMetadata(priority) : {};
        putPost(await client.createPost({ channel_id: channelId, root_id: rootId, message, file_ids: fileIds, ...chosen }));
        uploads.clear();
        setPriority(STANDARD);
      }
    } catch (err) {
      setText(message);
      setEditing(wasEditing);
      setProblem(errorText(err));
    }
  };

  /** The box's message and files go at `scheduledAt` (POST /posts/schedule); the box empties once the server has them. */
  const schedule = async (scheduledAt: number) => {
    await client.createScheduledPost({ channel_id: channelId, root_id: rootId, message: text.trim(), file_ids: uploads.fileIds, scheduled_at: scheduledAt }, '');
    setText('');
    uploads.clear();
  };
  const openSchedule = () => {
    if (text.trim() === '' && uploads.fileIds.length === 0) return setProblem('Write a message to schedule first.');
    if (uploads.uploading) return setProblem('Wait for the files to finish uploading.');
    if (isSlashCommand(text.trim())) return setProblem('A slash command cannot be scheduled.');
    setProblem('');
    setScheduling(true);
  };

  // A reply stays out of the channel's list while collapsed threads keep it in its thread.
  const putPost = (post: Post) => {
    if (!keptInThread(store, post)) store.addPosts(channelId, [post]);
  };

  // The posts ↑ looks through, oldest first: the channel's, or the thread's root and replies.
  const postsHere = (): Post[] => {
    const state = store.state;
    if (!rootId) return (state.postsInChannel[channelId]?.order ?? []).map((id) => state.posts[id]).filter((post) => post !== undefined);
    const root = state.posts[rootId];
    return [...(root ? [root] : []), ...repliesOf(state.posts, rootId)];
  };

  const lastOwnPost = (): Post | undefined => {
    const me = store.state.me.id;
    return postsHere().findLast((post) => post.user_id === me && !isSystemPost(post));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (autocomplete.onKeyDown(event)) {
      // Escape closed the suggestions, not the right-hand panel around a thread's box.
      if (event.key === 'Escape') event.stopPropagation();
      return;
    }
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
      event.stopPropagation();
      setEditing(null);
      setText('');
    }
  };

  const onChange = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value !== '' && !editing && now - lastTypingNotice > TYPING_NOTICE_EVERY_MS) {
      setLastTypingNotice(now);
      socket.userTyping(channelId, rootId);
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

  const fieldLabel = editing ? 'Edit your message' : rootId ? 'Reply to the thread' : `Write to ${label}`;
  // The channel's box is the skip link's target (#composer-text); a thread's box is one more on the screen.
  const fieldId = rootId ? `${replyFieldId}-text` : 'composer-text';
  // The dialog stays outside the form: its own form's submit would bubble into the composer's and send at once.
  return (
    <>
      <form ref={form} className={`composer${rootId ? ' thread-composer' : ''}${editing ? ' editing' : ''}`} onSubmit={submit}>
        <UploadTray uploads={uploads} />
        <label htmlFor={fieldId} className="visually-hidden">
          {fieldLabel}
        </label>
        <textarea
          id={fieldId}
          rows={2}
          // Opening a channel or a thread puts the cursor in its message box, as in Mattermost.
          autoFocus
          value={text}
          placeholder={editing ? 'Edit your message (Enter saves, Escape cancels)' : rootId ? 'Reply…' : `Write to ${label}`}
          aria-describedby={`${fieldId}-help`}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          {...autocomplete.inputProps}
        />
        {autocomplete.listbox}
        {!editing && <AttachFilesButton onFiles={uploads.add} />}
        {!editing && withPriority && <PriorityPicker value={priority} onChange={setPriority} />}
        <button type="submit">{editing ? 'Save' : rootId ? 'Reply' : 'Send'}</button>
        {schedulingEnabled && !editing && (
          <button type="button" className="secondary" onClick={openSchedule}>
            Schedule
          </button>
        )}
        <p id={`${fieldId}-help`} className="visually-hidden">
          Enter sends, Shift+Enter starts a new line, the up arrow in an empty box edits your last message. @ suggests people, ~ channels, : emoji and / at the start commands; the arrows move, Enter or Tab picks, Escape closes.
        </p>
        {problem && <p role="alert" className="error">{problem}</p>}
      </form>
      {scheduling && <ScheduleDialog title="Schedule message" timeZone={userTimeZone(store.state.me)} submitLabel="Schedule" onSubmit={schedule} onClose={() => setScheduling(false)} />}
    </>
  );
}
