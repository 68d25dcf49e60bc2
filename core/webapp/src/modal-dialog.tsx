// A modal dialog on the browser's own <dialog>: it keeps the focus inside, Escape closes it, and the
// focus returns to where it was when it closes.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ModalDialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const element = dialog.current;
    const before = document.activeElement as HTMLElement | null;
    element?.showModal();
    return () => {
      element?.close();
      before?.focus();
    };
  }, []);
  return (
    <dialog ref={dialog} className="modal" aria-labelledby={headingId} onClose={onClose} onCancel={onClose}>
      <div className="modal-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="quiet" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
