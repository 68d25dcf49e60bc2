// Mattermost's interactive dialog: a form an integration opens (POST /api/v4/actions/dialogs/open)
// and gets back when the user submits it. Shown as a modal <dialog>: the browser keeps the focus
// inside it and the rest of the page inert, and Escape cancels. Fields are checked here first as
// Mattermost's web app does; the integration's own per-field errors are shown beside their fields.
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import type { Dialog, SubmitDialogResponse } from '@mattermost/types/integrations';
import type { MessageContext } from './message-context.ts';
import { Markdown } from './markdown.tsx';
import { DialogField } from './dialog-field.tsx';
import { fieldErrors, initialValues, submissionOf, type DialogSubmissionValues, type DialogValue, type DialogValues } from './dialog-values.ts';
import { safeImageSrc } from './safe-url.ts';
import { messageOf } from './search-select.tsx';
import './message.css';

export interface InteractiveDialogProps {
  /** The dialog as the integration sent it (OpenDialogRequest.dialog). */
  dialog: Dialog;
  context: MessageContext;
  /**
   * The user submitted valid values. The shell posts them to /api/v4/actions/dialogs/submit and
   * returns the server's answer: `errors` (by field name) and `error` are shown and the dialog stays
   * open; an answer without them means done, and the shell closes the dialog. A rejection is shown
   * like `error`.
   */
  onSubmit(submission: DialogSubmissionValues): Promise<Pick<SubmitDialogResponse, 'error' | 'errors'> | void>;
  /** The user cancelled (button or Escape). Telling the integration (notify_on_cancel) is the shell's job. */
  onCancel(): void;
}

export function InteractiveDialog({ dialog, context, onSubmit, onCancel }: InteractiveDialogProps) {
  const elements = dialog.elements ?? [];
  const titleId = useId();
  const introId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelled = useRef(false);
  const [values, setValues] = useState<DialogValues>(() => initialValues(elements));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const onCancelRef = useRef(onCancel);
  useEffect(() => {
    onCancelRef.current = onCancel;
  });

  // A layout effect, so the listeners are gone before the shell's unmount removes the element.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    if (!element.open) element.showModal();
    const cancel = () => {
      if (cancelled.current) return;
      cancelled.current = true;
      onCancelRef.current();
    };
    // Escape fires `cancel`; the shell decides when the dialog goes away, so it is kept open here.
    // A browser may close it anyway (repeated Escape): `close` then counts as the cancel.
    const onCancelEvent = (event: Event) => {
      event.preventDefault();
      cancel();
    };
    element.addEventListener('cancel', onCancelEvent);
    element.addEventListener('close', cancel);
    return () => {
      element.removeEventListener('cancel', onCancelEvent);
      element.removeEventListener('close', cancel);
    };
  }, []);

  const focusField = (name: string) => {
    ref.current?.querySelector<HTMLElement>(`[data-dialog-field="${CSS.escape(name)}"]`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = fieldErrors(elements, values);
    setErrors(found);
    setProblem('');
    const firstInvalid = elements.find((element) => found[element.name]);
    if (firstInvalid) {
      focusField(firstInvalid.name);
      return;
    }
    setSubmitting(true);
    try {
      const answer = await onSubmit(submissionOf(elements, values));
      const serverErrors = answer?.errors ?? {};
      setErrors(serverErrors);
      setProblem(answer?.error ?? '');
      const serverInvalid = elements.find((element) => serverErrors[element.name]);
      if (serverInvalid) focusField(serverInvalid.name);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setSubmitting(false);
    }
  };

  const icon = safeImageSrc(dialog.icon_url);
  const setValue = (name: string, value: DialogValue) => setValues((current) => ({ ...current, [name]: value }));
  return (
    <dialog ref={ref} className="interactive-dialog" aria-labelledby={titleId} aria-describedby={dialog.introduction_text ? introId : undefined}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <header className="dialog-header">
          {icon && <img src={icon} alt="" className="dialog-icon" referrerPolicy="no-referrer" />}
          <h2 id={titleId}>{dialog.title}</h2>
        </header>
        {dialog.introduction_text && (
          <div id={introId} className="dialog-intro">
            <Markdown text={dialog.introduction_text} context={context} />
          </div>
        )}
        {elements.map((element) => (
          <DialogField key={element.name} element={element} value={values[element.name]} error={errors[element.name]} context={context} disabled={submitting} onChange={(value) => setValue(element.name, value)} />
        ))}
        {problem && <p role="alert" className="error">{problem}</p>}
        {Object.keys(errors).length > 0 && !problem && (
          <p role="alert" className="error">{Object.keys(errors).length === 1 ? 'One field needs attention.' : `${Object.keys(errors).length} fields need attention.`}</p>
        )}
        <footer className="dialog-buttons">
          <button type="button" className="secondary" disabled={submitting} onClick={() => ref.current?.dispatchEvent(new Event('cancel', { cancelable: true }))}>
            Cancel
          </button>
          <button type="submit" disabled={submitting} aria-busy={submitting}>{dialog.submit_label || 'Submit'}</button>
        </footer>
      </form>
    </dialog>
  );
}
