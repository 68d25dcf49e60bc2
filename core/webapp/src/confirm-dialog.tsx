// "Are you sure?" before a console action that cannot simply be taken back (deactivating a user,
// archiving a team): the action's own button confirms, Cancel or Escape closes without acting.
import { ModalDialog } from './modal-dialog.tsx';

export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
  run: () => void;
}

export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation; onClose: () => void }) {
  return (
    <ModalDialog title={confirmation.title} onClose={onClose}>
      <p>{confirmation.message}</p>
      <div className="button-row">
        <button
          type="button"
          className="danger"
          onClick={() => {
            onClose();
            confirmation.run();
          }}
        >
          {confirmation.confirmLabel}
        </button>
        <button type="button" className="quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
