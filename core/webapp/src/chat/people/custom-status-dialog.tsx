// "Set a status", as Mattermost's custom status dialog: an emoji (from the picker), a text of up to
// 100 characters, when to clear it, and my recent statuses and Mattermost's suggestions to pick from
// (a recent one can be forgotten). "Clear Status" removes the one I have.
import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { ModalDialog } from '../../modal-dialog.tsx';
import { useChat } from '../chat-store.ts';
import { useMyChange } from './use-my-change.ts';
import { EmojiGlyph } from '../reactions/emoji-glyph.tsx';
import { CLEAR_AFTER, SUGGESTED, type CustomStatusDuration, type UserCustomStatus, clearCustomStatus, customStatusOf, forgetRecentStatus, recentStatuses, setCustomStatus } from './custom-status.ts';

const EmojiPicker = lazy(() => import('../reactions/emoji-picker.tsx'));

/** Mattermost cuts a custom status's text at this many characters. */
const TEXT_MAX = 100;
const DEFAULT_EMOJI = 'speech_balloon';

export function CustomStatusDialog({ onClose }: { onClose: () => void }) {
  const me = useChat((s) => s.me);
  const preferences = useChat((s) => s.preferences);
  const current = customStatusOf(me);
  const [emoji, setEmoji] = useState(current?.emoji ?? '');
  const [text, setText] = useState(current?.text ?? '');
  const [duration, setDuration] = useState<CustomStatusDuration>(current?.duration ?? 'today');
  const [picking, setPicking] = useState(false);
  const { busy, problem, run: change } = useMyChange();
  const recent = recentStatuses(preferences);
  const suggestions = SUGGESTED.filter((s) => !recent.some((r) => r.text === s.text));

  const run = (action: () => Promise<unknown>, closeAfter: boolean) => change(action, () => closeAfter && onClose());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => setCustomStatus(emoji || DEFAULT_EMOJI, text, duration), true);
  };
  const choose = (status: UserCustomStatus) => {
    setEmoji(status.emoji);
    setText(status.text);
    setDuration(status.duration || '');
  };
  const option = (status: UserCustomStatus, forgettable: boolean) => (
    <li key={`${status.emoji}:${status.text}`}>
      <button type="button" className="quiet picker-main" onClick={() => choose(status)}>
        <EmojiGlyph name={status.emoji} /> {status.text}
        <span className="help"> {CLEAR_AFTER.find((c) => c.duration === (status.duration || ''))?.label ?? ''}</span>
      </button>
      {forgettable && (
        <button type="button" className="quiet" aria-label={`Remove “${status.text}” from recent statuses`} onClick={() => run(() => forgetRecentStatus(status), false)}>
          ×
        </button>
      )}
    </li>
  );

  return (
    <ModalDialog title="Set a status" onClose={onClose}>
      <form className="stacked-form" onSubmit={submit}>
        <div className="custom-status-row">
          <button type="button" className="quiet" aria-label={emoji ? `Emoji: :${emoji}:, choose another` : 'Choose an emoji'} onClick={() => setPicking(true)}>
            <EmojiGlyph name={emoji || DEFAULT_EMOJI} />
          </button>
          <input aria-label="Status" placeholder="Set a status" maxLength={TEXT_MAX} value={text} onChange={(e) => setText(e.target.value)} />
          {(text || emoji) && (
            <button
              type="button"
              className="quiet"
              aria-label="Clear the status text and emoji"
              onClick={() => {
                setText('');
                setEmoji('');
              }}
            >
              ×
            </button>
          )}
        </div>
        <label htmlFor="custom-status-clear-after">Clear after</label>
        <select id="custom-status-clear-after" value={duration} onChange={(e) => setDuration(e.target.value as CustomStatusDuration)}>
          {CLEAR_AFTER.map((choice) => (
            <option key={choice.duration} value={choice.duration}>
              {choice.label}
            </option>
          ))}
        </select>
        <StatusSection id="custom-status-recent" heading="Recent">
          {recent.map((status) => option(status, true))}
        </StatusSection>
        <StatusSection id="custom-status-suggestions" heading="Suggestions">
          {suggestions.map((status) => option(status, false))}
        </StatusSection>
        {problem && <p role="alert" className="error">{problem}</p>}
        <div className="dialog-actions">
          {current && (
            <button type="button" className="quiet" disabled={busy} onClick={() => run(clearCustomStatus, true)}>
              Clear Status
            </button>
          )}
          <button type="submit" disabled={busy || (text.trim() === '' && emoji === '')}>
            Set Status
          </button>
        </div>
      </form>
      {picking && (
        <Suspense fallback={null}>
          <EmojiPicker
            userId={me.id}
            title="Choose an emoji"
            onPick={(name) => {
              setEmoji(name);
              setPicking(false);
            }}
            onClose={() => setPicking(false)}
          />
        </Suspense>
      )}
    </ModalDialog>
  );
}

/** A titled list of statuses to pick from; nothing when it is empty. */
function StatusSection({ id, heading, children }: { id: string; heading: string; children: ReactNode[] }) {
  if (children.length === 0) return null;
  return (
    <>
      <h3 className="section-heading" id={id}>
        {heading}
      </h3>
      <ul className="custom-status-list" aria-labelledby={id}>
        {children}
      </ul>
    </>
  );
}
