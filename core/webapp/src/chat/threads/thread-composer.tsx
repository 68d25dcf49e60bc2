// The reply box of an open thread: Enter sends the reply (with the thread's root_id), Shift+Enter
// starts a new line; a refused reply comes back into the box with the reason.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { client, errorText } from '../../client.ts';
import { useChatStore } from '../chat-store.ts';
import { keptInThread } from './thread-store.ts';

export function ThreadComposer({ channelId, rootId }: { channelId: string; rootId: string }) {
  const store = useChatStore();
  const fieldId = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');

  const send = async () => {
    const message = text.trim();
    if (message === '') return;
    setProblem('');
    setText('');
    try {
      const reply = await client.createPost({ channel_id: channelId, root_id: rootId, message });
      if (!keptInThread(store, reply)) store.addPosts(channelId, [reply]);
    } catch (err) {
      setText(message);
      setProblem(errorText(err));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  return (
    <form className="composer thread-composer" onSubmit={submit}>
      <label htmlFor={fieldId} className="visually-hidden">
        Reply to the thread
      </label>
      <textarea id={fieldId} rows={2} autoFocus value={text} placeholder="Reply…" aria-describedby={`${fieldId}-help`} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      <button type="submit">Reply</button>
      <p id={`${fieldId}-help`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line.
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
    </form>
  );
}
