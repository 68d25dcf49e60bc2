// The dialogs of sidebar categories, worded as Mattermost's: naming a category (a new one, or a
// rename) and confirming a category's deletion.
import { useState, type FormEvent } from 'react';
import { errorText } from '../client.ts';
import { ModalDialog } from '../modal-dialog.tsx';

/** Mattermost's limit on a category's name. */
const MAX_CATEGORY_NAME = 64;

export function CategoryNameDialog({ title, action, initial = '', onSubmit, onClose }: { title: string; action: string; initial?: string; onSubmit: (name: string) => Promise<void>; onClose: () => void }) {
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem('');
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (err) {
      setProblem(errorText(err));
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={title} onClose={onClose}>
      <form className="stacked-form" onSubmit={submit}>
        <label htmlFor="category-name">Category name</label>
        <input id="category-name" required autoFocus maxLength={MAX_CATEGORY_NAME} placeholder="Name your category" value={name} onChange={(e) => setName(e.target.value)} />
        {problem && <p role="alert" className="error">{problem}</p>}
        <button type="submit" disabled={busy || name.trim() === ''}>
          {action}
        </button>
      </form>
    </ModalDialog>
  );
}

export function DeleteCategoryDialog({ name, onDelete, onClose }: { name: string; onDelete: () => Promise<void>; onClose: () => void }) {
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await onDelete();
      onClose();
    } catch (err) {
      setProblem(errorText(err));
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={`Delete ${name}`} onClose={onClose}>
      <p>
        Channels in <strong>{name}</strong> will move back to the Channels and Direct Messages categories. You're not removed from any channels.
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
      <div className="dialog-buttons">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </ModalDialog>
  );
}
