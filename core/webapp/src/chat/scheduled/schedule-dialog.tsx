// Picking when a message goes (and, for one already scheduled, changing its text): a date and time in
// the user's time zone, which the dialog names.
import { useState, type FormEvent } from 'react';
import { errorText } from '../../client.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { DialogFormEnd } from '../../dialog-form-end.tsx';
import { epochOfLocalInput, localInputOf } from './zoned-time.ts';

/** The default choice for a new one: the next full hour, an hour from now at least. */
function nextHour(now: number): number {
  const hour = 3_600_000;
  return Math.ceil((now + hour) / hour) * hour;
}

export interface ScheduleDialogProps {
  title: string;
  timeZone: string;
  /** When it goes now (an edit), else the next hour. */
  initialAt?: number;
  /** The text to edit; absent when the composer's text is what goes. */
  initialMessage?: string;
  submitLabel: string;
  onSubmit: (scheduledAt: number, message?: string) => Promise<unknown>;
  onClose: () => void;
}

export function ScheduleDialog({ title, timeZone, initialAt, initialMessage, submitLabel, onSubmit, onClose }: ScheduleDialogProps) {
  const [when, setWhen] = useState(() => localInputOf(initialAt ?? nextHour(Date.now()), timeZone));
  const [message, setMessage] = useState(initialMessage);
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = epochOfLocalInput(when, timeZone);
    if (Number.isNaN(at)) return setProblem('Pick a date and a time.');
    if (at <= Date.now()) return setProblem('Pick a time in the future.');
    if (message !== undefined && message.trim() === '') return setProblem('The message is empty.');
    setSaving(true);
    setProblem('');
    try {
      await onSubmit(at, message?.trim());
      onClose();
    } catch (err) {
      setProblem(errorText(err));
      setSaving(false);
    }
  };

  return (
    <ModalDialog title={title} onClose={onClose}>
      <form className="stacked-form" onSubmit={(event) => void submit(event)}>
        {message !== undefined && (
          <>
            <label htmlFor="schedule-message">Message</label>
            <textarea id="schedule-message" rows={3} value={message} onChange={(event) => setMessage(event.target.value)} />
          </>
        )}
        <label htmlFor="schedule-when">Date and time ({timeZone})</label>
        <input id="schedule-when" type="datetime-local" required autoFocus={message === undefined} value={when} onChange={(event) => setWhen(event.target.value)} />
        <DialogFormEnd problem={problem} saving={saving} submitLabel={submitLabel} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
