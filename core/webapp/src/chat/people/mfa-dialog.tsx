// "Multi-factor authentication", from the user menu: set it up (mfa-setup.tsx) or, when it is on,
// remove it (PUT /users/{id}/mfa {activate: false}). My profile is read again after either.
import { client } from '../../client.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { MfaSetup } from '../../mfa-setup.tsx';
import { useChat, useChatStore } from '../chat-store.ts';
import { reloadMe } from './user-updates.ts';
import { useMyChange } from './use-my-change.ts';

export function MfaDialog({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const me = useChat((s) => s.me);
  const { busy, problem, run } = useMyChange();
  return (
    <ModalDialog title="Multi-factor authentication" onClose={onClose}>
      {me.mfa_active ? (
        <div className="stacked-form">
          <p role="status" className="help">
            Multi-factor authentication is on: signing in takes a code from your authenticator app.
          </p>
          <button type="button" disabled={busy} onClick={() => run(() => client.updateUserMfa(me.id, false, ''), () => undefined)}>
            Remove multi-factor authentication
          </button>
          {problem && <p role="alert" className="error">{problem}</p>}
        </div>
      ) : (
        <MfaSetup userId={me.id} onActivated={() => void reloadMe(store)} />
      )}
    </ModalDialog>
  );
}
